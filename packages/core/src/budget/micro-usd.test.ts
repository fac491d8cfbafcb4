import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { costOf } from '../cost/cost-of.js';
import { attemptCharge } from './attempt-charge.js';
import { ceilMicroUsd, costMicroUsd, microUsdToUsd, usdToMicroUsd } from './micro-usd.js';

const usage = (inputTokens: number, outputTokens: number, cachedInputTokens = 0) => ({
  inputTokens,
  outputTokens,
  cachedInputTokens,
  reasoningTokens: 0,
});

describe('ceilMicroUsd', () => {
  it('rounds up to a whole micro-dollar but ignores floating-point noise', () => {
    expect(ceilMicroUsd(10 * 0.3)).toBe(3);
    expect(ceilMicroUsd(0.1 + 0.2)).toBe(1);
    expect(ceilMicroUsd(3.000001)).toBe(4);
    expect(ceilMicroUsd(0)).toBe(0);
    expect(ceilMicroUsd(-5)).toBe(0);
  });
});

describe('costMicroUsd', () => {
  it('is costOf in micro-dollars, rounded up to the next whole one, never below it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.integer({ min: 0, max: 200_000 }),
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.record({
          input: fc.double({ min: 0, max: 100, noNaN: true }),
          output: fc.double({ min: 0, max: 200, noNaN: true }),
        }),
        (input, output, cached, price) => {
          const tokens = usage(input, output, cached);
          const micro = costMicroUsd({ usage: tokens, price });
          const exact = costOf({ usage: tokens, price }) * 1_000_000;
          expect(Number.isInteger(micro)).toBe(true);
          expect(micro).toBeGreaterThanOrEqual(exact - exact * 1e-9);
          expect(micro - exact).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('prices 1,000 input and 500 output tokens at $2.50 and $15 per million as 10,000 micro-dollars', () => {
    expect(costMicroUsd({ usage: usage(1000, 500), price: { input: 2.5, output: 15 } })).toBe(10_000);
  });
});

describe('usdToMicroUsd', () => {
  it('converts both ways exactly for 6 decimals', () => {
    expect(usdToMicroUsd(0.1)).toBe(100_000);
    expect(usdToMicroUsd(12.345678)).toBe(12_345_678);
    expect(microUsdToUsd(2_500)).toBe(0.0025);
  });
});

describe('attemptCharge', () => {
  it('charges cost, tokens and one request for an attempt that reached the target', () => {
    expect(attemptCharge({ usage: usage(100, 200), price: { input: 2, output: 10 }, sent: true })).toEqual({
      microUsd: 2_200,
      tokens: 300,
      requests: 1,
    });
    expect(attemptCharge({ usage: undefined, price: { input: 2, output: 10 }, sent: false })).toEqual({
      microUsd: 0,
      tokens: 0,
      requests: 0,
    });
  });
});
