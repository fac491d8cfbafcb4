import type { DrillTimers } from '../timeline/schedule-timeline.js';

/**
 * The router clock's `wait` in scaled real time (loopback mode, fleet drills): `ms` of simulated
 * time pass in `ms / timeScale` real ms, so a retry's backoff and a provider's `retry-after`
 * (simulated seconds, as the simulators send it) are waited as long as in simulated mode.
 *
 * @param timers the drill's timers (real ones, or fake ones in tests).
 * @param timeScale simulated ms per real ms.
 * @returns a wait that resolves `true` when the time passed, `false` when `signal` aborted first.
 */
export function scaledWait(timers: DrillTimers, timeScale: number) {
  return (ms: number, signal: AbortSignal | undefined): Promise<boolean> => {
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const onAbort = () => {
        timers.clearTimeout(handle);
        resolve(false);
      };
      const handle = timers.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms / timeScale);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  };
}
