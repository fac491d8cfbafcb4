import { formatOffset } from '@switchyard/report';
import { readableOffset } from '../scenario/readable-offset.js';
import type { DrillResult, UnplayedEvent } from './drill-result.js';

/**
 * Two offsets as the summary writes them, or both to the millisecond when they would read the
 * same: an end 18 ms after the drill's must not read `+3m30s, after the drill's end (+3m30s)`.
 */
function distinctOffsets(first: number, second: number): [string, string] {
  const written: [string, string] = [formatOffset(first), formatOffset(second)];
  return written[0] !== written[1] ? written : [`+${readableOffset(first)}`, `+${readableOffset(second)}`];
}

/**
 * The warning for a windowed event whose end is past the drill's end: it never played, so the
 * event held to the end of the drill. Not a failure (a ban longer than the drill is legitimate),
 * but the scenario says more than the drill did: the recovery was not rehearsed.
 *
 * @param event the event, with the offset where it would have ended.
 * @param result the drill (its simulated end).
 * @returns one line, e.g. `timeline[3] 503 storm was to end at +1000d3m, after the drill's end (+5m): ...`;
 *   both offsets to the millisecond when they would read the same (`+3m30s`, `+3m29.982s`).
 */
export function unendedWarning(event: UnplayedEvent, result: Pick<DrillResult, 'simulatedMs'>): string {
  const [end, drillEnd] = distinctOffsets(event.atMs, result.simulatedMs);
  return `timeline[${event.index}] ${event.label} was to end at ${end}, after the drill's end (${drillEnd}): its end never played, so it held to the end of the drill and the recovery after it was not rehearsed (end it within the drill to rehearse that)`;
}
