import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { call, setup, transient } from '../test-fixtures/router-harness.js';

describe('attempt timeouts', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('does not retry a timed-out target while another candidate remains: it falls back at once', async () => {
    const { model, models, sink } = setup(
      { alpha: [{ hang: true }, { hang: true }], beta: [{ text: 'ok' }] },
      { health: { maxRetries: 2, ttftTimeoutMs: 1_000, initialBackoffMs: 10, maxBackoffMs: 10 } },
    );
    const pending = model.doGenerate(call());
    await vi.advanceTimersByTimeAsync(1_000);
    const result = await pending;
    expect(result.providerMetadata?.switchyard).toMatchObject({ servedBy: 'beta', attempts: 2 });
    expect(models.alpha.calls).toHaveLength(1);
    expect(
      sink.records[0]?.attempts.map((attempt) => [attempt.targetId, attempt.failureKind, attempt.retry]),
    ).toEqual([
      ['alpha', 'timeout', 0],
      ['beta', undefined, 0],
    ]);
  });

  it('retries a timed-out attempt on the last candidate within maxRetries', async () => {
    const { model, models, sink } = setup(
      { alpha: [{ hang: true }, { hang: true }, { text: 'late' }] },
      {
        config: { routes: { chat: { targets: ['alpha'] } } },
        health: {
          maxRetries: 2,
          attemptTimeoutMs: 1_000,
          initialBackoffMs: 10,
          maxBackoffMs: 10,
          streamGenerate: false,
        },
      },
    );
    const pending = model.doGenerate(call());
    await vi.advanceTimersByTimeAsync(5_000);
    const result = await pending;
    expect(result.providerMetadata?.switchyard).toMatchObject({ servedBy: 'alpha', attempts: 3 });
    expect(models.alpha.calls).toHaveLength(3);
    expect(sink.records[0]?.attempts.map((attempt) => [attempt.failureKind, attempt.retry])).toEqual([
      ['timeout', 0],
      ['timeout', 1],
      [undefined, 2],
    ]);
  });

  it('counts timeouts in the circuit breaker: a silent target opens its circuit and is skipped', async () => {
    const { router, model, models, sink } = setup(
      { alpha: [{ hang: true }, { hang: true }], beta: Array.from({ length: 3 }, () => ({ text: 'ok' })) },
      {
        health: {
          maxRetries: 0,
          attemptTimeoutMs: 1_000,
          streamGenerate: false,
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
          ttftTimeoutMs: 1_000,
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
