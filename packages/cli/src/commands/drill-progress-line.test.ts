import { describe, expect, it } from 'vitest';
import { formatProgressLine } from './drill.js';

describe('formatProgressLine', () => {
  it('writes the simulated time of a long drill in days and hours, not thousands of minutes', () => {
    const progress = {
      elapsedMs: 30 * 86_400_000 + 2 * 3_600_000,
      realElapsedMs: 12_300,
      total: 100,
      sent: 50,
      served: 49,
      failed: 1,
      inFlight: 0,
      fallbacks: 2,
      attempts: 52,
      share: { a: 1 },
      costUsd: 0,
    };
    expect(formatProgressLine(progress, ['a'])).toBe(
      '[12.3s] +30d2h simulated: sent 50/100, served 49, fallbacks 2, failures 1, in flight 0; share a 100%',
    );
  });
});
