import type { DrillEvent } from '../run/drill-progress.js';
import { insertEvent } from '../run/insert-event.js';
import { describeAction, type TimelineAction } from '../timeline/expand-timeline.js';
import type { MemberHealthEvent } from './fleet-messages.js';

/** An offset to the millisecond, as a fleet drill's log prints it: `+1.044s`. */
export const offsetToTheMs = (ms: number) => `${ms < 0 ? '-' : '+'}${(Math.abs(ms) / 1000).toFixed(3)}s`;

/** A timeline action of a fleet drill, with the offset at which it actually played (processes' clock). */
export interface PlayedAction {
  readonly action: TimelineAction;
  /** Real ms from the drill's start when it played, times the time scale. */
  readonly playedAtMs: number;
}

/** A cut-off one process detected itself, at its offset (real ms from the start, times the time scale; listed to the ms). */
export type FleetDetection = MemberHealthEvent & { readonly process: string; readonly atMs: number };

/**
 * A timeline action as an event of a fleet drill: listed at its scenario
 * offset, as a single drill lists it (phases and rule dates share that
 * axis), and, when the fleet's real-time timeline played it a millisecond or
 * more away from that offset, also when it played (`playedAtMs`, to the
 * millisecond, and in its description: `(played at +1.196s, 196 ms late)`).
 */
export function playedEvent({ action, playedAtMs }: PlayedAction): DrillEvent {
  const description = describeAction(action);
  const drift = Math.round(playedAtMs - action.atMs);
  if (drift === 0) return { atMs: action.atMs, source: 'timeline', description };
  return {
    atMs: action.atMs,
    source: 'timeline',
    description: `${description} (played at ${offsetToTheMs(playedAtMs)}, ${Math.abs(drift)} ms ${drift > 0 ? 'late' : 'early'})`,
    playedAtMs: Math.round(playedAtMs),
  };
}

/**
 * The events of a fleet drill, in order of offset, as a single drill lists
 * them: the timeline's actions at their scenario offsets (with when they
 * played, when it differs), the rules' `effective` and `expires` dates that
 * passed, and every cut-off a process detected itself (source `router`,
 * named after the process). The news of a cut-off reaching the other
 * processes is not an event: the result's `cutoffs` hold it, per process.
 *
 * @param options.played the timeline actions that played.
 * @param options.ruleDates `ruleDateEvents` of the drill's policy timeline.
 * @param options.detections cut-offs the processes detected themselves.
 * @param options.endMs the drill's end (offset): rule dates past it did not pass.
 */
export function fleetDrillEvents(options: {
  played: readonly PlayedAction[];
  ruleDates: readonly DrillEvent[];
  detections: readonly FleetDetection[];
  endMs: number;
}): DrillEvent[] {
  const events: DrillEvent[] = [];
  for (const played of options.played) insertEvent(events, playedEvent(played));
  for (const date of options.ruleDates) if (date.atMs <= options.endMs) insertEvent(events, date);
  for (const detection of [...options.detections].sort((a, b) => a.atMs - b.atMs)) {
    if (detection.kind !== 'cutoff' || detection.source !== 'local') continue;
    insertEvent(events, {
      atMs: Math.round(detection.atMs),
      source: 'router',
      description: `router of ${detection.process} cut off ${detection.targetId} ${detection.scope === '*' ? 'for everyone' : `for ${detection.scope} callers`}${detection.reason === undefined ? '' : ` (${detection.reason})`}`,
    });
  }
  return events;
}
