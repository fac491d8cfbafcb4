import { describe, expect, it } from 'vitest';
import { fixtureScenario } from '../testing/fixture-scenario.js';
import type { DrillProgress } from './drill-progress.js';
import { runDrill } from './run-drill.js';

describe('runDrill', () => {
  describe('onProgress', () => {
    it('gives the share of each target over the last 200 requests served, in the order served', {
      timeout: 60_000,
    }, async () => {
      const scenario = fixtureScenario();
      let last: DrillProgress | undefined;
      const result = await runDrill({
        scenario: { ...scenario, workload: { ...scenario.workload, total: 330, rate: 50 } },
        keepRecords: true,
        onProgress: (progress) => {
          last = progress;
        },
      });
      const served = result.records.flatMap((record) => (record.servedBy === null ? [] : [record.servedBy]));
      expect(served.length).toBeGreaterThan(200);
      const expected: Record<string, number> = {};
      for (const id of served.slice(-200)) expected[id] = (expected[id] ?? 0) + 1 / 200;
      // The ban at +2 s moves the traffic: the last 200 are not the first 200.
      const first: Record<string, number> = {};
      for (const id of served.slice(0, 200)) first[id] = (first[id] ?? 0) + 1 / 200;
      expect(expected).not.toEqual(first);
      expect(last?.share).toEqual(expected);
    });
  });
});
