import { describe, expect, it } from 'vitest';
import { memberConcurrency } from './member-concurrency.js';

const shares = (concurrency: number, processes: number) =>
  Array.from({ length: processes }, (_, index) => memberConcurrency({ concurrency, processes, index }));

describe('memberConcurrency', () => {
  it('shares the concurrency between the processes so the fleet keeps exactly as many in flight', () => {
    expect(shares(10, 3)).toEqual([4, 3, 3]);
    expect(shares(10, 5)).toEqual([2, 2, 2, 2, 2]);
    expect(shares(7, 4)).toEqual([2, 2, 2, 1]);
    expect(shares(64, 64).reduce((sum, share) => sum + share, 0)).toBe(64);
  });
  it('keeps one in flight per process when the concurrency is below the processes', () => {
    expect(shares(2, 4)).toEqual([1, 1, 1, 1]);
  });
});
