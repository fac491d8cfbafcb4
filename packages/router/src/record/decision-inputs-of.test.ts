import { DecisionRecordSchema } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { call, regionBlock, setup, transient } from '../test-fixtures/router-harness.js';

const when = Date.parse('2026-06-25T10:00:00.000Z');

describe('decision inputs (record v2)', () => {
  it('records what the call needed, the catalog and price versions, and the plan, no prompt text', async () => {
    const { model, sink, router } = setup({ alpha: [{ text: 'ok' }] });
    await model.doGenerate(
      call({
        responseFormat: { type: 'json' },
        tools: [{ type: 'function', name: 'lookup', inputSchema: { type: 'object' } }],
      }),
    );
    const record = DecisionRecordSchema.parse(sink.records[0]);
    const [catalog, prices] = router.basis();
    expect(record.schemaVersion).toBe(2);
    expect(record.decision).toEqual({
      catalogVersion: catalog?.version,
      priceVersion: prices?.version,
      requires: ['tools', 'json'],
      promptTokens: Math.ceil((16 + 'Hello there'.length) / 4),
      outputTokens: 500,
      // gamma lacks tools: set aside by the plan, the first entry of `skipped`.
      order: ['alpha', 'beta', 'local'],
      planSkipped: 1,
    });
    expect(record.skipped[0]).toMatchObject({ targetId: 'gamma', reason: 'capability' });
    expect(JSON.stringify(record)).not.toContain('Hello there');
    // The readable reason is the policy's to give again: not repeated in a v2 record.
    expect(record.verdicts[0]).toEqual({ targetId: 'alpha', allowed: true, effect: 'default', ruleIds: [] });
  });

  it('records the health state in force per candidate: a cut-off for this caller, a rate limit, no model', async () => {
    const { model, sink } = setup(
      {
        alpha: [{ error: regionBlock }],
        beta: [
          {
            error: (await import('../test/scripted-model.js')).providerFailure({
              kind: 'rate_limited',
              status: 429,
              message: 'slow',
              retryAfterMs: 60_000,
            }),
          },
        ],
        local: [{ text: 'one' }, { text: 'two' }],
      },
      {
        clock: { now: () => when },
        config: { routes: { chat: { targets: ['alpha', 'beta', 'gamma'], lastResort: ['local'] } } },
      },
    );
    const options = { providerOptions: { switchyard: { jurisdiction: 'SG' } } };
    await model.doGenerate(call(options));
    await model.doGenerate(call(options));
    const second = DecisionRecordSchema.parse(sink.records[1]);
    expect(second.decision?.health).toEqual([
      { targetId: 'alpha', cutoff: { jurisdiction: 'SG', reason: 'region_blocked', since: when } },
      { targetId: 'beta', rateLimitedUntil: when + 60_000 },
    ]);
    expect(second.decision?.order).toEqual(['gamma', 'beta', 'local']);
  });

  it('records the random draws of a weighted order, and the latency averages of a fastest one', async () => {
    const draws = [0.9, 0.1, 0.4, 0.7];
    let next = 0;
    const weighted = setup(
      { alpha: [{ text: 'a' }], beta: [{ text: 'b' }], gamma: [{ text: 'c' }] },
      {
        random: () => draws[next++ % draws.length] as number,
        config: {
          routes: {
            chat: { targets: ['alpha', 'beta', 'gamma'], strategy: 'weighted', lastResort: ['local'] },
          },
        },
      },
    );
    await weighted.model.doGenerate(call());
    expect(weighted.sink.records[0]?.decision?.draws).toEqual([0.9, 0.1, 0.4]);

    const fastest = setup(
      { alpha: [{ error: transient }, { text: 'a' }], beta: [{ text: 'b' }, { text: 'b' }] },
      { config: { routes: { chat: { targets: ['alpha', 'beta'], strategy: 'fastest' } } } },
    );
    await fastest.model.doGenerate(call());
    await fastest.model.doGenerate(call());
    const latency = fastest.sink.records[1]?.decision?.latencyMs;
    expect(Object.keys(latency ?? {})).toEqual(['beta']);
  });

  it('names the policy that gave the verdicts, even when a setPolicy lands while the request runs', async () => {
    const { model, sink, router } = setup({ alpha: [{ hang: true }] });
    const before = router.policy.version;
    const controller = new AbortController();
    const pending = Promise.resolve(model.doGenerate(call({ abortSignal: controller.signal }))).catch(
      () => undefined,
    );
    router.setPolicy({ id: 'stricter', defaultEffect: 'allow', rules: [] });
    controller.abort();
    await pending;
    const record = sink.records[0];
    expect(record?.policyVersion).toBe(before);
    expect(router.policy.version).not.toBe(before);
    expect(
      router
        .basis()
        .filter((document) => document.kind === 'policy')
        .map((document) => document.version),
    ).toEqual([before, router.policy.version]);
  });
});
