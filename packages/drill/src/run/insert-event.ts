import type { DrillEvent } from './drill-progress.js';

/**
 * Inserts an event into a list kept in order of `atMs`: after every event
 * at or before its instant, so an event listed late (a rule date whose timer
 * fired after the clock had passed it) still reads at its own instant, and
 * events of one instant keep the order they were listed in.
 *
 * @param events the events so far, by `atMs` (changed in place).
 * @param event the event to insert.
 * @example
 * ```ts
 * const events = [{ atMs: 2100, source: 'router', description: 'router cut off x for everyone' }];
 * insertEvent(events, { atMs: 2000, source: 'policy', description: 'rule r becomes effective' });
 * events.map((each) => each.atMs); // [2000, 2100]
 * ```
 */
export function insertEvent(events: DrillEvent[], event: DrillEvent): void {
  let index = events.length;
  while (index > 0 && (events[index - 1] as DrillEvent).atMs > event.atMs) index--;
  events.splice(index, 0, event);
}
