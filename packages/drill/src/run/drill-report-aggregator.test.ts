import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateScenario } from '../scenario/parse-scenario.js';
import { fixtureScenario } from '../testing/fixture-scenario.js';
import { runDrill } from './run-drill.js';
import { drillReportAggregator, writeDrillResults } from './write-drill-results.js';

const folders: string[] = [];
const folder = async () => {
  const made = await mkdtemp(join(tmpdir(), 'drill-report-aggregator-'));
  folders.push(made);
  return made;
};
afterAll(async () => {
  for (const made of folders) await rm(made, { recursive: true, force: true });
});

const reportFiles = ['report.json', 'report.md', 'report.html'];
const scenario = () => fixtureScenario({ latency: { '*': { firstTokenMs: 250, tokensPerSecond: 100 } } });

describe('drillReportAggregator', () => {
  it('gives the report that reading the records back gives, byte for byte, baseline comparison included', {
    timeout: 60_000,
  }, async () => {
    const out = await folder();
    const result = await runDrill({ scenario: scenario(), out, baseline: true });
    expect(result.files?.reportJson).toBe(join(out, 'report.json'));
    // The same result and records written again without the aggregators: the report reads the files.
    const again = await folder();
    await writeDrillResults({
      result,
      scenario: validateScenario(scenario()),
      out: again,
      recordsPath: join(out, 'records.jsonl'),
      baselineRecordsPath: join(out, 'baseline', 'records.jsonl'),
    });
    for (const name of reportFiles) {
      const read = await readFile(join(again, name), 'utf8');
      expect(read.length).toBeGreaterThan(0);
      expect(await readFile(join(out, name), 'utf8')).toBe(read);
    }
  });

  it('builds the report without reading the records file', async () => {
    const out = await folder();
    const result = await runDrill({ scenario: scenario(), keepRecords: true });
    const aggregator = drillReportAggregator();
    for (const record of result.records) aggregator.add(record);
    const written = await writeDrillResults({
      result,
      scenario: validateScenario(scenario()),
      out,
      recordsPath: join(out, 'never-written.jsonl'),
      recordsAggregator: aggregator,
    });
    expect(written.reportError).toBeUndefined();
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    expect(report.report.total.requests).toBe(result.counts.sent);
    expect(report.report.sources).toEqual([join(out, 'never-written.jsonl')]);
  });
});
