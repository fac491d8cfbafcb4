import { afterEach, describe, expect, it, vi } from 'vitest';
import { referenceAnswerModel } from '../test-fixtures/reference-answer-model.js';
import { call, setup, transient } from '../test-fixtures/router-harness.js';
import { tricklingModel } from '../test-fixtures/trickling-model.js';

const answer = 'A generate call sent as a stream is bounded by the first-token and stall timeouts.';
const continues = { prefill: 'continue', explicit: 'continue' } as const;

describe('streamedGenerateAttempt (doGenerate, streamGenerate on by default)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fails an answer that keeps coming past the attempt timeout, on time', async () => {
    vi.useFakeTimers();
    const { model, sink } = setup(
      {},
      {
        models: { alpha: tricklingModel(100) },
        health: { maxRetries: 0, attemptTimeoutMs: 1_500, stallTimeoutMs: 1_000 },
      },
    );
    const failed = Promise.resolve(model.doGenerate(call())).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1_499);
    expect(sink.records).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(await failed).toMatchObject({ code: 'SWITCHYARD_ALL_TARGETS_FAILED' });
    expect(sink.records[0]?.attempts[0]).toMatchObject({
      targetId: 'alpha',
      latencyMs: 1_500,
      failureKind: 'timeout',
      message: 'the answer from alpha did not end within 1500 ms',
    });
  });

  it('sends a generate call as a stream and returns the collected answer', async () => {
    const { model, models } = setup({ alpha: [{ text: 'hello there' }] });
    const spy = vi.spyOn(models.alpha, 'doGenerate');
    const result = await model.doGenerate(call());
    expect(result.content).toEqual([{ type: 'text', text: 'hello there' }]);
    expect(result.finishReason).toEqual({ unified: 'stop', raw: 'stop' });
    expect(result.providerMetadata?.switchyard).toMatchObject({ servedBy: 'alpha' });
    expect(spy).not.toHaveBeenCalled();
  });

  it('falls back from an answer cut mid-way: nothing reached the caller, so the next candidate starts afresh', async () => {
    const { model, sink } = setup({
      alpha: [{ text: 'one two three four', streamErrorAfterWords: 2, error: transient }],
      beta: [{ text: 'whole answer' }],
    });
    const result = await model.doGenerate(call());
    expect(result.content).toEqual([{ type: 'text', text: 'whole answer' }]);
    const [cut, served] = sink.records[0]?.attempts ?? [];
    // Charged its bound: one token per byte it produced ('one two'), never less than it produced.
    expect(cut).toMatchObject({
      targetId: 'alpha',
      outcome: 'failure',
      usage: { outputTokens: Buffer.byteLength('one two') },
      usageEstimated: true,
    });
    expect(cut?.costUsd).toBeGreaterThan(0);
    expect(served).toMatchObject({ targetId: 'beta', outcome: 'success' });
    expect(sink.records[0]?.totals.wastedCostUsd).toBe(cut?.costUsd);
  });

  it('bounds a generate call by the first-token timeout and falls back', async () => {
    vi.useFakeTimers();
    const { model, sink } = setup(
      { alpha: [{ hang: true }], beta: [{ text: 'ok' }] },
      { health: { ttftTimeoutMs: 1_000 } },
    );
    const pending = model.doGenerate(call());
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await pending).providerMetadata?.switchyard?.servedBy).toBe('beta');
    expect(sink.records[0]?.attempts[0]).toMatchObject({
      failureKind: 'timeout',
      message: 'no first token within 1000 ms',
    });
  });

  it('falls back from a generate answer that stalls', async () => {
    vi.useFakeTimers();
    const { model, sink } = setup(
      {},
      {
        models: {
          alpha: referenceAnswerModel({
            answer,
            behaviour: continues,
            script: [{ kind: 'stall', afterChars: 20 }],
          }),
          beta: referenceAnswerModel({ answer, behaviour: continues, script: [] }),
        },
        health: { stallTimeoutMs: 1_000 },
      },
    );
    const pending = model.doGenerate(call());
    await vi.advanceTimersByTimeAsync(1_250);
    const result = await pending;
    expect(result.content).toEqual([{ type: 'text', text: answer }]);
    expect(sink.records[0]?.attempts[0]).toMatchObject({
      targetId: 'alpha',
      failureKind: 'timeout',
      code: 'stream_stalled',
    });
  });

  it('calls doGenerate for a target with streamGenerate off', async () => {
    const { model, models } = setup(
      { alpha: [{ text: 'direct' }] },
      { health: { targets: { alpha: { streamGenerate: false } } } },
    );
    const spy = vi.spyOn(models.alpha, 'doStream');
    expect((await model.doGenerate(call())).content).toEqual([{ type: 'text', text: 'direct' }]);
    expect(spy).not.toHaveBeenCalled();
  });

  it('calls doGenerate for a target without the streaming capability, even with streamGenerate set router-wide', async () => {
    const { model, models } = setup(
      { gamma: [{ text: 'plain' }] },
      { config: { routes: { chat: { targets: ['gamma'] } } }, health: { streamGenerate: true } },
    );
    const gammaStream = vi.spyOn(models.gamma, 'doStream');
    const gammaGenerate = vi.spyOn(models.gamma, 'doGenerate');
    expect((await model.doGenerate(call())).content).toEqual([{ type: 'text', text: 'plain' }]);
    expect(gammaStream).not.toHaveBeenCalled();
    expect(gammaGenerate).toHaveBeenCalledTimes(1);
  });

  it('streams the generate calls of a target that declares streaming, beside one that does not', async () => {
    const { router, models } = setup(
      { gamma: [{ text: 'plain' }], alpha: [{ text: 'streamed' }] },
      { config: { routes: { chat: { targets: ['gamma'] }, fast: { targets: ['alpha'] } } } },
    );
    const alphaGenerate = vi.spyOn(models.alpha, 'doGenerate');
    const alphaStream = vi.spyOn(models.alpha, 'doStream');
    const gammaStream = vi.spyOn(models.gamma, 'doStream');
    expect((await router.languageModel('fast').doGenerate(call())).content).toEqual([
      { type: 'text', text: 'streamed' },
    ]);
    expect((await router.languageModel('chat').doGenerate(call())).content).toEqual([
      { type: 'text', text: 'plain' },
    ]);
    expect(alphaStream).toHaveBeenCalledTimes(1);
    expect(alphaGenerate).not.toHaveBeenCalled();
    expect(gammaStream).not.toHaveBeenCalled();
  });

  it('refuses streamGenerate: true for one target that does not declare streaming, naming it', () => {
    expect(() => setup({}, { health: { targets: { gamma: { streamGenerate: true } } } })).toThrow(
      expect.objectContaining({
        code: 'SWITCHYARD_CONFIG_INVALID',
        message: expect.stringContaining(
          'health.targets.gamma.streamGenerate: true, but target "gamma" does not declare the "streaming" capability',
        ),
      }),
    );
  });
});
