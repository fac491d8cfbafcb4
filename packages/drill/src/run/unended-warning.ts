import { formatOffset } from '@switchyard/report';
import type { DrillResult, UnplayedEvent } from './drill-result.js';

/**
 * The warning for a windowed event whose end is past the drill's end: it never played, so the
 * event held to the end of the drill. Not a failure (a ban longer than the drill is legitimate),
 * but the scenario says more than the drill did: the recovery was not rehearsed.
 *
 * @param event the event, with the offset where it would have ended.
 * @param result the drill (its simulated end).
 * @returns one line, e.g. `timeline[3] 503 storm was to end at +1000d3m, after the drill's end (+5m): ...`.
 */
export function unendedWarning(event: UnplayedEvent, result: Pick<DrillResult, 'simulatedMs'>): string {
  return `timeline[${event.index}] ${event.label} was to end at ${formatOffset(event.atMs)}, after the drill's end (${formatOffset(result.simulatedMs)}): its end never played, so it held to the end of the drill and the recovery after it was not rehearsed (end it within the drill to rehearse that)`;
}
