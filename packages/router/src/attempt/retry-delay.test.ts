import { describe, expect, it } from 'vitest';
import { retryDelay } from './retry-delay.js';

const options = { retryAfterMs: undefined, initialBackoffMs: 100, maxBackoffMs: 1_000, random: () => 0.5 };

describe('retryDelay', () => {
  it('waits what the provider asked when it asked', () => {
    expect(retryDelay({ ...options, retry: 3, retryAfterMs: 2_500 })).toBe(2_500);
  });

  it('backs off exponentially with jitter, capped', () => {
    expect([0, 1, 2, 3, 4].map((retry) => retryDelay({ ...options, retry }))).toEqual([
      75, 150, 300, 600, 750,
    ]);
    expect(retryDelay({ ...options, retry: 0, random: () => 0 })).toBe(50);
    expect(retryDelay({ ...options, retry: 0, random: () => 1 })).toBe(100);
  });
});
