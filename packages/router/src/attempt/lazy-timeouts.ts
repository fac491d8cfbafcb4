/** Something with a timeout that {@link LazyTimeouts} arms. */
export interface TimeoutEntry {
  /** Its timeout, ms. */
  readonly timeoutMs: number;
  /** Called when the timeout fires (never after `cancel`). */
  onTimeout(): void;
  /** @internal list links and timer, owned by {@link LazyTimeouts}. */
  timeoutNext: TimeoutEntry | undefined;
  /** @internal */
  timeoutPrevious: TimeoutEntry | undefined;
  /** @internal */
  timeoutTimer: ReturnType<typeof setTimeout> | undefined;
  /** @internal 0 idle, 1 waiting to be armed, 2 armed */
  timeoutState: 0 | 1 | 2;
  /** @internal {@link timerClock} when the timeout started. */
  timeoutStartedAt: number;
}

/** `Date.now()` when this module loaded: the origin of {@link timerClock}. */
const timerClockBase = Date.now();

/**
 * `Date.now()` as ms since this module loaded: the same clock (fake clocks
 * move it alike), but a small integer for about 24 days, which an object
 * field holds as it is. An epoch-ms `Date.now()` does not fit one: kept in
 * a field, every timed object of every in-flight request would carry a
 * boxed number of its own.
 */
export function timerClock(): number {
  const ms = Date.now() - timerClockBase;
  // The same value, as a small integer when it is one (a difference of doubles stays a double otherwise).
  const small = ms | 0;
  return small === ms ? small : ms;
}

/** Fires an armed entry's timeout (a shared function: no closure per timer). */
function fire(entry: TimeoutEntry): void {
  if (entry.timeoutState !== 2) return;
  entry.timeoutState = 0;
  entry.timeoutTimer = undefined;
  entry.onTimeout();
}

/**
 * Timeouts that cost nothing for work that ends quickly. Starting a timeout
 * only links the entry into a list; one shared zero-delay timer per batch
 * arms a real `setTimeout` for the entries still running when it fires (the
 * end of the current macrotask), so an attempt answered within the task that
 * started it never allocates a timer. An entry is armed with what is left of
 * its timeout ({@link timerClock} at start and at the tick), so it fires on time,
 * never early. Every timer goes through the global `setTimeout`/`clearTimeout`
 * (and the clock is `Date.now`), so fake clocks control them.
 */
export class LazyTimeouts {
  #head: TimeoutEntry | undefined;
  #tick: ReturnType<typeof setTimeout> | undefined;

  /** Starts `entry`'s timeout. */
  start(entry: TimeoutEntry): void {
    entry.timeoutState = 1;
    entry.timeoutStartedAt = timerClock();
    entry.timeoutPrevious = undefined;
    entry.timeoutNext = this.#head;
    if (this.#head) this.#head.timeoutPrevious = entry;
    this.#head = entry;
    this.#tick ??= setTimeout(this.#arm, 0);
  }

  /** Cancels `entry`'s timeout (started or armed); idempotent. */
  cancel(entry: TimeoutEntry): void {
    if (entry.timeoutState === 1) {
      this.#unlink(entry);
    } else if (entry.timeoutState === 2) {
      clearTimeout(entry.timeoutTimer);
      entry.timeoutTimer = undefined;
    }
    entry.timeoutState = 0;
  }

  #unlink(entry: TimeoutEntry): void {
    const { timeoutPrevious: previous, timeoutNext: next } = entry;
    if (previous) previous.timeoutNext = next;
    else this.#head = next;
    if (next) next.timeoutPrevious = previous;
    entry.timeoutNext = undefined;
    entry.timeoutPrevious = undefined;
  }

  readonly #arm = (): void => {
    this.#tick = undefined;
    let entry = this.#head;
    this.#head = undefined;
    while (entry) {
      const next = entry.timeoutNext;
      entry.timeoutNext = undefined;
      entry.timeoutPrevious = undefined;
      entry.timeoutState = 2;
      // What is left of the timeout: the tick came some time after the entry started.
      const remaining = entry.timeoutMs - (timerClock() - entry.timeoutStartedAt);
      entry.timeoutTimer = setTimeout(fire, Math.max(0, remaining), entry);
      entry = next;
    }
  };
}
