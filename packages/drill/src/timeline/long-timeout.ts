import type { DrillTimers } from './schedule-timeline.js';

/**
 * The longest delay `setTimeout` takes as given (2^31 - 1 ms, about 24.8
 * days): Node, browsers and fake timers run a longer one after 1 ms.
 */
export const maxTimerMs = 2 ** 31 - 1;

/**
 * Runs `callback` `ms` milliseconds from now, however long that is: a delay
 * beyond {@link maxTimerMs} waits in steps of at most that, so an event at
 * +30 days of a drill plays at +30 days, not at once. A delay within it is
 * one `setTimeout` of exactly `ms`, as before.
 *
 * @param timers the timers to schedule on.
 * @param callback what to run.
 * @param ms delay in milliseconds.
 * @returns cancels the callback if it has not run.
 * @example
 * ```ts
 * const cancel = setLongTimeout(realTimers, () => console.log('a month later'), 30 * 86_400_000);
 * ```
 */
export function setLongTimeout(
  timers: Pick<DrillTimers, 'setTimeout' | 'clearTimeout'>,
  callback: () => void,
  ms: number,
): () => void {
  let handle: unknown;
  let cancelled = false;
  const wait = (left: number) => {
    if (left > maxTimerMs) {
      handle = timers.setTimeout(() => wait(left - maxTimerMs), maxTimerMs);
    } else {
      handle = timers.setTimeout(callback, left);
    }
  };
  wait(ms);
  return () => {
    if (cancelled) return;
    cancelled = true;
    timers.clearTimeout(handle);
  };
}
