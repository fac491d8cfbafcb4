import { describe, expect, it } from 'vitest';
import { roundUsd } from './round-usd.js';

describe('roundUsd', () => {
  it('drops the noise a sum of costs leaves, keeping the costs it sums', () => {
    const costs = [0.000884, 0.001745, 0.0008575, 0.1, 0.2];
    let sum = 0;
    for (let index = 0; index < 1_200; index++) sum += costs[index % costs.length] as number;
    // 240 of each: 0.000884 + 0.001745 + 0.0008575 + 0.1 + 0.2 = 0.3034865, times 240.
    expect(sum).not.toBe(72.83676);
    expect(roundUsd(sum)).toBe(72.83676);
    expect(roundUsd(0.1 + 0.2)).toBe(0.3);
  });

  it('keeps small, negative, zero and non-finite figures as they are', () => {
    expect(roundUsd(1.5e-10)).toBe(1.5e-10);
    expect(roundUsd(-0.30000000000000004)).toBe(-0.3);
    expect(roundUsd(0)).toBe(0);
    expect(roundUsd(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(roundUsd(123_456.789)).toBe(123_456.789);
  });
});
