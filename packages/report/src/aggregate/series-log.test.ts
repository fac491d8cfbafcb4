import type { DecisionRecord } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { fixtureRecords } from '../test-fixtures/fixture-records.js';
import { ReportAggregator } from './report-aggregator.js';

/** The fixture records, one with a budget charge, spread over `spanMs` (a record every `spanMs / n`). */
function records(spanMs: number, copies: number): DecisionRecord[] {
  const all: DecisionRecord[] = [];
  const start = Date.parse('2026-06-25T10:00:00.000Z');
  for (let copy = 0; copy < copies; copy++)
    for (const [index, each] of fixtureRecords.entries()) {
      const at = start + Math.floor(((copy * fixtureRecords.length + index) * spanMs) / (copies * 6));
      const first = each.attempts[0];
      const attempts =
        index === 1 && first !== undefined
          ? [
              {
                ...first,
                budget: {
                  counted: [{ budgetId: 'daily', key: 'daily|tenant=acme' }],
                  reserved: { microUsd: 900, tokens: 50, requests: 1 },
                  charged: { microUsd: 700 + copy, tokens: 40, requests: 1 },
                },
              },
              ...each.attempts.slice(1),
            ]
          : each.attempts;
      all.push({
        ...each,
        requestId: `${each.requestId}-${copy}`,
        time: new Date(at).toISOString(),
        attempts,
      });
    }
  return all;
}

function report(
  all: readonly DecisionRecord[],
  bucketMs: number,
  options: { seriesAtFinish: boolean; maxSeriesBuckets?: number },
) {
  const aggregator = new ReportAggregator({
    by: ['target'],
    ...(options.seriesAtFinish ? { seriesAtFinish: true } : { bucketMs }),
    ...(options.maxSeriesBuckets === undefined ? {} : { maxSeriesBuckets: options.maxSeriesBuckets }),
  });
  for (const record of all) aggregator.add(record);
  return JSON.stringify(aggregator.finish({ sources: ['records.jsonl'], bucketMs }));
}

describe('ReportAggregator', () => {
  describe('seriesAtFinish', () => {
    it('gives the report of an aggregator built with the bucket width given at finish', () => {
      const all = records(600_000, 20);
      for (const bucketMs of [1_000, 10_000, 60_000]) {
        const expected = report(all, bucketMs, { seriesAtFinish: false });
        expect(report(all, bucketMs, { seriesAtFinish: true })).toBe(expected);
        expect(JSON.parse(expected).bucketMs).toBe(bucketMs);
      }
    });

    it('widens the series as an aggregator with that width does', () => {
      const all = records(3_600_000, 30);
      const expected = report(all, 1_000, { seriesAtFinish: false, maxSeriesBuckets: 12 });
      expect(JSON.parse(expected).series.bucketMs).toBeGreaterThan(1_000);
      expect(report(all, 1_000, { seriesAtFinish: true, maxSeriesBuckets: 12 })).toBe(expected);
    });

    it('keeps the budget charges and costs of each bucket', () => {
      const parsed = JSON.parse(report(records(60_000, 3), 10_000, { seriesAtFinish: true }));
      const charged = parsed.series.buckets.map(
        (bucket: { budgetSpendUsd: Record<string, number> }) =>
          bucket.budgetSpendUsd['daily|tenant=acme'] ?? 0,
      );
      expect(charged.reduce((sum: number, usd: number) => sum + usd, 0)).toBeCloseTo(
        (700 + 701 + 702) / 1e6,
        12,
      );
    });

    it('refuses the time dimension and sending its state', () => {
      expect(() => new ReportAggregator({ by: ['time'], seriesAtFinish: true })).toThrow(
        'ReportAggregator: seriesAtFinish cannot group by time',
      );
      expect(() => new ReportAggregator({ seriesAtFinish: true }).toState()).toThrow('no state to send');
    });
  });
});
