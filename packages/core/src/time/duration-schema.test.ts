import { describe, expect, it } from 'vitest';
import { closestDuration, DurationSchema, formatDuration } from './duration-schema.js';

describe('DurationSchema', () => {
  describe('parse', () => {
    it.each([
      ['250ms', 250],
      ['30s', 30_000],
      ['1.5s', 1_500],
      ['5m', 300_000],
      ['1h', 3_600_000],
      ['5m30s', 330_000],
      ['1h2m3s4ms', 3_723_004],
      ['7d', 604_800_000],
      ['1d12h', 129_600_000],
      [1200, 1200],
    ])('reads %s as %i ms', (written, ms) => {
      expect(DurationSchema.parse(written)).toBe(ms);
    });

    it.each(['5', 'm5', '5 m', '5min', '-5s', '', '5m30', '2w'])(
      'rejects %j with the expected form',
      (written) => {
        const result = DurationSchema.safeParse(written);
        expect(result.success).toBe(false);
        expect(result.error?.issues[0]?.message).toBe(
          'a duration such as "250ms", "30s", "5m", "1h", "7d" or "5m30s"',
        );
      },
    );

    it("refuses digits past a number's range, which would read as infinity", () => {
      const written = `${'9'.repeat(400)}d`;
      const result = DurationSchema.safeParse(written);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe(
        'too long to be a number of milliseconds (401 characters); expected a duration such as "250ms", "30s", "5m", "1h", "7d" or "5m30s"',
      );
    });
  });

  describe('closestDuration', () => {
    it.each([
      ['2 s', '2s'],
      ['5sec', '5s'],
      ['90S', '90s'],
      ['1 hour 30 min', '1h30m'],
      ['1h, 30m', '1h30m'],
      ['10 seconds', '10s'],
      ['1.5 days', '1.5d'],
      ['5000', '5000ms'],
      // No duration is negative: the closest one is none at all.
      ['-5s', '0s'],
      ['-5 sec', '0s'],
    ])('reads %j as %j', (written, closest) => {
      expect(closestDuration(written)).toBe(closest);
      expect(DurationSchema.safeParse(closest).success).toBe(true);
    });

    it.each(['soon', '-soon', '5 fortnights', '', '5m30', '30s'])('has no reading of %j', (written) => {
      expect(closestDuration(written)).toBeUndefined();
    });

    it('suggests a duration the field accepts, above a reading below its minimum', () => {
      const aboveZero = (written: string) => DurationSchema.parse(written) > 0;
      const aMinute = (written: string) => DurationSchema.parse(written) >= 60_000;
      expect(closestDuration('-5s', { accepts: aboveZero })).toBe('1ms');
      expect(closestDuration('0 sec', { accepts: aboveZero })).toBe('1ms');
      expect(closestDuration('-5m', { accepts: aMinute })).toBe('1m');
      expect(closestDuration('30 sec', { accepts: aMinute })).toBe('1m');
      expect(closestDuration('2 hours', { accepts: aMinute })).toBe('2h');
      expect(
        closestDuration('5 sec', { accepts: (written) => DurationSchema.parse(written) < 1000 }),
      ).toBeUndefined();
    });
  });

  describe('formatDuration', () => {
    it('writes what the schema reads back', () => {
      for (const ms of [250, 45_000, 90_000, 330_000, 600_000, 3_723_000, 90_061_000, 30 * 86_400_000]) {
        expect(DurationSchema.parse(formatDuration(ms))).toBe(ms);
      }
    });

    it('writes days and hours as such, not thousands of minutes', () => {
      expect(formatDuration(30 * 86_400_000)).toBe('30d');
      expect(formatDuration(1000 * 86_400_000)).toBe('1000d');
      expect(formatDuration(3_600_000)).toBe('1h');
      expect(formatDuration(5_400_000)).toBe('1h30m');
      expect(formatDuration(86_400_000 + 6 * 3_600_000 + 5_000)).toBe('1d6h5s');
      expect(formatDuration(59_000)).toBe('59s');
    });

    it('writes a duration past any drill in whole days, not in exponent notation of minutes', () => {
      expect(formatDuration(1e16)).toBe('115740741d');
    });
  });
});
