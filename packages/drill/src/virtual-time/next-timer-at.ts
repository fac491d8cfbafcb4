/** What `nextTimerAt` reads of an installed `@sinonjs/fake-timers` clock (its timer heap; not public API). */
interface ClockWithHeap {
  readonly timerHeap?: { peek(): { readonly callAt: number } | undefined };
}

/**
 * The virtual instant the clock's next timer is due at, read from the timer
 * heap of `@sinonjs/fake-timers` (pinned; `next-timer-at.test.ts` fails if a
 * new version stops exposing it). `undefined` when there is no timer or the
 * heap cannot be read: the caller then treats the next timer as due at once,
 * which only costs speed (the clock waits for real work it could have run
 * beside), never correctness.
 *
 * @param clock an installed fake clock.
 * @returns the due instant in ms, or `undefined`.
 * @example
 * ```ts
 * if ((nextTimerAt(clock) ?? Number.NEGATIVE_INFINITY) < realWork.horizon) clock.next();
 * ```
 */
export function nextTimerAt(clock: object): number | undefined {
  const heap = (clock as ClockWithHeap).timerHeap;
  if (typeof heap?.peek !== 'function') return undefined;
  const callAt = heap.peek()?.callAt;
  return typeof callAt === 'number' ? callAt : undefined;
}
