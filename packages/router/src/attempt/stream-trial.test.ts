import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFleetStore } from '../test-fixtures/fake-fleet-store.js';
import { call, collect, setup, textOf, transient } from '../test-fixtures/router-harness.js';

/** A circuit that opens at the second consecutive failure and lets a trial through 10 s later. */
const breaker = { maxRetries: 0, breakerThreshold: 2, breakerHalfOpenAfterMs: 10_000 } as const;
const cutAfterTwoWords = { text: 'one two three four five', streamErrorAfterWords: 2, error: transient };
/** Mid-stream failures end the stream with an error part (no continuation on another target). */
const noContinuation = { providerOptions: { switchyard: { midStream: 'error' } } } as const;

describe('a half-open trial that is a stream (judged when it ends, as a closed circuit judges one)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Two failures of alpha open its circuit; then its half-open delay passes. */
  async function openAlpha(model: ReturnType<typeof setup>['model']) {
    for (let index = 0; index < 2; index++) await model.doGenerate(call());
    await vi.advanceTimersByTimeAsync(10_000);
  }

  it('re-opens the circuit when the trial stream opens and then fails mid-answer', async () => {
    const { router, model, models } = setup(
      {
        alpha: [{ error: transient }, { error: transient }, cutAfterTwoWords],
        beta: Array.from({ length: 4 }, () => ({ text: 'beta answers' })),
      },
      { health: breaker },
    );
    await openAlpha(model);
    expect(router.health.state('alpha').circuit).toBe('open');

    const parts = await collect((await model.doStream(call(noContinuation))).stream);
    expect(textOf(parts)).toBe('one two');
    expect(parts.at(-1)?.type).toBe('error');
    expect(models.alpha.calls).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(0);
    // Judged at its open, the trial had closed the circuit, and one failure is below the threshold.
    expect(router.health.state('alpha').circuit).toBe('open');
    const next = await model.doGenerate(call());
    expect(next.providerMetadata?.switchyard?.servedBy).toBe('beta');
    expect(models.alpha.calls).toHaveLength(3);
  });

  it('closes the circuit when the trial stream ends well, and keeps other attempts off the target meanwhile', async () => {
    const { router, model, models, sink } = setup(
      {
        alpha: [{ error: transient }, { error: transient }, { text: 'alpha is back' }, { text: 'again' }],
        beta: [{ text: 'b' }, { text: 'b' }, { text: 'b' }, { error: transient }],
      },
      { health: breaker },
    );
    await openAlpha(model);

    const trial = await model.doStream(call());
    expect(router.health.state('alpha').circuit).toBe('half-open');
    // The trial's verdict is not in yet: alpha stays behind the healthy beta (judged at its open,
    // the trial had closed the circuit, and alpha would serve this request).
    const meanwhile = await model.doGenerate(call());
    expect(meanwhile.providerMetadata?.switchyard?.servedBy).toBe('beta');
    // Reached all the same (beta fails), alpha is skipped: not waited on for the whole stream.
    await expect(model.doGenerate(call())).rejects.toThrow();
    expect(sink.records.at(-1)?.skipped).toContainEqual({
      targetId: 'alpha',
      reason: 'circuit_open',
      detail: 'its circuit is half-open: a trial stream is still running',
    });
    expect(models.alpha.calls).toHaveLength(3);

    expect(textOf(await collect(trial.stream))).toBe('alpha is back');
    await vi.advanceTimersByTimeAsync(0);
    expect(router.health.state('alpha').circuit).toBe('closed');
    expect((await model.doGenerate(call())).providerMetadata?.switchyard?.servedBy).toBe('alpha');
    expect(models.alpha.calls).toHaveLength(4);
  });

  it('closes the circuit when the caller cancels the trial stream (nothing the target did wrong)', async () => {
    const { router, model } = setup(
      {
        alpha: [
          { error: transient },
          { error: transient },
          { text: 'alpha is back with a long answer' },
          { text: 'again' },
        ],
        beta: Array.from({ length: 2 }, () => ({ text: 'beta answers' })),
      },
      { health: breaker },
    );
    await openAlpha(model);
    const trial = await model.doStream(call());
    const reader = trial.stream.getReader();
    await reader.read();
    await reader.cancel('enough');
    await vi.advanceTimersByTimeAsync(0);
    expect(router.health.state('alpha').circuit).toBe('closed');
    expect((await model.doGenerate(call())).providerMetadata?.switchyard?.servedBy).toBe('alpha');
  });

  it('tells the fleet how its trial went when the stream ends, not when it opens', async () => {
    const fleet = fakeFleetStore();
    const now = Date.parse('2026-06-01T00:00:00.000Z');
    fleet.record('alpha').sharedCircuit = {
      state: 'open',
      openUntil: now - 1,
      since: now - 30_000,
      by: 'web-2',
      source: 'fleet',
    };
    const { model } = setup(
      { alpha: [cutAfterTwoWords], beta: [{ text: 'b' }] },
      {
        healthStore: fleet.store,
        clock: { now: () => now },
        health: { ...breaker, breakerHalfOpenAfterMs: 5_000 },
      },
    );
    const trial = await model.doStream(call(noContinuation));
    expect(fleet.calls).toEqual(['tryProbe true']);
    const parts = await collect(trial.stream);
    expect(parts.at(-1)?.type).toBe('error');
    await vi.advanceTimersByTimeAsync(0);
    expect(fleet.calls).toEqual(['tryProbe true', `noteCircuit open ${now + 5_000}`, 'releaseProbe']);
  });
});
