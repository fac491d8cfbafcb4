import { describe, expect, it } from 'vitest';
import { type BudgetInput, BudgetSchema } from './budget-schema.js';
import { compileBudgets } from './compile-budgets.js';
import { planReservation } from './plan-reservation.js';

function plan(inputs: (Partial<BudgetInput> & { id: string })[], call: { maxOutputTokens?: number } = {}) {
  const budgets = compileBudgets({
    budgets: inputs.map((input) =>
      BudgetSchema.parse({ limit: { usd: 1 }, window: { calendar: 'day' }, ...input }),
    ),
  });
  return planReservation({
    attemptId: 'a',
    applied: budgets.applicable('chat', { id: 't', provider: 'p' }, {}),
    inputTokens: 5_000,
    maxOutputTokens: call.maxOutputTokens,
    target: { contextWindow: 4_000, maxOutputTokens: 2_000 },
    price: { input: 2, output: 10, cachedInput: 3 },
    now: 0,
    expiresAt: 1_000,
  });
}

describe('planReservation', () => {
  it('bounds input by the context window and prices it at the dearer of input and cached input', () => {
    const { request } = plan([{ id: 'a' }], { maxOutputTokens: 100 });
    expect(request.base).toEqual({ microUsd: 4_000 * 3, tokens: 4_000, requests: 1 });
    expect(request.perOutputToken).toBe(10);
  });

  it('keeps a call’s own output cap (never clamped), bounded by the target’s', () => {
    expect(plan([{ id: 'a' }], { maxOutputTokens: 100 })).toMatchObject({
      capOutput: false,
      request: { outputTokens: 100, minOutputTokens: 100 },
    });
    expect(plan([{ id: 'a' }], { maxOutputTokens: 9_000 }).request.outputTokens).toBe(2_000);
  });

  it('caps a call without one at the smallest default and asks for at least the largest minimum', () => {
    const planned = plan([
      { id: 'a', defaultMaxOutputTokens: 1_000, minOutputTokens: 50 },
      { id: 'b', defaultMaxOutputTokens: 300, minOutputTokens: 120 },
    ]);
    expect(planned).toMatchObject({ capOutput: true, request: { outputTokens: 300, minOutputTokens: 120 } });
  });

  it('lets neither warn budgets nor budgets of requests alone cap the output', () => {
    expect(plan([{ id: 'w', onExhausted: 'warn', defaultMaxOutputTokens: 100 }])).toMatchObject({
      capOutput: false,
      request: { outputTokens: 100 },
    });
    expect(
      plan([
        { id: 'usd', defaultMaxOutputTokens: 500, minOutputTokens: 10 },
        { id: 'count', limit: { requests: 5 }, defaultMaxOutputTokens: 64, minOutputTokens: 256 },
      ]).request,
    ).toMatchObject({ outputTokens: 500, minOutputTokens: 10 });
  });

  it('builds one counter per budget in the bucket of the attempt’s start', () => {
    const { request } = plan([{ id: 'a' }, { id: 'b', window: { rolling: '1h' } }]);
    expect(request.counters.map((counter) => [counter.key, counter.bucket, counter.releasedAt])).toEqual([
      ['a', 0, 86_400_000],
      ['b', 0, 60_000 + 3_600_000],
    ]);
  });
});
