import type { LanguageModelV4, LanguageModelV4CallOptions } from '@ai-sdk/provider';
import { errorCodes } from '@switchyard/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RequestFailedError } from '../errors/request-failed-error.js';
import { scriptedModel } from '../test/scripted-model.js';
import { call, setup } from '../test-fixtures/router-harness.js';

/** A model whose `doGenerate` does what `generate` says, and that never reads its abort signal. */
function deafModel(generate: (options: LanguageModelV4CallOptions) => PromiseLike<never>): LanguageModelV4 {
  return {
    specificationVersion: 'v4',
    provider: 'openai.chat',
    modelId: 'deaf',
    supportedUrls: {},
    doGenerate: generate as LanguageModelV4['doGenerate'],
    doStream: () => Promise.reject(new Error('not streamed')),
  };
}

/** A router whose alpha is `alpha` and whose beta answers, one `doGenerate` per attempt. */
function routerWith(alpha: LanguageModelV4) {
  const beta = scriptedModel({
    provider: 'anthropic.messages',
    modelId: 'claude-sonnet-5',
    steps: [{ text: 'from beta' }],
  });
  return setup(
    {},
    { models: { alpha, beta }, health: { maxRetries: 0, attemptTimeoutMs: 1_000, streamGenerate: false } },
  );
}

describe('generateAttempt (one doGenerate per attempt)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('times out a model that ignores its signal and never answers, then falls back', async () => {
    const { router, model, sink } = routerWith(deafModel(() => new Promise<never>(() => {})));
    const pending = model.doGenerate(call());
    await vi.advanceTimersByTimeAsync(999);
    expect(router.health.state('alpha').inFlight).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    const result = await pending;
    expect(result.providerMetadata?.switchyard).toMatchObject({ servedBy: 'beta', attempts: 2 });
    expect(sink.records[0]?.attempts.map((attempt) => [attempt.targetId, attempt.failureKind])).toEqual([
      ['alpha', 'timeout'],
      ['beta', undefined],
    ]);
    expect(sink.records[0]?.attempts[0]?.message).toBe('no answer within 1000 ms');
    expect(router.health.state('alpha').inFlight).toBe(0);
  });

  it('stops at once when the caller aborts, even when the model ignores its signal', async () => {
    const { router, model, sink } = routerWith(deafModel(() => new Promise<never>(() => {})));
    const caller = new AbortController();
    const pending = Promise.resolve(model.doGenerate({ ...call(), abortSignal: caller.signal })).catch(
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(10);
    caller.abort(new Error('user left'));
    const error = await pending;
    expect(error).toBeInstanceOf(RequestFailedError);
    expect((error as RequestFailedError).code).toBe(errorCodes.ABORTED);
    // Named as an abort is (fetch, Node, the AI SDK's isAbortError): code that checks the name sees an abort.
    expect((error as Error).name).toBe('AbortError');
    expect((error as Error).cause).toBe(caller.signal.reason);
    expect(sink.records[0]?.attempts.map((attempt) => [attempt.targetId, attempt.outcome])).toEqual([
      ['alpha', 'aborted'],
    ]);
    expect(router.health.state('alpha').inFlight).toBe(0);
    // Only the attempt timeouts' shared timer is left (idle: it keeps nothing alive), released by close().
    expect(vi.getTimerCount()).toBe(1);
    await router.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('fails over from a model that throws instead of rejecting, and counts it out of flight', async () => {
    const { router, model, sink } = routerWith(
      deafModel(() => {
        throw Object.assign(new Error('socket closed'), { statusCode: 503 });
      }),
    );
    const pending = model.doGenerate(call());
    await vi.advanceTimersByTimeAsync(0);
    const result = await pending;
    expect(result.providerMetadata?.switchyard?.servedBy).toBe('beta');
    expect(sink.records[0]?.attempts[0]).toMatchObject({ targetId: 'alpha', outcome: 'failure' });
    expect(router.health.state('alpha').inFlight).toBe(0);
  });

  it('fails over from a model that rejects, and counts it out of flight', async () => {
    const { router, model, sink } = routerWith(
      deafModel(() => Promise.reject(Object.assign(new Error('overloaded'), { statusCode: 503 }))),
    );
    const pending = model.doGenerate(call());
    await vi.advanceTimersByTimeAsync(0);
    const result = await pending;
    expect(result.providerMetadata?.switchyard?.servedBy).toBe('beta');
    expect(sink.records[0]?.attempts.map((attempt) => [attempt.targetId, attempt.outcome])).toEqual([
      ['alpha', 'failure'],
      ['beta', 'success'],
    ]);
    expect(router.health.state('alpha').inFlight).toBe(0);
  });

  it('releases the deadline timer when the request is served and when it fails', async () => {
    const served = routerWith(
      deafModel(() => Promise.reject(Object.assign(new Error('down'), { statusCode: 503 }))),
    );
    const pending = served.model.doGenerate(call());
    await vi.advanceTimersByTimeAsync(0);
    await pending;
    // Only the attempt timeouts' shared timer (idle) is left, and close() releases it.
    expect(vi.getTimerCount()).toBe(1);
    await served.router.close();
    expect(vi.getTimerCount()).toBe(0);
    const withDeadline = setup(
      { alpha: [{ text: 'in time' }] },
      { health: { maxRetries: 0, streamGenerate: false }, deadlineMs: 60_000 },
    );
    const answered = withDeadline.model.doGenerate(call());
    await vi.advanceTimersByTimeAsync(0);
    expect((await answered).providerMetadata?.switchyard?.servedBy).toBe('alpha');
    // The deadline's timer is released; the attempt timeouts' shared one (idle) is all that is left.
    expect(vi.getTimerCount()).toBe(1);
    const failing = Promise.resolve(withDeadline.model.doGenerate(call())).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(0);
    expect(await failing).toBeInstanceOf(RequestFailedError);
    expect(vi.getTimerCount()).toBe(1);
    await withDeadline.router.close();
    expect(vi.getTimerCount()).toBe(0);
  });
});
