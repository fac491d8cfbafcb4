import { closestName, listNames, type Problem } from '@switchyard/core';
import { targetsOf } from '../faults/fault-state.js';
import { expandTimeline } from '../timeline/expand-timeline.js';
import { eventSelectorText } from './event-selector-text.js';
import { readableOffset } from './readable-offset.js';
import type { Scenario } from './scenario-schema.js';

/** When a fault event was in force, as the drill plays it. */
interface FaultWindow {
  readonly index: number;
  readonly what: string;
  readonly targetIds: ReadonlySet<string>;
  readonly startMs: number;
  /** When it stopped: its `duration` ran out, or a restore lifted it; absent: it lasts to the end. */
  end?: { readonly atMs: number; readonly byRestore?: number };
}

const overlaps = (a: ReadonlySet<string>, b: ReadonlySet<string>) => [...a].some((id) => b.has(id));

function windowText(fault: FaultWindow): string {
  const from = `from +${readableOffset(fault.startMs)}`;
  if (fault.end === undefined) return `${from} to the end`;
  return `${from} to +${readableOffset(fault.end.atMs)}`;
}

/** For a fault listed after the restore at the restore's own offset: where the restore must go instead. */
function sameOffsetAfter(fault: FaultWindow, restoreIndex: number, atMs: number): string {
  if (fault.startMs !== atMs || fault.index < restoreIndex) return '';
  return ` (at +${readableOffset(atMs)} only with the restore listed after timeline[${fault.index}])`;
}

/**
 * Checks, before a drill runs, that every `restore` event lifts something:
 * a fault (cut-off, outage, latency, rate limit or stream fault) in force on
 * one of its targets at its offset, as the drill plays the timeline (ties in
 * file order, a windowed fault's end before a start at the same offset). A
 * restore before the fault it means, after that fault's `duration` ran out,
 * after another restore already lifted it, or on targets no fault hits would
 * play as nothing: the drill would pass without rehearsing a recovery. The
 * problem names the restore, what it restores, and the fault events that
 * could be meant, with the windows in which they are in force. Restores that
 * name an unknown target or provider are reported elsewhere and skipped.
 *
 * @param scenario the parsed scenario (durations in milliseconds).
 * @returns problems with paths from the scenario's root.
 * @example
 * ```ts
 * const problems = restoreProblems(parsed); // timeline[2].at: restore of provider "anthropic" at +1m lifts nothing ...
 * ```
 */
export function restoreProblems(scenario: Scenario): Problem[] {
  const { targets } = scenario.config;
  const faults = new Map<number, FaultWindow>();
  const idle: { index: number; atMs: number; targetIds: ReadonlySet<string> }[] = [];
  for (const action of expandTimeline({ timeline: scenario.timeline })) {
    const { event, eventIndex } = action;
    if (event.type === 'policy') continue;
    if (event.type !== 'restore') {
      if (action.phase === 'start')
        faults.set(eventIndex, {
          index: eventIndex,
          what: `${event.type} on ${eventSelectorText(event)}`,
          targetIds: new Set(targetsOf(event, targets).map((target) => target.id)),
          startMs: action.atMs,
        });
      else {
        const fault = faults.get(eventIndex);
        if (fault && fault.end === undefined) fault.end = { atMs: action.atMs };
      }
      continue;
    }
    const targetIds = new Set(targetsOf(event, targets).map((target) => target.id));
    // An unknown target or provider is reported with the references.
    if (targetIds.size === 0) continue;
    let lifted = false;
    for (const fault of faults.values()) {
      if (fault.end !== undefined || !overlaps(fault.targetIds, targetIds)) continue;
      fault.end = { atMs: action.atMs, byRestore: eventIndex };
      lifted = true;
    }
    if (!lifted) idle.push({ index: eventIndex, atMs: action.atMs, targetIds });
  }

  return idle.map(({ index, atMs, targetIds }): Problem => {
    const event = scenario.timeline[index] as { target?: string; provider?: string };
    const head = `restore of ${eventSelectorText(event)} at +${readableOffset(atMs)} lifts nothing`;
    const meant = [...faults.values()].filter((fault) => overlaps(fault.targetIds, targetIds));
    if (meant.length > 0) {
      const why = meant.map((fault) => {
        const name = `timeline[${fault.index}] (${fault.what})`;
        if (fault.startMs === atMs && fault.index > index)
          return `${name} starts at the same offset but comes after the restore in the file, and events at one offset play in file order`;
        if (fault.startMs >= atMs && (fault.end === undefined || fault.end.atMs > atMs))
          return `${name} starts only at +${readableOffset(fault.startMs)}`;
        if (fault.end?.byRestore !== undefined)
          return `${name} was already lifted by timeline[${fault.end.byRestore}] at +${readableOffset(fault.end.atMs)}`;
        return `${name} ended at +${readableOffset(fault.end?.atMs ?? atMs)} (its duration)`;
      });
      return {
        path: ['timeline', index, 'at'],
        message: `${head}: ${why.join('; ')}`,
        expected: `an offset while a fault on its targets is in force: ${meant
          .map(
            (fault) => `timeline[${fault.index}] ${windowText(fault)}${sameOffsetAfter(fault, index, atMs)}`,
          )
          .join(', ')}; or no restore`,
      };
    }
    const others = [...faults.values()];
    const hitIds = new Set(others.flatMap((fault) => [...fault.targetIds]));
    const hit = targets.filter((target) => hitIds.has(target.id));
    const names = new Set(hit.map((target) => (event.target !== undefined ? target.id : target.provider)));
    const given = event.target ?? event.provider;
    const suggestion = given === undefined ? undefined : closestName(given, names);
    return {
      path:
        given === undefined ? ['timeline', index] : ['timeline', index, event.target ? 'target' : 'provider'],
      message:
        others.length === 0
          ? `${head}: no event of the timeline injects a fault`
          : `${head}: no fault event of the timeline hits ${listNames(targetIds)}`,
      expected:
        others.length === 0
          ? 'a fault event (cutoff, outage, latency, rate_limited or stream-fault) before the restore, or no restore'
          : `a ${event.target !== undefined ? 'target' : 'provider'} a fault event hits: ${others
              .map((fault) => `timeline[${fault.index}] (${fault.what}) ${windowText(fault)}`)
              .join(', ')}`,
      ...(suggestion ? { suggestion } : {}),
    };
  });
}
