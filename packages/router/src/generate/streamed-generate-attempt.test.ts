import { afterEach, describe, expect, it, vi } from 'vitest';
import { referenceAnswerModel } from '../test-fixtures/reference-answer-model.js';
import { call, setup, transient } from '../test-fixtures/router-harness.js';

const answer = 'A generate call sent as a stream is bounded by the first-token and stall timeouts.';
const continues = { prefill: 'continue', explicit: 'continue' } as const;

describe('streamedGenerateAttempt (doGenerate, streamGenerate on by default)', () => {
  afterEach(() => {
    vi.useRealTimers();
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
    expect(cut).toMatchObject({ targetId: 'alpha', outcome: 'failure', usage: { outputTokens: 2 } });
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
});
