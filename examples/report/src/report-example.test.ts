import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reportExample } from './report-example.js';

describe('reportExample', () => {
  let outDir: string;
  beforeEach(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'switchyard-example-report-'));
  });
  afterEach(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('writes the records and a report that shows the withdrawal, the wasted 503s and the shift of traffic', async () => {
    const { report, files, text, recordsPath } = await reportExample({ outDir });
    const lines = (await readFile(recordsPath, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(40);
    expect(report.input).toMatchObject({ records: 40, badLines: 0 });
    expect(report.total).toMatchObject({ requests: 40, served: 40, failed: 0, cutoffs: 1 });
    // Request 20 fell back from the withdrawn model; requests 20, 25, 30, 35 each wasted one 503 on the EU model.
    expect(report.total.fallbacks).toBe(1);
    expect(report.total.attemptsWasted).toBe(5);
    const openai = report.providers.find((provider) => provider.provider === 'openai');
    expect(openai).toMatchObject({ attempts: 21, attemptsWasted: 1 });
    // 20 × (800 input × $2.5 + 300 output × $15) per million tokens.
    expect(openai?.costServedUsd).toBeCloseTo(20 * ((800 * 2.5 + 300 * 15) / 1e6), 12);
    expect(report.targets).toEqual(['eu', 'frontier']);
    const first = report.series.buckets[0];
    const last = report.series.buckets.at(-1);
    expect(first?.servedBy).toEqual({ frontier: 4 });
    expect(last?.servedBy).toEqual({ eu: 4 });
    expect(report.events).toEqual([
      { at: Date.parse('2026-06-25T09:05:00Z'), label: 'openai withdraws gpt-5.4 (model_withdrawn)' },
    ]);
    expect(text).toContain('Cost by provider');
    const html = await readFile(files.html as string, 'utf8');
    expect(html).toContain('<canvas id="chart-share" data-chart="traffic-share"');
    expect(html).toContain('openai withdraws gpt-5.4');
  });
});
