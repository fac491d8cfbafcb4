import { DecisionRecordSchema, errorCodes } from '@switchyard/core';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { providerFailure, type ScriptedStep } from '../test/scripted-model.js';
import { call, collect, setup, textOf, transient } from '../test-fixtures/router-harness.js';

/** A 429 asking to wait `retryAfterMs`. */
const rateLimited = (retryAfterMs: number) =>
  providerFailure({ kind: 'rate_limited', status: 429, message: 'slow down', retryAfterMs });

describe('runCandidates', () => {
  describe('retries and time', () => {
    beforeEach(() => {
      vi.useFakeTimers();
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('honours retry-after on a rate limit before retrying the same target', async () => {
      const limited = rateLimited(3_000);
      const { model, models } = setup(
        { alpha: [{ error: limited }, { text: 'after the wait' }] },
        { health: { maxRetries: 1 } },
      );
      const pending = model.doGenerate(call());
      await vi.advanceTimersByTimeAsync(2_999);
      expect(models.alpha.calls).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      const result = await pending;
      expect(models.alpha.calls).toHaveLength(2);
      expect(result.providerMetadata?.switchyard).toMatchObject({ servedBy: 'alpha', attempts: 2 });
    });

    it('moves on at once when the failure opened the circuit, which would refuse the retry after the wait', async () => {
      const limited = rateLimited(3_000);
      const { model, models, sink } = setup(
        { alpha: [{ error: limited }], beta: [{ text: 'now' }] },
        { health: { maxRetries: 2, breakerThreshold: 1, breakerHalfOpenAfterMs: 60_000 } },
      );
      const pending = model.doGenerate(call());
      await vi.advanceTimersByTimeAsync(0);
      expect(models.beta.calls).toHaveLength(1);
      const result = await pending;
      expect(result.providerMetadata?.switchyard?.servedBy).toBe('beta');
      expect(models.alpha.calls).toHaveLength(1);
      expect(sink.records[0]?.skipped).toEqual([
        expect.objectContaining({ targetId: 'alpha', reason: 'circuit_open' }),
      ]);
    });

    it('waits for a retry the circuit will allow: one due after its half-open delay runs as its trial', async () => {
      const limited = rateLimited(3_000);
      const { model, models } = setup(
        { alpha: [{ error: limited }, { text: 'after the wait' }], beta: [{ text: 'now' }] },
        { health: { maxRetries: 2, breakerThreshold: 1, breakerHalfOpenAfterMs: 2_000 } },
      );
      const pending = model.doGenerate(call());
      await vi.advanceTimersByTimeAsync(3_000);
      const result = await pending;
      expect(result.providerMetadata?.switchyard?.servedBy).toBe('alpha');
      expect(models.beta.calls).toHaveLength(0);
    });

    it('waits a retry-after in the time of a clock that has its own wait (a scaled clock)', async () => {
      const limited = rateLimited(3_000);
      // A clock 30 times faster than real time: 3 s of its time are 100 real ms.
      const waits: number[] = [];
      const clock = {
        now: () => Date.now() * 30,
        wait: (ms: number) => {
          waits.push(ms);
          return new Promise<boolean>((resolve) => setTimeout(() => resolve(true), ms / 30));
        },
      };
      const { model, models } = setup(
        { alpha: [{ error: limited }, { text: 'after the wait' }] },
        { health: { maxRetries: 1 }, clock },
      );
      const pending = model.doGenerate(call());
      await vi.advanceTimersByTimeAsync(99);
      expect(models.alpha.calls).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(waits).toEqual([3_000]);
      expect(models.alpha.calls).toHaveLength(2);
      const result = await pending;
      expect(result.providerMetadata?.switchyard).toMatchObject({ servedBy: 'alpha', attempts: 2 });
    });

    it('moves on at once when retry-after is longer than maxRetryAfterMs', async () => {
      const limited = rateLimited(60_000);
      const { model, models } = setup(
        { alpha: [{ error: limited }], beta: [{ text: 'now' }] },
        { health: { maxRetries: 2, maxRetryAfterMs: 5_000 } },
      );
      const result = await model.doGenerate(call());
      expect(result.providerMetadata?.switchyard?.servedBy).toBe('beta');
      expect(models.alpha.calls).toHaveLength(1);
    });

    it('retries transient failures with exponential backoff, then falls back', async () => {
      const { model, models, sink } = setup(
        { alpha: [{ error: transient }, { error: transient }, { error: transient }], beta: [{ text: 'ok' }] },
        { health: { maxRetries: 2, initialBackoffMs: 100 } },
      );
      const pending = model.doGenerate(call());
      await vi.advanceTimersByTimeAsync(10_000);
      await pending;
      expect(models.alpha.calls).toHaveLength(3);
      const starts = sink.records[0]?.attempts
        .filter((attempt) => attempt.targetId === 'alpha')
        .map((attempt) => attempt.startMs);
      // jitter is 0.75 with random 0.5: 75 ms, then 150 ms
      expect(starts).toEqual([0, 75, 225]);
      expect(sink.records[0]?.attempts.map((attempt) => attempt.retry)).toEqual([0, 1, 2, 0]);
    });

    it('times out an attempt that does not answer and falls back', async () => {
      const { model, sink } = setup(
        { alpha: [{ hang: true }], beta: [{ text: 'ok' }] },
        { health: { maxRetries: 0, attemptTimeoutMs: 1_000, streamGenerate: false } },
      );
      const pending = model.doGenerate(call());
      await vi.advanceTimersByTimeAsync(1_000);
      const result = await pending;
      expect(result.providerMetadata?.switchyard?.servedBy).toBe('beta');
      // The model honoured the abort: its rejection is still recorded as our timeout, not as an abort.
      expect(sink.records[0]?.attempts[0]).toMatchObject({
        targetId: 'alpha',
        failureKind: 'timeout',
        message: 'no answer within 1000 ms',
      });
    });

    it('times out a stream without a first token and falls back, recording a timeout', async () => {
      const { model, sink } = setup(
        { alpha: [{ hang: true }], beta: [{ text: 'ok' }] },
        { health: { maxRetries: 0, ttftTimeoutMs: 1_000 } },
      );
      const pending = model.doStream(call());
      await vi.advanceTimersByTimeAsync(1_000);
      expect(textOf(await collect((await pending).stream))).toBe('ok');
      expect(sink.records[0]?.attempts[0]).toMatchObject({
        targetId: 'alpha',
        failureKind: 'timeout',
        message: 'no first token within 1000 ms',
      });
    });

    it('stops at the deadline with DEADLINE_EXCEEDED', async () => {
      const { model, models } = setup(
        { alpha: [{ hang: true }], beta: [{ text: 'too late' }] },
        { deadlineMs: 500 },
      );
      const pending = Promise.resolve(model.doGenerate(call())).catch((error: unknown) => error);
      await vi.advanceTimersByTimeAsync(500);
      expect(await pending).toMatchObject({ code: errorCodes.DEADLINE_EXCEEDED });
      expect(models.beta.calls).toHaveLength(0);
    });

    it('stops when the caller aborts mid-fallback and tries nothing more', async () => {
      const controller = new AbortController();
      const { model, models, sink } = setup(
        { alpha: [{ error: transient }, { text: 'never' }], beta: [{ text: 'never' }] },
        { health: { maxRetries: 1, initialBackoffMs: 1_000 } },
      );
      const pending = Promise.resolve(model.doGenerate(call({ abortSignal: controller.signal }))).catch(
        (error: unknown) => error,
      );
      await vi.advanceTimersByTimeAsync(100);
      controller.abort(new Error('user left'));
      expect(await pending).toMatchObject({ code: errorCodes.ABORTED });
      expect(models.alpha.calls).toHaveLength(1);
      expect(models.beta.calls).toHaveLength(0);
      expect(sink.records[0]?.error?.code).toBe(errorCodes.ABORTED);
    });
  });

  describe('policy changes while a request runs', () => {
    const denyBeta = {
      rules: [
        {
          id: 'deny-beta',
          description: 'beta is denied from now on',
          source: 'test',
          effect: 'deny' as const,
          targets: { id: ['beta'] },
        },
      ],
    };
    const denyAlpha = {
      rules: [
        {
          id: 'deny-alpha',
          description: 'alpha is denied from now on',
          source: 'test',
          effect: 'deny' as const,
          targets: { id: ['alpha'] },
        },
      ],
    };

    it('does not fall back to a target the policy denied after the request started', async () => {
      const { router, model, models, sink } = setup(
        { beta: [{ text: 'never' }], local: [{ text: 'local' }] },
        // alpha's doGenerate is replaced: generate calls go to it, not through its stream.
        { health: { streamGenerate: false } },
      );
      models.alpha.doGenerate = async () => {
        router.setPolicy(denyBeta);
        throw transient;
      };
      const fallbacks: { from: string; to: string }[] = [];
      router.on('fallback', ({ from, to }) => fallbacks.push({ from, to }));
      const result = await model.doGenerate(call());
      expect(result.providerMetadata?.switchyard?.servedBy).toBe('local');
      expect(models.beta.calls).toHaveLength(0);
      // A fallback is announced only to a target that is admitted: never to beta.
      expect(fallbacks).toEqual([
        { from: 'alpha', to: 'gamma' },
        { from: 'gamma', to: 'local' },
      ]);
      expect(sink.records[0]?.skipped).toContainEqual(
        expect.objectContaining({ targetId: 'beta', reason: 'policy' }),
      );
      expect(DecisionRecordSchema.parse(sink.records[0])).toBeTruthy();
    });

    it('does not start an attempt when an effective date passes between the plan and the attempt', async () => {
      const planned = Date.parse('2026-06-01T00:00:00.000Z');
      let reads = 0;
      // The plan reads the clock first; by the time the attempt starts, the rule is in force.
      const clock = { now: () => (reads++ === 0 ? planned : planned + 1_000) };
      const { model, models, sink } = setup(
        { beta: [{ text: 'beta' }] },
        {
          clock,
          config: {
            policy: {
              rules: [
                {
                  id: 'deny-alpha-at-dawn',
                  description: 'alpha is denied from half a second after the plan',
                  source: 'test',
                  effect: 'deny',
                  effective: new Date(planned + 500).toISOString(),
                  targets: { id: ['alpha'] },
                },
              ],
            },
          },
        },
      );
      const result = await model.doGenerate(call());
      expect(result.providerMetadata?.switchyard?.servedBy).toBe('beta');
      expect(models.alpha.calls).toHaveLength(0);
      expect(sink.records[0]?.attempts.map((attempt) => attempt.targetId)).toEqual(['beta']);
      expect(sink.records[0]?.skipped).toContainEqual(
        expect.objectContaining({ targetId: 'alpha', reason: 'policy' }),
      );
    });

    it('does not retry a target the policy denied between two attempts', async () => {
      const { router, model, models, sink } = setup(
        { beta: [{ text: 'beta' }] },
        { health: { maxRetries: 2, initialBackoffMs: 1, maxBackoffMs: 1, streamGenerate: false } },
      );
      let calls = 0;
      models.alpha.doGenerate = async () => {
        calls++;
        router.setPolicy(denyAlpha);
        throw transient;
      };
      const result = await model.doGenerate(call());
      expect(result.providerMetadata?.switchyard?.servedBy).toBe('beta');
      expect(calls).toBe(1);
      expect(sink.records[0]?.skipped).toContainEqual(
        expect.objectContaining({ targetId: 'alpha', reason: 'policy' }),
      );
    });
  });

  describe('circuit breaker', () => {
    it('opens the circuit after repeated failures and skips the target while open', async () => {
      const steps: ScriptedStep[] = Array.from({ length: 3 }, () => ({ error: transient }));
      const { router, model, models, sink } = setup(
        { alpha: steps, beta: Array.from({ length: 4 }, () => ({ text: 'ok' })) },
        { health: { breakerThreshold: 3, breakerHalfOpenAfterMs: 60_000 } },
      );
      for (let index = 0; index < 4; index++) await model.doGenerate(call());
      expect(models.alpha.calls).toHaveLength(3);
      expect(router.health.state('alpha').circuit).toBe('open');
      // alpha was passed over (its circuit is open): the record says so.
      expect(sink.records[3]?.skipped).toEqual([
        expect.objectContaining({ targetId: 'alpha', reason: 'circuit_open' }),
      ]);
      expect(sink.records[3]?.attempts.map((attempt) => attempt.targetId)).toEqual(['beta']);
    });

    it('resets the consecutive failures when a first attempt serves (one doGenerate or a stream)', async () => {
      for (const streamGenerate of [false, true]) {
        // fail, serve, fail, fail: with a threshold of 3, the success in between keeps the circuit closed.
        const { router, model } = setup(
          {
            alpha: [{ error: transient }, { text: 'ok' }, { error: transient }, { error: transient }],
            beta: Array.from({ length: 3 }, () => ({ text: 'fallback' })),
          },
          { health: { maxRetries: 0, breakerThreshold: 3, breakerHalfOpenAfterMs: 60_000, streamGenerate } },
        );
        const served = [];
        for (let index = 0; index < 4; index++)
          served.push((await model.doGenerate(call())).providerMetadata?.switchyard?.servedBy);
        expect(served).toEqual(['beta', 'alpha', 'beta', 'beta']);
        expect(router.health.state('alpha').circuit).toBe('closed');
      }
    });

    it('runs a first attempt through a half-open circuit as its trial, and closes the circuit when it serves', async () => {
      vi.useFakeTimers();
      onTestFinished(() => {
        vi.useRealTimers();
      });
      const { router, model, models, sink } = setup(
        { alpha: [{ error: transient }, { text: 'recovered' }], beta: [{ text: 'fallback' }] },
        { health: { maxRetries: 0, breakerThreshold: 1, breakerHalfOpenAfterMs: 1_000 } },
      );
      await model.doGenerate(call());
      expect(router.health.state('alpha').circuit).toBe('open');
      await vi.advanceTimersByTimeAsync(1_000);
      const result = await model.doGenerate(call());
      expect(result.providerMetadata?.switchyard?.servedBy).toBe('alpha');
      expect(models.alpha.calls).toHaveLength(2);
      expect(router.health.state('alpha').circuit).toBe('closed');
      expect(sink.records[1]?.attempts.map((attempt) => [attempt.targetId, attempt.outcome])).toEqual([
        ['alpha', 'success'],
      ]);
    });

    it('gives a recovered target its traffic back once the half-open delay has passed', async () => {
      // Only the clock is faked: cockatiel's breaker reads Date.now for its half-open delay.
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        const { router, model, models } = setup(
          {
            alpha: [
              ...Array.from({ length: 3 }, () => ({ error: transient })),
              { text: 'back' },
              { text: 'again' },
            ],
            beta: Array.from({ length: 8 }, () => ({ text: 'backup' })),
          },
          { health: { breakerThreshold: 3, breakerHalfOpenAfterMs: 60_000 } },
        );
        for (let index = 0; index < 4; index++) await model.doGenerate(call());
        expect(router.health.state('alpha').circuit).toBe('open');
        vi.advanceTimersByTime(59_000);
        expect((await model.doGenerate(call())).providerMetadata?.switchyard?.servedBy).toBe('beta');
        vi.advanceTimersByTime(1_000);
        // The trial goes to alpha first (not behind the healthy backup), closes the circuit, and alpha serves again.
        expect((await model.doGenerate(call())).providerMetadata?.switchyard?.servedBy).toBe('alpha');
        expect(router.health.state('alpha').circuit).toBe('closed');
        expect((await model.doGenerate(call())).providerMetadata?.switchyard?.servedBy).toBe('alpha');
        expect(models.alpha.calls).toHaveLength(5);
        expect(models.beta.calls).toHaveLength(5);
      } finally {
        vi.useRealTimers();
      }
    });
    it('does not count a trial that the policy denied at its start as a success of the circuit', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        const base = Date.parse('2026-06-01T00:00:00.000Z');
        let now = base;
        const pending: number[] = [];
        const clock = { now: () => pending.shift() ?? now };
        const { router, model, models } = setup(
          {
            alpha: Array.from({ length: 3 }, () => ({ error: transient })),
            beta: Array.from({ length: 4 }, () => ({ text: 'backup' })),
          },
          {
            clock,
            health: { breakerThreshold: 3, breakerHalfOpenAfterMs: 60_000 },
            config: {
              policy: {
                rules: [
                  {
                    id: 'deny-alpha-later',
                    description: 'alpha is denied from a minute and a half on',
                    source: 'test',
                    effect: 'deny',
                    effective: new Date(base + 90_000).toISOString(),
                    targets: { id: ['alpha'] },
                  },
                ],
              },
            },
          },
        );
        for (let index = 0; index < 3; index++) await model.doGenerate(call());
        expect(router.health.state('alpha').circuit).toBe('open');
        vi.advanceTimersByTime(60_000);
        // The plan sees alpha allowed (and due for its trial); by the time the attempt starts it is denied.
        now = base + 90_000;
        pending.push(base + 89_999);
        expect((await model.doGenerate(call())).providerMetadata?.switchyard?.servedBy).toBe('beta');
        expect(models.alpha.calls).toHaveLength(3);
        expect(router.health.state('alpha').circuit).toBe('open');
      } finally {
        vi.useRealTimers();
      }
    });
  });
});
