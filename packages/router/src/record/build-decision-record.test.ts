import { DecisionRecordSchema } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { providerFailure } from '../test/scripted-model.js';
import { call, setup } from '../test-fixtures/router-harness.js';

describe('buildDecisionRecord (through the router)', () => {
  it('totals cost with the wasted part, usage of the serving attempt and the fallback depth', async () => {
    const failure = providerFailure({ kind: 'transient', status: 503, message: 'down' });
    const { model, sink } = setup({
      alpha: [{ error: failure }],
      beta: [{ text: 'served', usage: { input: 1_000, output: 100 } }],
    });
    await model.doGenerate(call());
    const record = DecisionRecordSchema.parse(sink.records[0]);
    expect(record.totals).toMatchObject({
      attempts: 2,
      fallbackDepth: 1,
      usage: { inputTokens: 1_000, outputTokens: 100 },
      wastedCostUsd: 0,
    });
    // 1000 x 3 / 1e6 + 100 x 15 / 1e6
    expect(record.totals.costUsd).toBeCloseTo(0.0045, 12);
  });

  it("gives a record with no attempts a list of its own, never the requests' shared empty one", async () => {
    // Every candidate denied: the request ends before any attempt.
    const { model, sink } = setup({}, { config: { policy: { defaultEffect: 'deny', rules: [] } } });
    await expect(model.doGenerate(call())).rejects.toThrow(/no target of route "chat" may serve/);
    const record = sink.records.at(-1);
    expect(record?.attempts).toEqual([]);
    expect(Object.isFrozen(record?.attempts)).toBe(false);
  });

  it('reads records written with the old cut_off spelling as cutoff', () => {
    const skipped = DecisionRecordSchema.shape.skipped.parse([
      { targetId: 'a', reason: 'cut_off', detail: 'x' },
    ]);
    expect(skipped[0]?.reason).toBe('cutoff');
  });
});
