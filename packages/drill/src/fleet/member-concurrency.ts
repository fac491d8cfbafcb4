/**
 * How many requests one process of a fleet drill keeps in flight in a closed loop: the scenario's
 * `concurrency` shared between the processes, the remainder one each to the first ones, so the
 * fleet keeps exactly `concurrency` in flight; at least 1, since every process has requests to send
 * (a `concurrency` below the number of processes keeps one per process in flight).
 *
 * @example
 * ```ts
 * [0, 1, 2].map((index) => memberConcurrency({ concurrency: 10, processes: 3, index })); // [4, 3, 3]
 * ```
 */
export function memberConcurrency(options: {
  concurrency: number;
  processes: number;
  index: number;
}): number {
  const { concurrency, processes, index } = options;
  const share = Math.floor(concurrency / processes) + (index < concurrency % processes ? 1 : 0);
  return Math.max(1, share);
}
