import { describe, expect, it } from 'vitest';
import { aggregateRecords } from '../aggregate/aggregate-records.js';
import { fixtureRecords } from '../test-fixtures/fixture-records.js';
import { compareReports } from './compare-reports.js';

// "After": only r2, r3 and r6 (openai no longer serves).
const after = fixtureRecords.filter((record) => ['r2', 'r3', 'r6'].includes(record.requestId));

describe('compareReports', () => {
  describe('total', () => {
    it('gives the deltas of requests, cost, cost per request, latency, fallback rate and share', async () => {
      const comparison = compareReports({
        before: await aggregateRecords({ records: fixtureRecords }),
        after: await aggregateRecords({ records: after }),
      });
      const delta = comparison.total.delta;
      expect(delta.requests).toBe(-3);
      expect(delta.costUsd).toBeCloseTo(0.052 - 0.074, 12);
      expect(delta.costWastedUsd).toBeCloseTo(0.002 - 0.004, 12);
      expect(delta.costPerRequestUsd).toBeCloseTo(0.052 / 3 - 0.074 / 6, 12);
      // Served before: 100 250 300 400 500 (p50 300; r4 failed); after: 300 400 500 (p50 400).
      expect(delta.latencyP50Ms).toBeCloseTo(100, 0);
      expect(delta.latencyP99Ms).toBeCloseTo(0, 0);
      expect(delta.fallbackRate).toBeCloseTo(2 / 3 - 0.5, 12);
      expect(delta.share).toBe(0);
    });
  });

  it('gives no latency delta where the exact percentiles are equal but their estimates differ within the percentile error', async () => {
    const served = fixtureRecords.find((record) => record.servedBy !== null && record.totals.latencyMs > 0);
    if (!served) throw new Error('fixture has no served record');
    const at = (requestId: string, latencyMs: number) => ({
      ...served,
      requestId,
      totals: { ...served.totals, latencyMs },
    });
    // Before: every request at 624 ms. After: most at 624 ms, one slow: p50 624 ms in both.
    const before = await aggregateRecords({ records: [1, 2, 3, 4, 5].map((n) => at(`b${n}`, 624)) });
    const afterRuns = await aggregateRecords({
      records: [...[1, 2, 3, 4].map((n) => at(`a${n}`, 624)), at('a5', 1152)],
    });
    const comparison = compareReports({ before, after: afterRuns });
    expect(comparison.total.delta.latencyP50Ms).toBe(0);
    expect(comparison.total.delta.latencyP99Ms).toBeGreaterThan(500);
  });

  describe('groups', () => {
    it('matches groups by key and compares a group missing on one side with zeros', async () => {
      const comparison = compareReports({
        before: await aggregateRecords({ records: fixtureRecords, by: ['provider'] }),
        after: await aggregateRecords({ records: after, by: ['provider'] }),
      });
      const row = (provider: string) => comparison.groups.find((each) => each.key.provider === provider);
      expect(row('anthropic')?.delta.share).toBeCloseTo(2 / 3 - 0.4, 12);
      expect(row('anthropic')?.delta.requests).toBe(2 - 3);
      // openai still appears after (its failed attempts in r2 and r3) but serves nothing.
      expect(row('openai')?.after?.requests).toBe(0);
      expect(row('openai')?.delta.share).toBeCloseTo(-0.4, 12);
      expect(row('openai')?.delta.costUsd).toBeCloseTo(0.002 - 0.023, 12);
      expect(row('ollama')?.delta.share).toBeCloseTo(1 / 3 - 0.2, 12);
    });

    it('compares a group absent after with zeros', async () => {
      const comparison = compareReports({
        before: await aggregateRecords({ records: fixtureRecords, by: ['jurisdiction'] }),
        after: await aggregateRecords({ records: after, by: ['jurisdiction'] }),
      });
      const cn = comparison.groups.find((each) => each.key.jurisdiction === 'CN');
      expect(cn?.after).toBeNull();
      expect(cn?.delta.requests).toBe(-1);
      expect(cn?.delta.costUsd).toBeCloseTo(-0.001, 12);
      // A latency, a cost per request or a fallback rate over no request is no figure: no delta.
      expect(cn?.before?.requests).toBe(1);
      expect([
        cn?.delta.latencyP50Ms,
        cn?.delta.latencyP99Ms,
        cn?.delta.costPerRequestUsd,
        cn?.delta.fallbackRate,
      ]).toEqual([null, null, null, null]);
    });

    it('gives no latency delta for a group that served nothing in one run', async () => {
      const comparison = compareReports({
        before: await aggregateRecords({ records: fixtureRecords, by: ['provider'] }),
        after: await aggregateRecords({ records: after, by: ['provider'] }),
      });
      const openai = comparison.groups.find((each) => each.key.provider === 'openai');
      expect(openai?.before?.latencyMs.count).toBeGreaterThan(0);
      expect(openai?.delta.latencyP50Ms).toBeNull();
      expect(
        comparison.groups.find((each) => each.key.provider === 'anthropic')?.delta.latencyP50Ms,
      ).not.toBeNull();
    });

    it('refuses reports grouped differently', async () => {
      const before = await aggregateRecords({ records: fixtureRecords, by: ['provider'] });
      const other = await aggregateRecords({ records: after, by: ['route'] });
      expect(() => compareReports({ before, after: other })).toThrow(/grouped by "provider" and "route"/);
    });
  });

  describe('targets', () => {
    it('gives each target share of served traffic before and after, largest change first', async () => {
      const comparison = compareReports({
        before: await aggregateRecords({ records: fixtureRecords }),
        after: await aggregateRecords({ records: after }),
      });
      expect(comparison.targets.map((each) => each.target)).toEqual(['oa-gpt', 'an-sonnet', 'local-qwen']);
      expect(comparison.targets[0]).toMatchObject({ before: 0.4, after: 0, delta: -0.4 });
      expect(comparison.targets[1]?.delta).toBeCloseTo(2 / 3 - 0.4, 12);
    });
  });
});
