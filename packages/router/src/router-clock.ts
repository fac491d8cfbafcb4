/**
 * The router's time source: instants for policy evaluation, health and records, and,
 * optionally, the waits between attempts in the same time.
 *
 * @example
 * ```ts
 * // A clock that runs 60 times faster than real time (as a loopback drill's does):
 * const scale = 60;
 * const started = Date.now();
 * const clock: RouterClock = {
 *   now: () => started + (Date.now() - started) * scale,
 *   wait: (ms, signal) =>
 *     new Promise((resolve) => {
 *       const timer = setTimeout(() => resolve(true), ms / scale);
 *       signal?.addEventListener('abort', () => (clearTimeout(timer), resolve(false)), { once: true });
 *     }),
 * };
 * const router = createRouter({ config, models, clock });
 * ```
 */
export interface RouterClock {
  /** The current instant, epoch ms. */
  now(): number;
  /**
   * Waits `ms` of this clock's time before a retry on the same target (its backoff, or the
   * provider's `retry-after`, both in this clock's ms), resolving `true` when the time passed and
   * `false` when `signal` aborted first. Absent: the global `setTimeout`, one clock ms per real
   * ms, which is right for `Date` and for fake timers. A clock that runs faster or slower than
   * real time gives it, or a `retry-after` read in its time would be waited in real time.
   */
  wait?(ms: number, signal: AbortSignal | undefined): Promise<boolean>;
}
