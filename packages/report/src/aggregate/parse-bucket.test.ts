import { describe, expect, it } from 'vitest';
import { parseBucket } from './parse-bucket.js';

describe('parseBucket', () => {
  it('reads a width in milliseconds', () => {
    expect(parseBucket('10s')).toBe(10_000);
    expect(parseBucket('1.5m')).toBe(90_000);
    expect(parseBucket('1ms')).toBe(1);
  });

  it('says a zero width is too short, not that it is no duration', () => {
    expect(() => parseBucket('0s')).toThrow(
      'bucket "0s" is shorter than 1ms; expected a width of at least 1ms, e.g. 10s, 1m, 1h or 1d',
    );
    expect(() => parseBucket('0.5ms')).toThrow('bucket "0.5ms" is shorter than 1ms');
  });

  it('refuses what is not a duration', () => {
    expect(() => parseBucket('1x')).toThrow('bucket "1x" is not a duration; use e.g. 10s, 1m, 1h or 1d');
  });
});
