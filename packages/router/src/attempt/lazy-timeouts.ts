/** Something with a timeout that {@link LazyTimeouts} runs. */
export interface TimeoutEntry {
  /** Its timeout, ms. */
  readonly timeoutMs: number;
  /** Called when the timeout fires (never after `cancel`). */
  onTimeout(): void;
  /** @internal list links, owned by {@link LazyTimeouts}. */
  timeoutNext: TimeoutEntry | undefined;
  /** @internal */
  timeoutPrevious: TimeoutEntry | undefined;
  /** @internal the list of its duration it waits in while started; undefined when idle. */
  timeoutList: object | undefined;
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

/**
 * The started entries of one duration, in the order they started (so in the
 * order they are due), and the one timer that fires the first of them.
 */
class DurationList {
  head: TimeoutEntry | undefined = undefined;
  tail: TimeoutEntry | undefined = undefined;
  /** The timer armed for the head (or for an entry since cancelled: it then re-arms for the new head). */
  timer: ReturnType<typeof setTimeout> | undefined = undefined;
  /** The global `setTimeout` that armed {@link timer} (a fake clock installed since arms its own). */
  armedBy: typeof setTimeout | undefined = undefined;
  /** The `clearTimeout` of the same clock. */
  clearedBy: typeof clearTimeout | undefined = undefined;
  /** Whether {@link timer} keeps the process alive (it does while an entry waits). */
  refed = false;

  constructor(
    readonly owner: LazyTimeouts,
    readonly timeoutMs: number,
  ) {}
}

/** Fires what is due in `list` and arms its timer for the next (a shared function: no closure per timer). */
function fire(list: DurationList): void {
  list.timer = undefined;
  list.armedBy = undefined;
  list.clearedBy = undefined;
  list.refed = false;
  list.owner.fireDue(list);
}

/**
 * Timeouts that cost no timer of their own. The entries started with one
 * duration wait, in the order they started, in one list with one shared
 * timer, armed for the first of them: starting a timeout links the entry
 * in, cancelling it unlinks it, and neither arms nor clears a timer while the
 * list's timer is armed (an emptied list's timer only stops keeping the
 * process alive, and re-arms for what is left, or ends, when it fires). So a
 * request's attempt timeout, answered in 1 ms or in 1 s, costs no timer
 * call on the hot path. An entry fires when its whole timeout has passed by
 * {@link timerClock}, never early. Every timer goes through the global
 * `setTimeout`/`clearTimeout` (and the clock is `Date.now`), so fake clocks
 * control them.
 */
export class LazyTimeouts {
  /** The lists by duration, ms (one is dropped when its timer fires on it empty). */
  readonly #lists = new Map<number, DurationList>();
  /** The list an entry was last started in. */
  #last: DurationList | undefined = undefined;

  /** Starts `entry`'s timeout. */
  start(entry: TimeoutEntry): void {
    if (entry.timeoutList !== undefined) this.cancel(entry);
    const timeoutMs = entry.timeoutMs;
    // The last list used first: most entries share one duration (the attempt timeout).
    let list = this.#last;
    if (list === undefined || list.timeoutMs !== timeoutMs) list = this.#lists.get(timeoutMs);
    if (list === undefined) {
      list = new DurationList(this, timeoutMs);
      this.#lists.set(timeoutMs, list);
    }
    this.#last = list;
    entry.timeoutList = list;
    entry.timeoutStartedAt = timerClock();
    entry.timeoutNext = undefined;
    const tail = list.tail;
    entry.timeoutPrevious = tail;
    if (tail === undefined) list.head = entry;
    else tail.timeoutNext = entry;
    list.tail = entry;
    if (list.timer === undefined || list.armedBy !== setTimeout) {
      // No timer, or one of another clock (a fake clock installed or removed since): armed for the head.
      if (list.timer !== undefined) list.clearedBy?.(list.timer);
      this.#arm(list, list.head as TimeoutEntry);
    } else if (!list.refed) {
      // Armed for an entry since cancelled (due no later than this one): it waits again.
      list.refed = true;
      list.timer.ref?.();
    }
  }

  /** Cancels `entry`'s timeout; idempotent. */
  cancel(entry: TimeoutEntry): void {
    const list = entry.timeoutList as DurationList | undefined;
    if (list === undefined) return;
    entry.timeoutList = undefined;
    const { timeoutPrevious: previous, timeoutNext: next } = entry;
    if (previous) previous.timeoutNext = next;
    else list.head = next;
    if (next) next.timeoutPrevious = previous;
    else list.tail = previous;
    entry.timeoutNext = undefined;
    entry.timeoutPrevious = undefined;
    if (list.head === undefined && list.refed) {
      // Nothing waits: the timer stays armed (it re-arms or ends when it fires) but keeps nothing alive.
      list.refed = false;
      list.timer?.unref?.();
    }
  }

  /**
   * Clears the timers of the lists nothing waits in (the router is closed):
   * no idle timer is left behind. A list an entry still waits in keeps its timer.
   */
  releaseIdle(): void {
    for (const list of this.#lists.values()) {
      if (list.head !== undefined) continue;
      if (list.timer !== undefined) list.clearedBy?.(list.timer);
      list.timer = undefined;
      list.armedBy = undefined;
      list.clearedBy = undefined;
      list.refed = false;
      this.#drop(list);
    }
  }

  /** Forgets `list` (empty, its timer ended). */
  #drop(list: DurationList): void {
    this.#lists.delete(list.timeoutMs);
    if (this.#last === list) this.#last = undefined;
  }

  /**
   * @internal Fires the due entries of `list` (its timer fired), in the order
   * they started, and arms its timer for the next; drops the list when empty.
   */
  fireDue(list: DurationList): void {
    const timeoutMs = list.timeoutMs;
    try {
      let entry = list.head;
      while (entry !== undefined && timerClock() - entry.timeoutStartedAt >= timeoutMs) {
        // Unlinked before it is told: `onTimeout` may start it (or any entry) again.
        this.cancel(entry);
        entry.onTimeout();
        entry = list.head;
      }
    } finally {
      // Armed again for what is left (also when an `onTimeout` threw), unless an entry started since armed it.
      if (list.timer === undefined) {
        const head = list.head;
        if (head !== undefined) this.#arm(list, head);
        else if (this.#lists.get(timeoutMs) === list) this.#drop(list);
      }
    }
  }

  /** Arms `list`'s timer for `entry`, with what is left of its timeout. */
  #arm(list: DurationList, entry: TimeoutEntry): void {
    const remaining = list.timeoutMs - (timerClock() - entry.timeoutStartedAt);
    list.timer = setTimeout(fire, Math.max(0, remaining), list);
    list.armedBy = setTimeout;
    list.clearedBy = clearTimeout;
    list.refed = true;
  }
}
