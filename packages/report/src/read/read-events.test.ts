import { describe, expect, it } from 'vitest';
import { ReportInputError } from '../errors/report-input-error.js';
import { eventsOrigin, parseEvents } from './read-events.js';

describe('eventsOrigin', () => {
  const start = Date.parse('2026-06-25T08:59:00Z');

  it("gives the drill's start from events that carry their offset (a drill's events.json)", () => {
    const events = [
      { at: start + 55_000, offsetMs: 55_000, label: 'region block', source: 'timeline' },
      {
        at: new Date(start + 55_630).toISOString(),
        offsetMs: 55_630,
        label: 'router cut off',
        source: 'router',
      },
      { at: start + 60_000, label: 'hand-written, no offset' },
    ];
    expect(eventsOrigin({ events })).toBe(start);
    // The events themselves read as before.
    expect(parseEvents({ events }).map((event) => event.label)).toEqual([
      'region block',
      'router cut off',
      'hand-written, no offset',
    ]);
  });

  it('gives nothing when no event carries an offset', () => {
    expect(eventsOrigin({ events: [{ at: start, label: 'ban' }] })).toBeUndefined();
    expect(eventsOrigin({ events: [] })).toBeUndefined();
  });

  it('refuses events of two runs, and an offset that is not a number, naming the event', () => {
    const twoRuns = [
      { at: start + 1_000, offsetMs: 1_000, label: 'a' },
      { at: start + 61_000, offsetMs: 1_000, label: 'b' },
    ];
    expect(() => eventsOrigin({ events: twoRuns, source: 'events.json' })).toThrow(
      /^events\.json\[1\]\.offsetMs: puts the run's start at 2026-06-25T09:00:00\.000Z, events\.json\[0\] at 2026-06-25T08:59:00\.000Z; expected the events of one run/,
    );
    const bad = [{ at: start, offsetMs: '1s', label: 'a' }];
    expect(() => eventsOrigin({ events: bad, source: 'events.json' })).toThrow(ReportInputError);
    expect(() => eventsOrigin({ events: bad, source: 'events.json' })).toThrow(
      'events.json[0].offsetMs: expected milliseconds from the run\'s start (a number), got "1s"',
    );
  });
});
