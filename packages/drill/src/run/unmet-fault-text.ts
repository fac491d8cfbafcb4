import { readableOffset } from '../scenario/readable-offset.js';
import type { UnmetFault } from './fault-meetings.js';

/**
 * What a fault event that no request met says in the summary, the report and the
 * command's failure: where its window was, and how to make a request meet it.
 *
 * @param fault the event no request met.
 * @returns one line, e.g. `timeline[0] 429 storm (from +15s to +15.02s): no request that could meet
 *   it (from a caller it hits, on a route that offers claude) was sent while it was in force, ...`.
 */
export function unmetFaultText(fault: UnmetFault): string {
  const targets = fault.targets.join(', ');
  const window =
    fault.endMs === undefined
      ? `from +${readableOffset(fault.atMs)}`
      : `from +${readableOffset(fault.atMs)} to +${readableOffset(fault.endMs)}`;
  const hint =
    fault.endMs === undefined
      ? 'move it to an offset before the last request a caller it hits sends'
      : 'a duration written as a bare number is milliseconds: 20 is 20 ms, "20s" is 20 s; widen the window, or send more requests in it';
  return `timeline[${fault.index}] ${fault.label} (${window}): no request that could meet it (from a caller it hits, on a route that offers ${targets}) was sent while it was in force, so the drill did not rehearse it (${hint})`;
}
