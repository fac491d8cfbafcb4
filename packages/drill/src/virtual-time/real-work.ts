/**
 * Real asynchronous work in flight during a drill on virtual time: work the
 * virtual clock cannot see (native inference, a file being written) and that
 * must finish before virtual time may advance, or its result would land at
 * an instant that depends on the machine.
 *
 * `runOnVirtualTime` waits for every tracked promise to settle before it
 * fires the next timer. Track only work that does not itself wait on a
 * timer (it would wait for ever: the clock does not move while it runs).
 *
 * @example
 * ```ts
 * const tokens = await realWork.track(context.evaluate(prompt)); // e.g. an in-process llama.cpp call
 * ```
 */
export class RealWork {
  readonly #pending = new Set<Promise<void>>();

  /** Promises tracked and not settled yet. */
  get size(): number {
    return this.#pending.size;
  }

  /**
   * Tracks a promise until it settles; returns it unchanged.
   *
   * @param promise real work (never one that waits on a timer).
   */
  track<T>(promise: Promise<T>): Promise<T> {
    const settled = promise.then(
      () => undefined,
      () => undefined,
    );
    this.#pending.add(settled);
    void settled.then(() => this.#pending.delete(settled));
    return promise;
  }

  /** Resolves once any tracked promise settles (at once when none is tracked). */
  async settled(): Promise<void> {
    if (this.#pending.size === 0) return;
    await Promise.race(this.#pending);
  }
}

/** The process-wide tracker `runOnVirtualTime` consults by default. */
export const realWork = new RealWork();
