import { describe, expect, it } from 'vitest';
import {
  closestInstant,
  formatInstant,
  InstantSchema,
  instantProblem,
  parseInstant,
} from './instant-schema.js';

describe('instantProblem', () => {
  it('accepts instants with Z or an offset', () => {
    expect(instantProblem('2026-06-25T00:00:00Z')).toBeUndefined();
    expect(instantProblem('2026-06-25T02:00:00+02:00')).toBeUndefined();
    expect(instantProblem('2024-02-29T23:59:59.999Z')).toBeUndefined();
  });

  it('refuses a date-time or a date without an offset, which would depend on the server time zone', () => {
    expect(instantProblem('2026-06-25T00:00:00')).toMatch(/has no offset/);
    expect(instantProblem('2026-06-25')).toMatch(/has no offset/);
  });

  it('refuses impossible calendar dates and times', () => {
    expect(instantProblem('2026-02-30T00:00:00Z')).toBe('2026-02-30 is not a calendar date');
    expect(instantProblem('2026-02-29T00:00:00Z')).toBe('2026-02-29 is not a calendar date');
    expect(instantProblem('2026-13-01T00:00:00Z')).toBe('2026-13-01 is not a calendar date');
    expect(instantProblem('2026-06-25T24:00:00Z')).toBe('24:00:00 is not a time of day');
  });

  it('refuses other text and offsets without a colon', () => {
    expect(instantProblem('25/06/2026')).toMatch(/is not an ISO 8601 instant/);
    expect(instantProblem('2026-06-25T00:00:00+0200')).toMatch(/is not an ISO 8601 instant/);
  });
});

describe('InstantSchema', () => {
  it('shows an example of the expected form', () => {
    const result = InstantSchema.safeParse('2026-06-25T00:00:00');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('expected an instant such as 2026-06-25T00:00:00Z');
  });
});

describe('closestInstant', () => {
  it.each([
    ['2026-07-01 00:00:00+00:00', '2026-07-01T00:00:00+00:00'],
    ['2026-07-01t09:30:00z', '2026-07-01T09:30:00Z'],
    ['2026-07-01T09:30:00 +02:00', '2026-07-01T09:30:00+02:00'],
    ['2026-07-01T09:30:00.250+0200', '2026-07-01T09:30:00.250+02:00'],
  ])('reads %j as %j', (written, closest) => {
    expect(closestInstant(written)).toBe(closest);
    expect(instantProblem(closest)).toBeUndefined();
  });

  it.each(['2026-07-01 00:00:00', '2026-02-30 00:00:00Z', '2026-07-01T00:00:00Z', 'tomorrow'])(
    'has no reading of %j',
    (written) => {
      expect(closestInstant(written)).toBeUndefined();
    },
  );
});

describe('parseInstant', () => {
  it('names the closest valid instant of a date and time written with a space', () => {
    const parsed = parseInstant('2026-07-01 00:00:00+00:00');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(/; did you mean "2026-07-01T00:00:00\+00:00"\?$/);
  });

  it('returns epoch milliseconds independent of the process time zone', () => {
    expect(parseInstant('2026-06-25T02:00:00+02:00')).toEqual({ ok: true, epochMs: Date.UTC(2026, 5, 25) });
  });
});

describe('formatInstant', () => {
  it('prints whole minutes short and keeps anything finer', () => {
    expect(formatInstant(Date.UTC(2026, 5, 25))).toBe('2026-06-25T00:00Z');
    expect(formatInstant(Date.UTC(2026, 5, 25, 0, 0, 1))).toBe('2026-06-25T00:00:01.000Z');
  });
});
