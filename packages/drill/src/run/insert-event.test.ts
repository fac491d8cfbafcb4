import { describe, expect, it } from 'vitest';
import type { DrillEvent } from './drill-progress.js';
import { insertEvent } from './insert-event.js';

const event = (atMs: number, description: string): DrillEvent => ({ atMs, source: 'policy', description });

describe('insertEvent', () => {
  it('appends an event at or after the last one', () => {
    const events = [event(1000, 'a')];
    insertEvent(events, event(1000, 'b'));
    insertEvent(events, event(3000, 'c'));
    expect(events.map((each) => each.description)).toEqual(['a', 'b', 'c']);
  });

  it('puts an event listed late at its own instant, after the events of that instant', () => {
    const events = [event(1000, 'a'), event(2000, 'b'), event(2500, 'c'), event(4000, 'd')];
    insertEvent(events, event(2000, 'late'));
    expect(events.map((each) => [each.atMs, each.description])).toEqual([
      [1000, 'a'],
      [2000, 'b'],
      [2000, 'late'],
      [2500, 'c'],
      [4000, 'd'],
    ]);
  });

  it('puts an event before every later one, into an empty list too', () => {
    const events: DrillEvent[] = [];
    insertEvent(events, event(500, 'a'));
    insertEvent(events, event(100, 'b'));
    expect(events.map((each) => each.description)).toEqual(['b', 'a']);
  });
});
