import type { AttemptRecord, DecisionRecord } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { budgetTable } from '../render/budget-table.js';
import { aggregateRecords } from './aggregate-records.js';
import { ReportAggregator } from './report-aggregator.js';

const amount = (microUsd: number, tokens = 0, requests = 1) => ({ microUsd, tokens, requests });

function attempt(targetId: string, charged: number, reserved: number, keys: string[]): AttemptRecord {
  return {
    targetId,
    provider: targetId === 'local' ? 'ollama' : 'openai',
    model: 'm',
    startMs: 0,
    latencyMs: 10,
    outcome: 'success',
    retry: 0,
    costUsd: charged / 1_000_000,
    budget: {
      counted: keys.map((key) => ({ budgetId: key.split('|')[0] as string, key })),
      reserved: amount(reserved, 500),
      charged: amount(charged, 120),
    },
  };
}

function record(id: string, minute: number, options: Partial<DecisionRecord> = {}): DecisionRecord {
  return {
    schemaVersion: 1,
    requestId: id,
    time: new Date(Date.UTC(2026, 5, 25, 10, minute)).toISOString(),
    route: 'chat',
    operation: 'generate',
    context: { jurisdiction: 'US', tenant: 'acme' },
    policyVersion: 'p',
    verdicts: [],
    skipped: [],
    attempts: [],
    servedBy: null,
    outcome: 'failed',
    totals: {
      latencyMs: 10,
      attempts: 0,
      fallbackDepth: 0,
      usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 },
      costUsd: 0,
      wastedCostUsd: 0,
    },
    ...options,
  };
}

const records: DecisionRecord[] = [
  record('1', 0, {
    attempts: [attempt('gpt', 1_500, 4_000, ['daily|tenant=acme', 'hourly'])],
    servedBy: 'gpt',
    outcome: 'served',
  }),
  record('2', 1, {
    attempts: [attempt('gpt', 2_500, 4_000, ['daily|tenant=acme', 'hourly'])],
    servedBy: 'gpt',
    outcome: 'served',
  }),
  record('3', 2, {
    skipped: [{ targetId: 'gpt', reason: 'budget', detail: 'budget cannot pay', budgetIds: ['hourly'] }],
    attempts: [attempt('local', 0, 0, ['daily|tenant=acme'])],
    servedBy: 'local',
    outcome: 'served',
  }),
  record('4', 3, { error: { code: 'SWITCHYARD_BUDGET_EXCEEDED', message: 'budget strict cannot pay' } }),
];

describe('BudgetAccumulator', () => {
  it('sums each counter’s charges and reservations, reroutes per budget and denials', async () => {
    const report = await aggregateRecords({ records });
    expect(report.budgets).toEqual({
      counters: [
        {
          budgetId: 'daily',
          key: 'daily|tenant=acme',
          attempts: 3,
          chargedUsd: 0.004,
          chargedTokens: 360,
          chargedRequests: 3,
          reservedUsd: 0.008,
        },
        {
          budgetId: 'hourly',
          key: 'hourly',
          attempts: 2,
          chargedUsd: 0.004,
          chargedTokens: 240,
          chargedRequests: 2,
          reservedUsd: 0.008,
        },
      ],
      rerouted: { hourly: 1 },
      denied: 1,
      unavailable: 0,
    });
  });

  it('puts the spend of each counter in the time series, minute by minute', async () => {
    const report = await aggregateRecords({ records });
    expect(report.series.buckets.map((bucket) => bucket.budgetSpendUsd)).toEqual([
      { 'daily|tenant=acme': 0.0015, hourly: 0.0015 },
      { 'daily|tenant=acme': 0.0025, hourly: 0.0025 },
      { 'daily|tenant=acme': 0 },
      {},
    ]);
  });

  it('gives the same figures when parts are aggregated apart and merged (worker threads)', () => {
    const whole = new ReportAggregator();
    for (const each of records) whole.add(each);
    const first = new ReportAggregator();
    const second = new ReportAggregator();
    for (const each of records.slice(0, 2)) first.add(each);
    for (const each of records.slice(2)) second.add(each);
    first.mergeState(second.toState());
    expect(first.finish().budgets).toEqual(whole.finish().budgets);
  });

  it('renders a table with a row per counter, and none without budget evidence', async () => {
    const table = budgetTable(await aggregateRecords({ records }));
    expect(table?.rows.map((row) => [row[0], row[1], row[3], row[7]])).toEqual([
      ['daily', 'daily|tenant=acme', '$0.004', '0'],
      ['hourly', 'hourly', '$0.004', '1'],
      ['requests denied: 1 (budget exceeded), 0 (store unreachable)', '', '', ''],
    ]);
    expect(budgetTable(await aggregateRecords({ records: [record('5', 0)] }))).toBeUndefined();
  });
});
