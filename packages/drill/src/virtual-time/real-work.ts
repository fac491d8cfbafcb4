/**
 * Real asynchronous work in flight during a drill on virtual time: work the
 * virtual clock cannot see (native inference, a file being written) and that
 * must finish before virtual time may advance, or its result would land at
 * an instant that depends on the machine.
 *
 * `runOnVirtualTime` waits for every tracked promise to settle before it
 * fires the next timer. Work tracked with `until` (a virtual instant) lets
 * the clock fire the timers due strictly before that instant while it runs:
 * work whose result nothing reads before `until` (an in-process model's
 * answer, delivered at its paced first-token time) then runs on another core
 * alongside the simulated traffic, and the drill's records stay the same.
 * Track only work that does not itself wait on a timer (it would wait for
 * ever: the clock does not move past it while it runs).
 *
 * @example
 * ```ts
 * const tokens = await realWork.track(context.evaluate(prompt)); // e.g. an in-process llama.cpp call
 * ```
 */
export class RealWork {
  /** Each tracked promise (settled or not, as `undefined`) and the virtual instant its result is first read at. */
  readonly #pending = new Map<Promise<void>, number>();

  /** Promises tracked and not settled yet. */
  get size(): number {
    return this.#pending.size;
  }

  /**
   * The earliest virtual instant a tracked result is read at: the clock may
   * fire only timers due strictly before it (`-Infinity` when some work
   * blocks the clock outright, `Infinity` when nothing is tracked).
   */
  get horizon(): number {
    let horizon = Number.POSITIVE_INFINITY;
    for (const until of this.#pending.values()) if (until < horizon) horizon = until;
    return horizon;
  }

  /**
   * Tracks a promise until it settles; returns it unchanged.
   *
   * @param promise real work (never one that waits on a timer).
   * @param options.until the virtual instant (ms) before which nothing reads its
   *   result: the clock may fire timers due strictly before it meanwhile. Absent:
   *   the clock waits for it.
   */
  track<T>(promise: Promise<T>, options?: { until?: number }): Promise<T> {
    const settled = promise.then(
      () => undefined,
      () => undefined,
    );
    this.#pending.set(settled, options?.until ?? Number.NEGATIVE_INFINITY);
    void settled.then(() => this.#pending.delete(settled));
    return promise;
  }

  /** Resolves once any tracked promise settles (at once when none is tracked). */
  async settled(): Promise<void> {
    if (this.#pending.size === 0) return;
    await Promise.race(this.#pending.keys());
  }
}

/** The process-wide tracker `runOnVirtualTime` consults by default. */
export const realWork = new RealWork();
