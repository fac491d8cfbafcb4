import type { TimelineAction } from './expand-timeline.js';

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
 * @param options.actions from `expandTimeline`.
 * @param options.timeScale simulated ms per real ms.
 * @param options.onAction called for each action, in order.
 * @param options.timers timers (default the global ones).
 * @returns `cancel()` to drop the actions not run yet.
 */
export function scheduleTimeline(options: {
  actions: readonly TimelineAction[];
  timeScale: number;
  onAction: (action: TimelineAction) => void;
  timers?: DrillTimers;
}): { cancel(): void } {
  const timers = options.timers ?? realTimers;
  const handles: unknown[] = [];
  let cancelled = false;
  // One timer per distinct offset keeps same-offset actions in order.
  const byOffset = new Map<number, TimelineAction[]>();
  for (const action of options.actions) {
    const list = byOffset.get(action.atMs);
    if (list) list.push(action);
    else byOffset.set(action.atMs, [action]);
  }
  for (const [atMs, list] of byOffset) {
    handles.push(
      timers.setTimeout(() => {
        if (cancelled) return;
        for (const action of list) options.onAction(action);
      }, atMs / options.timeScale),
    );
  }
  return {
    cancel() {
      cancelled = true;
      for (const handle of handles) timers.clearTimeout(handle);
    },
  };
}
