import type { AttemptRecord, DecisionRecord } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { fixtureRecords } from '../test-fixtures/fixture-records.js';
import { aggregateRecords } from './aggregate-records.js';
import type { ReportGroup } from './report.js';

const group = (groups: readonly ReportGroup[], key: Record<string, string>) => {
  const found = groups.find((each) => JSON.stringify(each.key) === JSON.stringify(key));
  if (!found) throw new Error(`no group ${JSON.stringify(key)}`);
  return found;
};

describe('aggregateRecords', () => {
  describe('total', () => {
    it('counts requests, outcomes, fallbacks, depth, cut-offs and attempts', async () => {
      const { total } = await aggregateRecords({ records: fixtureRecords });
      expect(total.requests).toBe(6);
      expect(total.served).toBe(5);
      expect(total.failed).toBe(1);
      expect(total.fallbacks).toBe(3);
      expect(total.fallbackRate).toBe(0.5);
      expect(total.fallbackDepth).toEqual({ mean: 5 / 6, max: 2, histogram: [3, 1, 2] });
      expect(total.cutoffs).toBe(2);
      expect(total.attempts).toBe(11);
      expect(total.attemptsWasted).toBe(6);
      expect(total.share).toBe(1);
    });

    it('adds the tokens of the serving attempts', async () => {
      const { total } = await aggregateRecords({ records: fixtureRecords });
      expect(total.tokens).toEqual({ input: 1100, output: 420, cached: 110, reasoning: 75 });
    });

    it('splits cost into served and wasted, counting failed attempts that used tokens and superseded retries', async () => {
      const { total } = await aggregateRecords({ records: fixtureRecords });
      expect(total.costServedUsd).toBeCloseTo(0.07, 12);
      expect(total.costWastedUsd).toBeCloseTo(0.004, 12);
      expect(total.costUsd).toBeCloseTo(0.074, 12);
    });

    it('sums costs without floating-point noise, per total, target, jurisdiction and bucket', async () => {
      const base = fixtureRecords[0] as DecisionRecord;
      const attempt = base.attempts[0] as AttemptRecord;
      // 0.1 + 0.2 is 0.30000000000000004 in floating point.
      const records = [0.1, 0.2].map(
        (costUsd, index): DecisionRecord => ({
          ...base,
          requestId: `noise-${index}`,
          attempts: [{ ...attempt, outcome: 'success', costUsd }],
          totals: { ...base.totals, costUsd, wastedCostUsd: 0 },
        }),
      );
      const report = await aggregateRecords({ records });
      expect(report.total.costUsd).toBe(0.3);
      expect(report.total.costServedUsd).toBe(0.3);
      expect(report.targetCosts[0]?.costServedUsd).toBe(0.3);
      expect(report.providers[0]?.costServedUsd).toBe(0.3);
      expect(report.jurisdictions[0]?.costUsd).toBe(0.3);
      expect(report.series.buckets.map((bucket) => bucket.costServedUsd)).toEqual([0.3]);
    });

    it("does not count a continued stream's delivered start as waste, as the record's totals do", async () => {
      const base = fixtureRecords[0] as DecisionRecord;
      const cut = { ...(base.attempts[0] as AttemptRecord), targetId: 'oa-gpt', provider: 'openai' };
      const continued: DecisionRecord = {
        ...base,
        servedBy: 'an-sonnet',
        attempts: [
          { ...cut, outcome: 'failure', failureKind: 'transient', costUsd: 0.003, deliveredChars: 40 },
          { ...cut, outcome: 'failure', failureKind: 'transient', costUsd: 0.001 },
          { ...cut, targetId: 'an-sonnet', provider: 'anthropic', outcome: 'success', costUsd: 0.002 },
        ],
        totals: { ...base.totals, costUsd: 0.006, wastedCostUsd: 0.001 },
      };
      const { total, targetCosts } = await aggregateRecords({ records: [continued] });
      expect(total.costWastedUsd).toBeCloseTo(continued.totals.wastedCostUsd, 12);
      expect(total.costServedUsd).toBeCloseTo(0.005, 12);
      expect(total.attemptsWasted).toBe(1);
      expect(targetCosts.find((each) => each.target === 'oa-gpt')).toMatchObject({
        attempts: 2,
        attemptsWasted: 1,
      });
    });

    it('gives nearest-rank latency and TTFT percentiles', async () => {
      const { total } = await aggregateRecords({ records: fixtureRecords });
      // Served requests' latencies 100 250 300 400 500 (r4 failed: its 200 ms is no answer, as in a
      // drill's summary): p50 = 3rd, p90 = p99 = 5th. TTFT 40 90 120 150.
      expect(total.latencyMs.count).toBe(5);
      expect(total.latencyMs.p50).toBeCloseTo(300, 0);
      expect(total.latencyMs.p90).toBeCloseTo(500, 0);
      expect(total.latencyMs.p99).toBeCloseTo(500, 0);
      expect(total.latencyMs.mean).toBeCloseTo(1550 / 5, 0);
      expect(total.ttftMs.count).toBe(4);
      expect(total.ttftMs.p50).toBeCloseTo(90, 0);
      expect(total.ttftMs.p99).toBeCloseTo(150, 0);
    });

    it("leaves a failed request's latency out of its jurisdiction's, as out of every group's", async () => {
      const report = await aggregateRecords({ records: fixtureRecords, by: ['jurisdiction'] });
      // CN's only request (r4) failed after 200 ms: no latency, rather than a fast answer.
      const cn = report.jurisdictions.find((entry) => entry.jurisdiction === 'CN');
      expect([cn?.requests, cn?.failed, cn?.latencyMs.count]).toEqual([1, 1, 0]);
      expect(report.groups.find((each) => each.key.jurisdiction === 'CN')?.latencyMs.count).toBe(0);
    });

    it('reports the time span and an empty set of records as zeros', async () => {
      const report = await aggregateRecords({ records: fixtureRecords });
      expect(report.from).toBe(Date.parse('2026-06-25T10:00:10Z'));
      expect(report.to).toBe(Date.parse('2026-06-25T10:02:45Z'));
      const empty = await aggregateRecords({ records: [] });
      expect(empty.total.requests).toBe(0);
      expect(empty.total.fallbackRate).toBe(0);
      expect(empty.total.latencyMs.p99).toBe(0);
      expect(empty.groups).toEqual([]);
    });
  });

  describe('by provider', () => {
    it('attributes requests to the serving provider and each attempt to its own provider', async () => {
      const { groups } = await aggregateRecords({ records: fixtureRecords, by: ['provider'] });
      expect(groups.map((each) => each.key.provider)).toEqual(['anthropic', 'openai', 'ollama']);
      const openai = group(groups, { provider: 'openai' });
      expect([openai.requests, openai.served, openai.failed, openai.fallbacks]).toEqual([2, 2, 0, 0]);
      expect([openai.attempts, openai.attemptsWasted, openai.cutoffs]).toEqual([6, 4, 2]);
      expect(openai.costServedUsd).toBeCloseTo(0.02, 12);
      expect(openai.costWastedUsd).toBeCloseTo(0.003, 12);
      expect(openai.tokens).toEqual({ input: 200, output: 90, cached: 10, reasoning: 5 });
      expect(openai.share).toBeCloseTo(0.4, 12);
      const anthropic = group(groups, { provider: 'anthropic' });
      expect([anthropic.requests, anthropic.served, anthropic.failed, anthropic.fallbacks]).toEqual([
        3, 2, 1, 2,
      ]);
      expect(anthropic.fallbackDepth.histogram).toEqual([1, 1, 1]);
      expect([anthropic.attempts, anthropic.attemptsWasted, anthropic.cutoffs]).toEqual([4, 2, 0]);
      expect(anthropic.costServedUsd).toBeCloseTo(0.05, 12);
      expect(anthropic.costWastedUsd).toBeCloseTo(0.001, 12);
      expect(anthropic.tokens).toEqual({ input: 600, output: 300, cached: 100, reasoning: 70 });
      const ollama = group(groups, { provider: 'ollama' });
      expect([ollama.requests, ollama.served, ollama.attempts, ollama.attemptsWasted]).toEqual([1, 1, 1, 0]);
      expect(ollama.fallbackDepth).toEqual({ mean: 2, max: 2, histogram: [0, 0, 1] });
      expect(ollama.share).toBeCloseTo(0.2, 12);
    });

    it('sums the groups to the total', async () => {
      const report = await aggregateRecords({ records: fixtureRecords, by: ['provider'] });
      const sum = (pick: (group: ReportGroup) => number) =>
        report.groups.reduce((acc, each) => acc + pick(each), 0);
      expect(sum((each) => each.requests)).toBe(report.total.requests);
      expect(sum((each) => each.attempts)).toBe(report.total.attempts);
      expect(sum((each) => each.attemptsWasted)).toBe(report.total.attemptsWasted);
      expect(sum((each) => each.costWastedUsd)).toBeCloseTo(report.total.costWastedUsd, 12);
      expect(sum((each) => each.costServedUsd)).toBeCloseTo(report.total.costServedUsd, 12);
    });

    it('always lists cost per provider, whatever the grouping', async () => {
      const { providers } = await aggregateRecords({ records: fixtureRecords, by: ['route'] });
      expect(providers.map((each) => each.provider)).toEqual(['anthropic', 'openai', 'ollama']);
      const openai = providers.find((each) => each.provider === 'openai');
      expect(openai).toMatchObject({ attempts: 6, attemptsWasted: 4 });
      expect(openai?.costServedUsd).toBeCloseTo(0.02, 12);
      expect(openai?.costWastedUsd).toBeCloseTo(0.003, 12);
    });
  });

  describe('by target and context', () => {
    it('attributes a failed request to the last target tried', async () => {
      const { groups } = await aggregateRecords({ records: fixtureRecords, by: ['target'] });
      const sonnet = group(groups, { target: 'an-sonnet' });
      expect([sonnet.requests, sonnet.served, sonnet.failed]).toEqual([3, 2, 1]);
    });

    it('groups by jurisdiction, data class and tenant with (none) for missing values', async () => {
      const byJurisdiction = await aggregateRecords({ records: fixtureRecords, by: ['jurisdiction'] });
      const de = group(byJurisdiction.groups, { jurisdiction: 'DE' });
      expect([de.requests, de.served, de.attempts, de.attemptsWasted]).toEqual([3, 3, 5, 2]);
      expect(de.costServedUsd).toBeCloseTo(0.04, 12);
      expect(de.costWastedUsd).toBeCloseTo(0.003, 12);
      expect(group(byJurisdiction.groups, { jurisdiction: 'CN' })).toMatchObject({
        requests: 1,
        failed: 1,
        cutoffs: 1,
      });
      const byClass = await aggregateRecords({ records: fixtureRecords, by: ['dataClass'] });
      expect(group(byClass.groups, { dataClass: '(none)' }).requests).toBe(1);
      expect(group(byClass.groups, { dataClass: 'internal' }).requests).toBe(3);
      const byTenant = await aggregateRecords({ records: fixtureRecords, by: ['tenant', 'route'] });
      expect(group(byTenant.groups, { tenant: 'acme', route: 'chat' }).requests).toBe(2);
      expect(group(byTenant.groups, { tenant: '(none)', route: 'chat' }).requests).toBe(1);
    });

    it('groups by time bucket', async () => {
      const { groups } = await aggregateRecords({ records: fixtureRecords, by: ['time'], bucketMs: 60_000 });
      expect(groups.map((each) => [each.key.time, each.requests])).toEqual([
        ['2026-06-25T10:00:00.000Z', 2],
        ['2026-06-25T10:01:00.000Z', 2],
        ['2026-06-25T10:02:00.000Z', 2],
      ]);
    });
  });

  describe('series', () => {
    it('gives traffic share per target per bucket', async () => {
      const report = await aggregateRecords({ records: fixtureRecords, bucketMs: 60_000 });
      expect(report.targets).toEqual(['an-sonnet', 'oa-gpt', 'local-qwen']);
      expect(report.series.bucketMs).toBe(60_000);
      expect(
        report.series.buckets.map((bucket) => [
          new Date(bucket.start).toISOString(),
          bucket.servedBy,
          bucket.failed,
        ]),
      ).toEqual([
        ['2026-06-25T10:00:00.000Z', { 'oa-gpt': 1, 'an-sonnet': 1 }, 0],
        ['2026-06-25T10:01:00.000Z', { 'local-qwen': 1 }, 1],
        ['2026-06-25T10:02:00.000Z', { 'oa-gpt': 1, 'an-sonnet': 1 }, 0],
      ]);
      const [first] = report.series.buckets;
      expect(first?.costServedUsd).toBeCloseTo(0.03, 12);
      expect(first?.costWastedUsd).toBeCloseTo(0.002, 12);
      expect(first?.latencyMs.p50).toBeCloseTo(100, 0);
    });

    it('widens the buckets to a coarser width when there would be too many', async () => {
      const report = await aggregateRecords({
        records: fixtureRecords,
        bucketMs: 60_000,
        maxSeriesBuckets: 2,
      });
      expect(report.series.bucketMs).toBe(300_000);
      expect(report.series.buckets).toHaveLength(1);
      expect(report.series.buckets[0]).toMatchObject({ requests: 6, served: 5, failed: 1, fallbacks: 3 });
      expect(report.series.buckets[0]?.servedBy).toEqual({ 'oa-gpt': 2, 'an-sonnet': 2, 'local-qwen': 1 });
      expect(report.series.buckets[0]?.latencyMs.count).toBe(5);
    });

    it('carries the events to mark', async () => {
      const events = [{ at: Date.parse('2026-06-25T10:01:00Z'), label: 'ban oa-gpt' }];
      const report = await aggregateRecords({ records: fixtureRecords, events });
      expect(report.events).toEqual(events);
    });
  });
});
