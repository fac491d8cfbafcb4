import type { DrillEvent } from '../run/drill-progress.js';
import { insertEvent } from '../run/insert-event.js';
import { type PlayedAction, playedEvent } from '../run/played-event.js';
import type { MemberHealthEvent } from './fleet-messages.js';

/** A cut-off one process detected itself, at its offset (real ms from the start, times the time scale; listed to the ms). */
export type FleetDetection = MemberHealthEvent & { readonly process: string; readonly atMs: number };

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
