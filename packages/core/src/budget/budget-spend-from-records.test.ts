import { describe, expect, it } from 'vitest';
import type { AttemptRecord, DecisionRecord } from '../record/decision-record.js';
import { BudgetSchema } from './budget-schema.js';
import { budgetSpendFromRecords } from './budget-spend-from-records.js';
import { compileBudgets } from './compile-budgets.js';

const budgets = compileBudgets({
  budgets: [
    BudgetSchema.parse({ id: 'daily', per: ['tenant'], limit: { usd: 1 }, window: { calendar: 'day' } }),
    BudgetSchema.parse({ id: 'hour', limit: { requests: 10 }, window: { rolling: '1h' } }),
  ],
});

function attempt(microUsd: number, keys: [string, string][], startMs = 0): AttemptRecord {
  return {
    targetId: 't',
    provider: 'p',
    model: 'm',
    startMs,
    latencyMs: 1,
    outcome: 'success',
    retry: 0,
    costUsd: microUsd / 1e6,
    budget: {
      counted: keys.map(([budgetId, key]) => ({ budgetId, key })),
      reserved: { microUsd: microUsd * 2, tokens: 0, requests: 1 },
      charged: { microUsd, tokens: 10, requests: 1 },
    },
  };
}

const record = (requestId: string, time: string, attempts: AttemptRecord[]) =>
  ({ requestId, time, attempts }) as DecisionRecord;

describe('budgetSpendFromRecords', () => {
  const records = [
    record('r1', '2026-06-24T23:30:00Z', [
      attempt(300, [
        ['daily', 'daily|tenant=a'],
        ['hour', 'hour'],
      ]),
    ]),
    record('r2', '2026-06-25T09:10:00Z', [
      attempt(100, [
        ['daily', 'daily|tenant=a'],
        ['hour', 'hour'],
      ]),
      attempt(
        200,
        [
          ['daily', 'daily|tenant=a'],
          ['hour', 'hour'],
        ],
        1_000,
      ),
    ]),
    record('r3', '2026-06-25T10:05:00Z', [
      attempt(50, [
        ['hour', 'hour'],
        ['gone', 'gone'],
      ]),
    ]),
  ];

  it('does not count at an instant the attempts that started after it', () => {
    const counters = budgetSpendFromRecords({
      records,
      budgets,
      at: Date.parse('2026-06-25T09:10:00.500Z'),
    });
    // 09:10:00 started by then; its second attempt (09:10:01) and 10:05 (the only one counted by "gone") had not.
    expect(counters.map((counter) => counter.key)).toEqual(['daily|tenant=a', 'hour']);
    const [daily, hour] = counters;
    expect(daily).toMatchObject({
      spent: { microUsd: 100, requests: 1 },
      total: { microUsd: 400 },
      attempts: 2,
    });
    expect(hour).toMatchObject({ spent: { microUsd: 100, requests: 1 }, peak: { requests: 1 }, attempts: 2 });
  });

  it('sums each counter’s charges in the window counted at an instant, in the fullest window, and in all', () => {
    const [daily, gone, hour] = budgetSpendFromRecords({
      records,
      budgets,
      at: Date.parse('2026-06-25T10:06:00Z'),
    });
    expect(daily).toMatchObject({
      key: 'daily|tenant=a',
      spent: { microUsd: 300, requests: 2 },
      peak: { microUsd: 300 },
      total: { microUsd: 600, requests: 3 },
      attempts: 3,
      limits: { microUsd: 1_000_000 },
    });
    // The rolling hour at 10:06 counts 09:10 (slice 09:06-09:07 is still in) and 10:05.
    expect(hour).toMatchObject({ spent: { microUsd: 350, requests: 3 }, peak: { requests: 3 } });
    expect(gone).toMatchObject({ budgetId: 'gone', limits: undefined, total: { microUsd: 50 } });
  });

  it('counts an attempt once however often the records repeat it (reading a file twice never doubles spend)', () => {
    const once = budgetSpendFromRecords({ records, budgets, at: Date.parse('2026-06-25T10:06:00Z') });
    const twice = budgetSpendFromRecords({
      records: [...records, ...records],
      budgets,
      at: Date.parse('2026-06-25T10:06:00Z'),
    });
    expect(twice).toEqual(once);
  });
});
