import { describe, expect, it } from 'vitest';
import { providerFailure } from '../test/scripted-model.js';
import { call, setup } from '../test-fixtures/router-harness.js';

describe('skipped entries', () => {
  it('records a rate-limited candidate that was passed over, with its reason', async () => {
    const limited = providerFailure({
      kind: 'rate_limited',
      status: 429,
      message: 'slow',
      retryAfterMs: 60_000,
    });
    const { model, sink } = setup(
      { alpha: [{ error: limited }], beta: [{ text: 'one' }, { text: 'two' }] },
      { health: { maxRetries: 2, maxRetryAfterMs: 1_000 } },
    );
    await model.doGenerate(call());
    const second = await model.doGenerate(call());
    expect(second.providerMetadata?.switchyard?.servedBy).toBe('beta');
    expect(sink.records[1]?.skipped).toEqual([
      { targetId: 'alpha', reason: 'rate_limited', detail: expect.stringMatching(/^rate limited until /) },
    ]);
  });

  it('records a candidate an attempt hook declined, and moves on', async () => {
    const { model, sink } = setup(
      { beta: [{ text: 'within budget' }] },
      {
        attemptHooks: [
          {
            beforeAttempt: (info) => (info.targetId === 'alpha' ? { decline: 'over budget' } : undefined),
          },
        ],
      },
    );
    expect((await model.doGenerate(call())).providerMetadata?.switchyard?.servedBy).toBe('beta');
    expect(sink.records[0]?.skipped).toEqual([
      { targetId: 'alpha', reason: 'declined', detail: 'over budget' },
    ]);
  });
});
