import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { healthDefaults } from '../health/health-options.js';
import { TargetResilience, tripsBreaker } from './target-resilience.js';

const options = { ...healthDefaults, breakerThreshold: 2, breakerHalfOpenAfterMs: 1_000, maxConcurrent: 2 };
const timeout = { kind: 'timeout', message: 'slow' } as const;

describe('TargetResilience', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets attempts through a closed circuit directly and refuses beyond the bulkhead', () => {
    const resilience = new TargetResilience(options);
    expect(resilience.gate(0)).toBe('closed');
    expect(resilience.gate(2)).toBe('full');
  });

  it('opens after consecutive failures (timeouts included), and a success in between resets the count', async () => {
    const resilience = new TargetResilience(options);
    await resilience.recordFailure(timeout);
    resilience.recordSuccess();
    await resilience.recordFailure(timeout);
    expect(resilience.circuit).toBe('closed');
    await resilience.recordFailure(timeout);
    expect(resilience.circuit).toBe('open');
    expect(resilience.gate(0)).toBe('open');
    expect(resilience.isDemoted()).toBe(true);
  });

  it('ignores failures that say nothing of the target', async () => {
    const resilience = new TargetResilience(options);
    for (const kind of ['cutoff', 'invalid_request', 'content_filtered', 'auth', 'context_length'] as const) {
      expect(tripsBreaker({ kind, message: kind })).toBe(false);
      await resilience.recordFailure({ kind, message: kind });
    }
    expect(resilience.circuit).toBe('closed');
  });

  it('runs the half-open trial through the breaker: a failed trial re-opens, a good one closes', async () => {
    const resilience = new TargetResilience(options);
    await resilience.recordFailure(timeout);
    await resilience.recordFailure(timeout);
    vi.advanceTimersByTime(1_000);
    expect(resilience.gate(0)).toBe('trial');
    expect(await resilience.trial(async () => ({ failure: timeout }))).toEqual({ failure: timeout });
    expect(resilience.circuit).toBe('open');
    vi.advanceTimersByTime(1_000);
    expect(await resilience.trial(async () => ({ value: 'ok', failure: undefined }))).toEqual({
      value: 'ok',
    });
    expect(resilience.circuit).toBe('closed');
  });
});
