import { describe, expect, it } from 'vitest';
import { compileBudgetWindow } from './compile-budget-window.js';

const at = (iso: string) => Date.parse(iso);

describe('compileBudgetWindow', () => {
  describe('rolling', () => {
    const window = compileBudgetWindow({ rolling: 3_600_000 }); // 1 hour in 60 one-minute slices

    it('puts a charge in the slice its instant falls in', () => {
      expect(window.bucketOf(at('2026-06-25T10:17:42Z'))).toBe(at('2026-06-25T10:17:00Z'));
    });

    it('still counts the slice that began before the window start (conservative: never undercounts)', () => {
      const now = at('2026-06-25T10:17:42Z');
      expect(window.firstCounted(now)).toBe(at('2026-06-25T09:17:00Z'));
      expect((window.bucketOf(now) - window.firstCounted(now)) / 60_000).toBe(60);
    });

    it('releases a slice one window length after its end', () => {
      expect(window.releasedAt(at('2026-06-25T10:17:42Z'))).toBe(at('2026-06-25T11:18:00Z'));
      expect(window.alertUntil(at('2026-06-25T10:17:42Z'))).toBe(at('2026-06-25T11:17:42Z'));
    });
  });

  describe('calendar', () => {
    it('starts a Berlin day at local midnight, in winter and in summer time', () => {
      const day = compileBudgetWindow({ calendar: 'day', timeZone: 'Europe/Berlin' });
      expect(day.bucketOf(at('2026-01-15T12:00:00Z'))).toBe(at('2026-01-14T23:00:00Z'));
      expect(day.bucketOf(at('2026-07-15T12:00:00Z'))).toBe(at('2026-07-14T22:00:00Z'));
    });

    it('gives the day daylight saving time starts 23 hours', () => {
      const day = compileBudgetWindow({ calendar: 'day', timeZone: 'Europe/Berlin' });
      const noon = at('2026-03-29T10:00:00Z');
      expect(day.releasedAt(noon) - day.bucketOf(noon)).toBe(23 * 3_600_000);
    });

    it('starts a day at 01:00 where midnight does not exist (Santiago, DST start)', () => {
      const day = compileBudgetWindow({ calendar: 'day', timeZone: 'America/Santiago' });
      expect(day.bucketOf(at('2026-09-06T15:00:00Z'))).toBe(at('2026-09-06T04:00:00Z'));
    });

    it('follows local hours in a zone with a half-hour offset', () => {
      const hour = compileBudgetWindow({ calendar: 'hour', timeZone: 'Asia/Kolkata' });
      expect(hour.bucketOf(at('2026-06-25T10:10:00Z'))).toBe(at('2026-06-25T09:30:00Z'));
      expect(hour.releasedAt(at('2026-06-25T10:10:00Z'))).toBe(at('2026-06-25T10:30:00Z'));
    });

    it('starts weeks on Monday and months on the 1st', () => {
      const week = compileBudgetWindow({ calendar: 'week', timeZone: 'UTC' });
      expect(week.bucketOf(at('2026-06-25T10:00:00Z'))).toBe(at('2026-06-22T00:00:00Z')); // a Thursday
      const month = compileBudgetWindow({ calendar: 'month', timeZone: 'America/New_York' });
      expect(month.bucketOf(at('2026-03-01T03:00:00Z'))).toBe(at('2026-02-01T05:00:00Z'));
      expect(month.releasedAt(at('2026-03-01T03:00:00Z'))).toBe(at('2026-03-01T05:00:00Z'));
    });

    it('counts only the current period and moves on at its end', () => {
      const day = compileBudgetWindow({ calendar: 'day', timeZone: 'UTC' });
      const late = at('2026-06-25T23:59:59.999Z');
      expect(day.firstCounted(late)).toBe(at('2026-06-25T00:00:00Z'));
      expect(day.firstCounted(late + 1)).toBe(at('2026-06-26T00:00:00Z'));
      // and back: the cached period is never returned for an instant outside it
      expect(day.bucketOf(late)).toBe(at('2026-06-25T00:00:00Z'));
    });

    it('refuses an unknown time zone when compiled, not on the request path', () => {
      expect(() => compileBudgetWindow({ calendar: 'day', timeZone: 'Europe/Berln' })).toThrow(RangeError);
    });
  });
});
