import { describe, expect, it } from 'vitest';
import { runBudgetStory } from './run-budget-story.js';

describe('runBudgetStory', () => {
  it('caps, reroutes, charges a cancelled stream and denies, as the budgets say', async () => {
    const { steps, records } = await runBudgetStory();
    expect(steps.map((step) => [step.tenant, step.outcome, step.skippedBy])).toEqual([
      ['acme', 'served by openai-gpt', []],
      ['acme', 'served by openai-gpt', []],
      ['acme', 'served by local-llama', ['tenant-daily']],
      ['acme', 'served by local-llama', ['tenant-daily']],
      ['globex', 'cancelled (aborted)', []],
      ['lab', 'served by openai-gpt', []],
      ['lab', 'served by openai-gpt', []],
      ['lab', 'SWITCHYARD_BUDGET_EXCEEDED (lab-hourly, fleet-hourly)', []],
    ]);
    // A call without maxOutputTokens got a cap the budget could afford, smaller as it filled up.
    const [first, second] = steps;
    expect(first?.outputCap).toBeGreaterThan(second?.outputCap ?? Number.POSITIVE_INFINITY);
    // Every hosted attempt was charged at most what it reserved, and something.
    for (const step of steps.filter((each) => each.chargedMicroUsd !== undefined)) {
      expect(step.chargedMicroUsd).toBeGreaterThan(0);
      expect(step.chargedMicroUsd).toBeLessThanOrEqual(step.reservedMicroUsd ?? 0);
    }
    // The cancelled stream is charged its bound: at least one output token per byte delivered.
    const cancelled = records.find((record) => record.context.tenant === 'globex')?.attempts[0];
    expect(cancelled).toMatchObject({ outcome: 'aborted', usageEstimated: true });
    expect(cancelled?.usage?.outputTokens).toBeGreaterThan(0);
    // The denied request sent nothing.
    expect(records.at(-1)?.attempts).toEqual([]);
  });
});
