import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parse-scenario.js';
import { runDrill } from './run-drill.js';

const drillsDir = new URL('../../../../examples/drills/', import.meta.url).pathname;
const files = (await readdir(drillsDir)).filter((name) => name.endsWith('.yaml')).sort();

describe('shipped drills (examples/drills)', () => {
  it('ships the four drills of the issue', () => {
    expect(files).toEqual([
      'export-control-day.yaml',
      'key-revoked.yaml',
      'provider-outage.yaml',
      'rate-limit-storm.yaml',
    ]);
  });

  describe.each(files)('%s', (name) => {
    it('passes every assertion in simulated mode, with every request accounted for', async () => {
      const file = join(drillsDir, name);
      const scenario = parseScenario({ text: await readFile(file, 'utf8'), file });
      const result = await runDrill({ scenario });
      const failed = result.verdicts.filter((verdict) => !verdict.passed);
      expect(failed.map((verdict) => `${verdict.name}: ${verdict.summary}`)).toEqual([]);
      expect(result.passed).toBe(true);
      expect(result.counts.sent).toBe(scenario.workload.total);
      expect(result.records).toHaveLength(scenario.workload.total);
      expect(result.counts.lost).toBe(0);
      // Every timeline event was played.
      const played = result.events.filter((event) => event.source === 'timeline');
      expect(played.length).toBeGreaterThanOrEqual(scenario.timeline.length);
    }, 60_000);
  });
});
