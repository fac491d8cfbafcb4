import { describe, expect, it } from 'vitest';
import { compareText } from './compare-text.js';

describe('compareText', () => {
  it('orders by UTF-16 code units: digits, then uppercase, then lowercase, then non-ASCII', () => {
    expect(['zeta', 'tau', 'Beta', 'é', '10', '9'].sort(compareText)).toEqual([
      '10',
      '9',
      'Beta',
      'tau',
      'zeta',
      'é',
    ]);
  });

  it('returns 0 only for equal strings, and is antisymmetric', () => {
    expect(compareText('ollama-eu', 'ollama-eu')).toBe(0);
    expect(compareText('a', 'b')).toBe(-1);
    expect(compareText('b', 'a')).toBe(1);
    expect(compareText('ab', 'a')).toBe(1);
  });

  it('puts z after t, which an Estonian localeCompare does not', () => {
    expect(compareText('t', 'z')).toBeLessThan(0);
    expect('z'.localeCompare('t', 'et')).toBeLessThan(0);
  });
});
