import { eventName, type TimelineAction } from '../timeline/expand-timeline.js';
import type { UnplayedEvent } from './drill-result.js';

/**
 * What the timeline had not played when the drill ended (the actions its
 * `cancel()` returned): events whose start never played, and windowed events
 * that started but whose end never played (they held to the end of the
 * drill). A start that never played is reported as such, and its end with it.
 */
export function unplayedEvents(cancelled: readonly TimelineAction[]): {
  unplayed: UnplayedEvent[];
  unended: UnplayedEvent[];
} {
  const events = cancelled.map((action) => ({
    phase: action.phase,
    event: { index: action.eventIndex, atMs: action.atMs, label: eventName(action.event) },
  }));
  const unplayed = events.filter((each) => each.phase === 'start').map((each) => each.event);
  const unended = events
    .filter((each) => each.phase === 'end' && !unplayed.some((start) => start.index === each.event.index))
    .map((each) => each.event);
  return { unplayed, unended };
}
