import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './parse-retry-after.js';

describe('parseRetryAfter', () => {
  describe('with retry-after-ms', () => {
    it('prefers retry-after-ms over retry-after', () => {
      expect(parseRetryAfter(new Headers({ 'retry-after-ms': '579.5', 'retry-after': '3' }))).toBe(579.5);
    });
    it('falls back to retry-after when retry-after-ms is invalid', () => {
      expect(parseRetryAfter({ 'retry-after-ms': 'soon', 'retry-after': '3' })).toBe(3000);
      expect(parseRetryAfter({ 'retry-after-ms': '-5', 'retry-after': '1' })).toBe(1000);
    });
  });
  describe('with retry-after', () => {
    it('reads delay-seconds, including zero and fractions', () => {
      expect(parseRetryAfter({ 'retry-after': '0' })).toBe(0);
      expect(parseRetryAfter({ 'retry-after': ' 2.5 ' })).toBe(2500);
    });
    it('reads an HTTP date relative to now, never negative', () => {
      const now = Date.parse('Sun, 22 Nov 2026 18:00:00 GMT');
      expect(parseRetryAfter({ 'retry-after': 'Sun, 22 Nov 2026 18:00:30 GMT' }, now)).toBe(30_000);
      expect(parseRetryAfter({ 'retry-after': 'Sun, 22 Nov 2026 17:00:00 GMT' }, now)).toBe(0);
    });
    it('ignores negative and unparseable values', () => {
      expect(parseRetryAfter({ 'retry-after': '-1' })).toBeUndefined();
      expect(parseRetryAfter({ 'retry-after': 'later' })).toBeUndefined();
      expect(parseRetryAfter({ 'retry-after': '' })).toBeUndefined();
    });
    it('reads the first value of a repeated header', () => {
      expect(parseRetryAfter({ 'retry-after': ['4', '9'] })).toBe(4000);
    });
  });
  describe('without headers', () => {
    it('returns undefined', () => {
      expect(parseRetryAfter(undefined)).toBeUndefined();
      expect(parseRetryAfter(new Headers())).toBeUndefined();
    });
  });
});
