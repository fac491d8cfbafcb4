import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DecisionRecord } from '@switchyard/core';
import { parseScenario, runDrill } from '@switchyard/drill';
import { selfCheckRecords } from '@switchyard/evidence';
import { demoTinyGgufOptions, writeTinyGguf } from '@switchyard/llama-cpp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const drillsDir = new URL('../examples/drills/', import.meta.url).pathname;
const files = (await readdir(drillsDir)).filter((name) => name.endsWith('.yaml')).sort();
// The in-process local model of the drills (llama-cpp targets), as `pnpm demo` writes it.
const tinyModel = new URL('../.switchyard/models/switchyard-tiny.gguf', import.meta.url).pathname;
let out: string;

beforeAll(async () => {
  await writeTinyGguf({ path: tinyModel, ...demoTinyGgufOptions });
  out = await mkdtemp(join(tmpdir(), 'switchyard-drills-self-check-'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('self-check of the shipped drills (switchyard replay --self-check)', () => {
  it('covers every shipped drill', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  describe.each(files)('%s', (name) => {
    it('reproduces every decision record of the drill under its own policy and state', async () => {
      const file = join(drillsDir, name);
      const scenario = parseScenario({ text: await readFile(file, 'utf8'), file });
      const folder = join(out, name.replace(/\.yaml$/, ''));
      const result = await runDrill({ scenario, baseDir: drillsDir, out: folder, report: false });
      expect(result.passed).toBe(true);
      const report = await selfCheckRecords({ files: [join(folder, 'records.jsonl')] });
      expect(report.mismatches).toEqual([]);
      expect(report.badLineSamples).toEqual([]);
      // Reroutes on budget carry the counter state that made them (the self-check replayed it above).
      const records = (await readFile(join(folder, 'records.jsonl'), 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as DecisionRecord);
      const rerouted = records.filter((record) => record.skipped.some((entry) => entry.reason === 'budget'));
      for (const record of rerouted) expect(record.decision?.budget?.length).toBeGreaterThan(0);
      if (name === 'budget-day.yaml') expect(rerouted.length).toBeGreaterThan(0);
      expect(report).toMatchObject({
        records: scenario.workload.total,
        reproduced: scenario.workload.total,
        mismatched: 0,
        badLines: 0,
      });
    }, 60_000);
  });
});
