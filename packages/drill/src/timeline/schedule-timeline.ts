import type { TimelineAction } from './expand-timeline.js';
import { setLongTimeout } from './long-timeout.js';

/** The timers a drill uses; injectable so tests run on a fake clock. */
export interface DrillTimers {
  /** Real milliseconds (`Date.now()` by default, so fake timers control it). */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The global timers and `Date.now()`. */
export const realTimers: DrillTimers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Runs timeline actions at their offsets, divided by the time scale: an
 * action at simulated `atMs` runs `atMs / timeScale` real ms after the call.
 *
 * @param options.actions from `expandTimeline` (sorted by offset).
 * @param options.timeScale simulated ms per real ms.
 * @param options.onAction called for each action, in order.
 * @param options.timers timers (default the global ones).
 * @returns `runDue(elapsedMs)` runs every action due by a simulated offset now (a workload
 *   calls it before sending, so an event and a request at the same offset happen in that
 *   order), and `cancel()` drops the actions not run yet and returns them.
 */
export function scheduleTimeline(options: {
  actions: readonly TimelineAction[];
  timeScale: number;
  onAction: (action: TimelineAction) => void;
  timers?: DrillTimers;
}): { cancel(): TimelineAction[]; runDue(elapsedMs: number): void } {
  const timers = options.timers ?? realTimers;
  const actions = options.actions;
  const cancels: (() => void)[] = [];
  let cancelled = false;
  let next = 0;
  const runDue = (elapsedMs: number) => {
    while (!cancelled && next < actions.length && (actions[next] as TimelineAction).atMs <= elapsedMs) {
      options.onAction(actions[next++] as TimelineAction);
    }
  };
  // One timer per distinct offset; each runs every action due by its offset, in order.
  // Offsets beyond setTimeout's limit (about 24.8 days) wait in steps instead of running at once.
  for (const atMs of new Set(actions.map((action) => action.atMs))) {
    cancels.push(setLongTimeout(timers, () => runDue(atMs), atMs / options.timeScale));
  }
  return {
    runDue,
    cancel() {
      cancelled = true;
      for (const cancelTimer of cancels) cancelTimer();
      return actions.slice(next);
    },
  };
}
