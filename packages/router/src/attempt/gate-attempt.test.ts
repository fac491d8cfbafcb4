import { describe, expect, it } from 'vitest';
import { RequestFailedError } from '../errors/request-failed-error.js';
import { providerFailure } from '../test/scripted-model.js';
import { call, collect, setup, textOf } from '../test-fixtures/router-harness.js';

describe('gateAttempt (through a router)', () => {
  it('declines a candidate whose beforeAttempt hook throws, with the message, and serves from the next', async () => {
    const { model, sink } = setup(
      { beta: [{ text: 'from beta' }] },
      {
        attemptHooks: [
          { beforeAttempt: () => undefined },
          {
            beforeAttempt: (info) => {
              if (info.targetId === 'alpha') throw new Error('quota lookup failed');
              return undefined;
            },
          },
        ],
      },
    );
    const result = await model.doGenerate(call());
    expect(result.providerMetadata?.switchyard?.servedBy).toBe('beta');
    expect(sink.records[0]?.skipped).toEqual([
      { targetId: 'alpha', reason: 'declined', detail: 'a beforeAttempt hook threw: quota lookup failed' },
    ]);
  });

  it('keeps no key of the message of a beforeAttempt hook that throws in the record', async () => {
    const { model, sink } = setup(
      { beta: [{ text: 'from beta' }] },
      {
        attemptHooks: [
          {
            beforeAttempt: (info) => {
              if (info.targetId === 'alpha')
                throw new Error('quota https://quota.internal/v1?api_key=sk-live-abcdef123456 refused');
              return undefined;
            },
          },
        ],
      },
    );
    await model.doGenerate(call());
    expect(sink.records[0]?.skipped[0]?.detail).toBe(
      'a beforeAttempt hook threw: quota https://quota.internal/v1?api_key=[redacted] refused',
    );
    expect(JSON.stringify(sink.records)).not.toContain('abcdef123456');
  });

  it('asks the hooks again before each retry, with its number and its own start', async () => {
    const seen: { targetId: string; retry: number; startedAt: number }[] = [];
    const transient = providerFailure({ kind: 'transient', status: 503, message: 'busy' });
    const { model, sink } = setup(
      { alpha: [{ error: transient }, { text: 'second try' }] },
      {
        health: { maxRetries: 1, initialBackoffMs: 1, maxBackoffMs: 1 },
        attemptHooks: [
          {
            beforeAttempt: ({ targetId, retry, startedAt }) => {
              seen.push({ targetId, retry, startedAt });
              return undefined;
            },
          },
        ],
      },
    );
    const result = await model.doGenerate(call());
    expect(result.providerMetadata?.switchyard).toMatchObject({ servedBy: 'alpha', attempts: 2 });
    expect(seen.map(({ targetId, retry }) => ({ targetId, retry }))).toEqual([
      { targetId: 'alpha', retry: 0 },
      { targetId: 'alpha', retry: 1 },
    ]);
    const [first, second] = seen;
    expect(second?.startedAt).toBeGreaterThanOrEqual(first?.startedAt ?? Number.POSITIVE_INFINITY);
    expect(sink.records[0]?.attempts.map((attempt) => attempt.outcome)).toEqual(['failure', 'success']);
  });

  it.each([
    // One doGenerate per attempt: the first is in flight as soon as its call returns.
    ['one doGenerate', { maxConcurrent: 1, streamGenerate: false }],
    // The default: generate calls are sent as streams; alpha's never opens, and waits for its first token.
    ['a stream waiting for its first token', { maxConcurrent: 1 }],
  ])(
    'skips a candidate whose bulkhead is full (%s in flight), and serves from the next',
    async (_, health) => {
      const { model, sink } = setup({ alpha: [{ hang: true }], beta: [{ text: 'from beta' }] }, { health });
      const caller = new AbortController();
      const first = Promise.resolve(model.doGenerate({ ...call(), abortSignal: caller.signal })).catch(
        (error: unknown) => error,
      );
      const second = await model.doGenerate(call());
      expect(second.providerMetadata?.switchyard?.servedBy).toBe('beta');
      caller.abort();
      expect(await first).toBeInstanceOf(Error);
      expect(sink.records.find((record) => record.servedBy === 'beta')?.skipped).toEqual([
        { targetId: 'alpha', reason: 'bulkhead_full', detail: '1 attempts already in flight' },
      ]);
    },
  );

  it('counts a stream waiting for its first token in the bulkhead, and frees the slot when it fails', async () => {
    const { model, sink } = setup(
      { alpha: [{ hang: true }, { text: 'alpha again' }], beta: [{ text: 'from beta' }] },
      { health: { maxConcurrent: 1 } },
    );
    const caller = new AbortController();
    const first = Promise.resolve(model.doStream({ ...call(), abortSignal: caller.signal })).catch(
      (error: unknown) => error,
    );
    const second = await collect((await model.doStream(call())).stream);
    expect(textOf(second)).toBe('from beta');
    expect(sink.records.find((record) => record.servedBy === 'beta')?.skipped).toEqual([
      { targetId: 'alpha', reason: 'bulkhead_full', detail: '1 attempts already in flight' },
    ]);
    caller.abort();
    expect(await first).toBeInstanceOf(Error);
    // The aborted attempt gave its slot back: alpha serves the next call.
    const third = await collect((await model.doStream(call())).stream);
    expect(textOf(third)).toBe('alpha again');
  });
  it('says why none could be tried when every bulkhead is full', async () => {
    const { model } = setup(
      { alpha: [{ hang: true }], beta: [{ hang: true }], gamma: [{ hang: true }], local: [{ hang: true }] },
      { health: { maxConcurrent: 1, streamGenerate: false } },
    );
    const caller = new AbortController();
    const holding = ['alpha', 'beta', 'gamma', 'local'].map(() =>
      Promise.resolve(model.doGenerate({ ...call(), abortSignal: caller.signal })).catch(
        (error: unknown) => error,
      ),
    );
    const error = await Promise.resolve(model.doGenerate(call())).catch((failure: unknown) => failure);
    caller.abort();
    await Promise.all(holding);
    expect(RequestFailedError.isInstance(error)).toBe(true);
    expect((error as RequestFailedError).message).toContain(
      'none could be tried: alpha: bulkhead_full, beta: bulkhead_full, gamma: bulkhead_full, local: bulkhead_full',
    );
  });
});
