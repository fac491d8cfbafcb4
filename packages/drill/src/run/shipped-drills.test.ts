import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { demoTinyGgufOptions, writeTinyGguf } from '@switchyard/llama-cpp/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parse-scenario.js';
import { runDrill } from './run-drill.js';

const drillsDir = new URL('../../../../examples/drills/', import.meta.url).pathname;
const files = (await readdir(drillsDir)).filter((name) => name.endsWith('.yaml')).sort();
// The in-process local model of the drills (llama-cpp targets), as `pnpm demo` writes it.
const tinyModel = new URL('../../../../.switchyard/models/switchyard-tiny.gguf', import.meta.url).pathname;

beforeAll(async () => {
  await writeTinyGguf({ path: tinyModel, ...demoTinyGgufOptions });
});

describe('shipped drills (examples/drills)', () => {
  it('ships the drills of the issues', () => {
    expect(files).toEqual([
      'export-control-day.yaml',
      'hosted-blackout.yaml',
      'key-revoked.yaml',
      'provider-outage.yaml',
      'rate-limit-storm.yaml',
    ]);
  });

  describe.each(files)('%s', (name) => {
    it('passes every assertion in simulated mode, with every request accounted for', async () => {
      const file = join(drillsDir, name);
      const scenario = parseScenario({ text: await readFile(file, 'utf8'), file });
      const result = await runDrill({ scenario, baseDir: drillsDir });
      const failed = result.verdicts.filter((verdict) => !verdict.passed);
      expect(failed.map((verdict) => `${verdict.name}: ${verdict.summary}`)).toEqual([]);
      expect(result.passed).toBe(true);
      expect(result.counts.sent).toBe(scenario.workload.total);
      expect(result.records).toHaveLength(scenario.workload.total);
      expect(result.counts.lost).toBe(0);
      // Every timeline event was played.
      const played = result.events.filter((event) => event.source === 'timeline');
      expect(played.length).toBeGreaterThanOrEqual(scenario.timeline.length);
    }, 120_000);
  });
});
