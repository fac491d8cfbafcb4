import type { AttemptRecord, DecisionRecord } from '@switchyard/core';
import { underMachineLocale } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { fixtureRecords } from '../test-fixtures/fixture-records.js';
import { aggregateRecords } from './aggregate-records.js';

const base = fixtureRecords[0] as DecisionRecord;
const attempt = base.attempts[0] as AttemptRecord;

/** One record served by `target` of `provider`, at the same cost and latency as the others. */
const servedBy = (target: string, provider: string, index: number): DecisionRecord => ({
  ...base,
  requestId: `tie-${index}`,
  attempts: [{ ...attempt, targetId: target, provider, outcome: 'success', costUsd: 0.01 }],
  servedBy: target,
  totals: { ...base.totals, costUsd: 0.01, wastedCostUsd: 0 },
});

// Estonian collation puts z before t; code-unit order puts t first on every machine.
const records = [servedBy('zug-llama', 'zug', 0), servedBy('tartu-llama', 'tartu', 1)];

describe('the order of ties in a report', () => {
  it('is the same under an Estonian machine locale as under English: targets, costs, providers, served-by', async () => {
    const orders = async () => {
      const report = await aggregateRecords({ records });
      return {
        targets: report.targets,
        targetCosts: report.targetCosts.map((each) => each.target),
        providers: report.providers.map((each) => each.provider),
        servedBy: Object.keys(report.jurisdictions[0]?.servedBy ?? {}),
      };
    };
    const expected = {
      targets: ['tartu-llama', 'zug-llama'],
      targetCosts: ['tartu-llama', 'zug-llama'],
      providers: ['tartu', 'zug'],
      servedBy: ['tartu-llama', 'zug-llama'],
    };
    expect(await underMachineLocale('et', orders)).toEqual(expected);
    expect(await underMachineLocale('en', orders)).toEqual(expected);
  });
});
