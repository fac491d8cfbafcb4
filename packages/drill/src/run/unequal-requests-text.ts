import type { BaselineDelta } from './compare-baseline.js';

/**
 * What the cost of the events says when the drill and its baseline sent different numbers of
 * requests (a run stopped at its duration, or a closed loop slowed by the events): its cost
 * and counts then compare unequal workloads, which a reader must know before reading them.
 *
 * @param requests requests of each run (`result.baseline.requests`), not equal.
 * @returns e.g. `requests 876 -> 612 (-264): the runs sent different numbers of requests, so
 *   cost and counts compare unequal workloads (shares and percentiles are per run)`.
 * @example
 * ```ts
 * unequalRequestsText({ baseline: 876, drill: 612, delta: -264 });
 * ```
 */
export function unequalRequestsText(requests: BaselineDelta): string {
  const sign = requests.delta > 0 ? '+' : '-';
  return `requests ${requests.baseline} -> ${requests.drill} (${sign}${Math.abs(requests.delta)}): the runs sent different numbers of requests, so cost and counts compare unequal workloads (shares and percentiles are per run)`;
}
