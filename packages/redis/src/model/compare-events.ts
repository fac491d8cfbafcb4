import type { HealthEvent } from './health-event.js';

/**
 * Rank of an event among events of the same instant: when a cut-off and a
 * restore (or an open and a closed circuit) carry the same clock, the one that
 * keeps a target out of traffic wins. Fail closed.
 */
export function rankOf(event: HealthEvent): number {
  if (event.type === 'cutoff') return 1;
  if (event.type === 'circuit') return event.state === 'open' ? 1 : 0;
  return 0;
}

/**
 * The fleet's total order of health events: hybrid clock (`at`, then `tick`),
 * then {@link rankOf} (fail closed on a tie), then the process id (bytewise;
 * process ids are printable ASCII). Every process and the Redis scripts order
 * events the same way, which is what makes the merge converge.
 *
 * @returns a negative number when `a` comes first, positive when `b` does, 0 for the same event.
 */
export function compareEvents(a: HealthEvent, b: HealthEvent): number {
  if (a.at !== b.at) return a.at - b.at;
  if (a.tick !== b.tick) return a.tick - b.tick;
  const rank = rankOf(a) - rankOf(b);
  if (rank !== 0) return rank;
  if (a.by === b.by) return 0;
  return a.by < b.by ? -1 : 1;
}
