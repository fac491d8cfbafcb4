import { listNames, type Problem } from '@switchyard/core';
import { targetsOf } from '../faults/fault-state.js';
import { expandTimeline } from '../timeline/expand-timeline.js';
import { eventSelectorText } from './event-selector-text.js';
import { readableOffset } from './readable-offset.js';
import type { Scenario } from './scenario-schema.js';
import { sendingEnd } from './sending-end.js';

/** A fault event as the drill plays it: from its start to its duration's end or the restore that lifts it. */
interface PlayedFault {
  readonly index: number;
  /** Position of its start among the timeline's actions: the order in which faults are added. */
  readonly order: number;
  readonly what: string;
  readonly targetIds: ReadonlySet<string>;
  /** Caller jurisdictions it hits; absent: every caller. */
  readonly callers?: ReadonlySet<string>;
  readonly startMs: number;
  endMs: number;
}

/** Whether `earlier` hits every caller `later` hits. */
const coversCallers = (earlier: PlayedFault, later: PlayedFault) =>
  earlier.callers === undefined ||
  (later.callers !== undefined && [...later.callers].every((code) => earlier.callers?.has(code)));

const until = (ms: number, endMs: number) =>
  ms === Number.POSITIVE_INFINITY
    ? 'the end'
    : `+${readableOffset(ms)}${ms > endMs ? ', after the last request is sent' : ''}`;

/**
 * Checks, before a drill runs, that every fault event changes something. A
 * request meets the first fault in force on its target (the one added
 * first), so a fault event whose every target is, for its whole window and
 * for every caller it hits, under an earlier fault that is still in force
 * would never be met: an outage on a target already cut off, a second
 * cut-off of the same target. So is one under an earlier fault that ends
 * only after the drill's last request is sent (`sendingEnd`: a cut-off during
 * a latency spike that outlasts the workload). The drill would pass without
 * rehearsing it.
 * The problem names the earlier events and when they end. Windows follow the
 * play (ties in file order, ends before starts, a restore lifting every fault
 * on its targets).
 *
 * @param scenario the parsed scenario (durations in milliseconds).
 * @returns problems with paths from the scenario's root.
 * @example
 * ```ts
 * const problems = shadowedFaultProblems(parsed); // timeline[2]: outage on target "gpt" at +2m is never met ...
 * ```
 */
export function shadowedFaultProblems(scenario: Scenario): Problem[] {
  const { targets } = scenario.config;
  const played = new Map<number, PlayedFault>();
  expandTimeline({ timeline: scenario.timeline }).forEach((action, order) => {
    const { event, eventIndex } = action;
    if (event.type === 'policy') return;
    if (event.type === 'restore') {
      const hit = new Set(targetsOf(event, targets).map((target) => target.id));
      for (const fault of played.values())
        if (
          fault.endMs > action.atMs &&
          fault.startMs <= action.atMs &&
          [...fault.targetIds].some((id) => hit.has(id))
        )
          fault.endMs = action.atMs;
      return;
    }
    if (action.phase === 'end') {
      const fault = played.get(eventIndex);
      if (fault && fault.endMs > action.atMs) fault.endMs = action.atMs;
      return;
    }
    // A fault that names no target or provider is refused by the schema already ("required").
    if (event.target === undefined && event.provider === undefined) return;
    const callers = 'callers' in event && event.callers ? new Set(event.callers) : undefined;
    played.set(eventIndex, {
      index: eventIndex,
      order,
      what: `${event.type} on ${eventSelectorText(event)}`,
      targetIds: new Set(targetsOf(event, targets).map((target) => target.id)),
      ...(callers ? { callers } : {}),
      startMs: action.atMs,
      endMs: Number.POSITIVE_INFINITY,
    });
  });

  const end = sendingEnd(scenario);
  const problems: Problem[] = [];
  const faults = [...played.values()];
  for (const fault of faults) {
    // A fault lifted at the instant it starts (a restore after it at the same offset) is the restore's business.
    if (fault.targetIds.size === 0 || fault.endMs <= fault.startMs) continue;
    const shadows = (id: string) =>
      faults.find(
        (earlier) =>
          earlier.order < fault.order &&
          earlier.targetIds.has(id) &&
          (earlier.endMs >= fault.endMs || earlier.endMs > end.ms) &&
          earlier.endMs > fault.startMs &&
          coversCallers(earlier, fault),
      );
    const found = [...fault.targetIds].map(shadows);
    if (found.some((earlier) => earlier === undefined)) continue;
    const earlier = [...new Set(found as PlayedFault[])];
    problems.push({
      path: ['timeline', fault.index],
      message: `${fault.what} at +${readableOffset(fault.startMs)} is never met: ${earlier
        .map(
          (shadow) =>
            `timeline[${shadow.index}] (${shadow.what}, until ${until(shadow.endMs, end.ms)}) is in force on ${listNames([...shadow.targetIds].filter((id) => fault.targetIds.has(id)))} for its whole window`,
        )
        .join('; ')}, and a request meets the first fault in force on its target`,
      expected: `${
        earlier.some((shadow) => shadow.endMs > end.ms && shadow.endMs !== Number.POSITIVE_INFINITY)
          ? `${earlier.map((shadow) => `timeline[${shadow.index}]`).join(', ')} ending by +${readableOffset(end.ms)} (${end.what})`
          : `an offset after ${earlier.map((shadow) => `timeline[${shadow.index}]`).join(', ')} ends`
      }, a restore before it, or other targets`,
    });
  }
  return problems;
}
