import { describe, expect, it } from 'vitest';
import { LatencyDigest, latencyRelativeError, seriesLatencyRelativeError } from './latency-digest.js';

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
}

/** Nearest-rank percentile of sorted values. */
const exact = (sorted: number[], percentile: number) =>
  sorted[Math.max(0, Math.ceil((percentile / 100) * sorted.length) - 1)] as number;

describe('LatencyDigest', () => {
  describe('summary', () => {
    it.each([
      [3, latencyRelativeError],
      [2, seriesLatencyRelativeError],
    ] as const)('keeps p50/p90/p99 within the stated error with %i significant digits', (digits, error) => {
      const next = seeded(7);
      const digest = new LatencyDigest({ significantDigits: digits });
      const values: number[] = [];
      for (let index = 0; index < 20_000; index++) {
        // Long-tailed: mostly 50-500 ms, some up to 30 s.
        const value = Math.round((next() < 0.97 ? 50 + next() * 450 : 500 + next() * 29_500) * 1000) / 1000;
        values.push(value);
        digest.record(value);
      }
      values.sort((a, b) => a - b);
      const summary = digest.summary();
      expect(summary.count).toBe(values.length);
      for (const [percentile, got] of [
        [50, summary.p50],
        [90, summary.p90],
        [99, summary.p99],
      ] as const) {
        const want = exact(values, percentile);
        expect(Math.abs(got - want)).toBeLessThanOrEqual(want * error + 0.001);
      }
      expect(Math.abs(summary.max - (values.at(-1) as number))).toBeLessThanOrEqual(
        (values.at(-1) as number) * error,
      );
    });

    it('adds another digest', () => {
      const a = new LatencyDigest();
      const b = new LatencyDigest();
      a.record(10);
      b.record(1000);
      a.add(b);
      expect(a.count).toBe(2);
      expect(a.summary().max).toBeCloseTo(1000, 0);
    });

    it('puts no percentile above the largest value recorded (a chart bucket read 1,155 ms for a maximum of 1,152)', () => {
      const digest = new LatencyDigest({ significantDigits: 2 });
      for (const value of [610, 610, 663, 1152]) digest.record(value);
      const summary = digest.summary();
      expect(summary.max).toBe(1152);
      expect(summary.p99).toBe(1152);
      expect(summary.p90).toBeLessThanOrEqual(1152);
    });

    it('is all zeros when empty', () => {
      expect(new LatencyDigest().summary()).toEqual({ count: 0, p50: 0, p90: 0, p99: 0, max: 0, mean: 0 });
    });
  });
});
