import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { call, setup, transient } from '../test-fixtures/router-harness.js';

describe('attempt timeouts', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('retries a timed-out attempt within maxRetries, then falls back', async () => {
    const { model, models, sink } = setup(
      { alpha: [{ hang: true }, { hang: true }], beta: [{ text: 'ok' }] },
      { health: { maxRetries: 1, attemptTimeoutMs: 1_000, initialBackoffMs: 10, maxBackoffMs: 10 } },
    );
    const pending = model.doGenerate(call());
    await vi.advanceTimersByTimeAsync(5_000);
    const result = await pending;
    expect(result.providerMetadata?.switchyard).toMatchObject({ servedBy: 'beta', attempts: 3 });
    expect(models.alpha.calls).toHaveLength(2);
    expect(
      sink.records[0]?.attempts.map((attempt) => [attempt.targetId, attempt.failureKind, attempt.retry]),
    ).toEqual([
      ['alpha', 'timeout', 0],
      ['alpha', 'timeout', 1],
      ['beta', undefined, 0],
    ]);
  });

  it('counts timeouts in the circuit breaker: a silent target opens its circuit and is skipped', async () => {
    const { router, model, models, sink } = setup(
      { alpha: [{ hang: true }, { hang: true }], beta: Array.from({ length: 3 }, () => ({ text: 'ok' })) },
      {
        health: {
          maxRetries: 0,
          attemptTimeoutMs: 1_000,
          breakerThreshold: 2,
          breakerHalfOpenAfterMs: 60_000,
        },
      },
    );
    for (let index = 0; index < 2; index++) {
      const pending = model.doGenerate(call());
      await vi.advanceTimersByTimeAsync(1_000);
      await pending;
    }
    expect(router.health.state('alpha').circuit).toBe('open');
    // The third request does not pay the timeout again.
    const third = await model.doGenerate(call());
    expect(third.providerMetadata?.switchyard?.servedBy).toBe('beta');
    expect(models.alpha.calls).toHaveLength(2);
    expect(sink.records[2]?.attempts.map((attempt) => attempt.targetId)).toEqual(['beta']);
  });

  it('re-opens the circuit when a half-open trial times out', async () => {
    const { router, model, models } = setup(
      {
        alpha: [{ error: transient }, { hang: true }],
        beta: Array.from({ length: 3 }, () => ({ text: 'ok' })),
      },
      {
        health: {
          maxRetries: 0,
          attemptTimeoutMs: 1_000,
          breakerThreshold: 1,
          breakerHalfOpenAfterMs: 10_000,
        },
      },
    );
    await model.doGenerate(call());
    expect(router.health.state('alpha').circuit).toBe('open');
    await vi.advanceTimersByTimeAsync(10_000);
    const trial = model.doGenerate(call());
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await trial).providerMetadata?.switchyard?.servedBy).toBe('beta');
    expect(models.alpha.calls).toHaveLength(2);
    expect(router.health.state('alpha').circuit).toBe('open');
    expect((await model.doGenerate(call())).providerMetadata?.switchyard?.servedBy).toBe('beta');
    expect(models.alpha.calls).toHaveLength(2);
  });
});
