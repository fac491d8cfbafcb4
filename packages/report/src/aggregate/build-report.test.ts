import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BadLine } from '../read/bad-line.js';
import { fixtureJsonl } from '../test-fixtures/fixture-records.js';
import { buildReport } from './build-report.js';
import type { Report } from './report.js';

/** The report without float sums whose order differs between threads. */
function exact(report: Report) {
  const { total, groups, providers, targetCosts, jurisdictions, series, ...rest } = report;
  const strip = <T extends { costUsd?: number; costServedUsd: number; costWastedUsd: number }>(
    figures: T,
  ) => ({
    ...figures,
    costUsd: Math.round((figures.costUsd ?? 0) * 1e9),
    costServedUsd: Math.round(figures.costServedUsd * 1e9),
    costWastedUsd: Math.round(figures.costWastedUsd * 1e9),
  });
  return {
    ...rest,
    total: strip(total),
    groups: groups.map(strip),
    providers: providers.map(strip),
    targetCosts: targetCosts.map(strip),
    jurisdictions: jurisdictions.map((entry) => ({ ...entry, costUsd: Math.round(entry.costUsd * 1e9) })),
    series: { ...series, buckets: series.buckets.map(strip) },
  };
}

describe('buildReport', () => {
  let folder: string;
  let path: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'switchyard-report-build-'));
    path = join(folder, 'records.jsonl');
    // 50 copies of the six fixture records, with a bad line and a blank line in every tenth copy.
    const parts: string[] = [];
    for (let copy = 0; copy < 50; copy++)
      parts.push(copy % 10 === 3 ? `${fixtureJsonl}oops\n\n` : fixtureJsonl);
    await writeFile(path, parts.join(''));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  describe('worker threads', () => {
    it('gives the same report, bad lines and line numbers with three threads as with one', async () => {
      const one: BadLine[] = [];
      const three: BadLine[] = [];
      const options = { sources: [path], by: ['provider', 'jurisdiction'] as const, bucketMs: 60_000 };
      const sequential = await buildReport({
        ...options,
        workers: 1,
        onBadLine: (badLine) => one.push(badLine),
      });
      const parallel = await buildReport({
        ...options,
        workers: 3,
        onBadLine: (badLine) => three.push(badLine),
      });
      expect(sequential.total.requests).toBe(300);
      expect(sequential.input).toMatchObject({ lines: 305, records: 300, badLines: 5 });
      expect(exact(parallel)).toEqual(exact(sequential));
      expect(parallel.total.costWastedUsd).toBeCloseTo(sequential.total.costWastedUsd, 12);
      expect(three).toEqual(one);
      // Copy 3 starts at line 19; its bad line is the 7th line of that copy.
      expect(one[0]).toEqual({ source: path, line: 25, message: expect.stringMatching(/^invalid JSON/) });
    }, 30_000);
  });
});
