/**
 * Timers (for `runDrill`'s `timers`) whose clock moves `stepMs` ahead of the timers at every
 * read, as on a busy event loop under a time scale: a timer fires after the clock has passed
 * its instant. Use under vitest's fake timers.
 */
export function driftingTimers(stepMs = 100) {
  let drift = 0;
  return {
    now: () => {
      drift += stepMs;
      return Date.now() + drift;
    },
    setTimeout: (callback: () => void, ms: number) => setTimeout(callback, ms),
    clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}
