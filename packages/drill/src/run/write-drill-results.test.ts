import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../scenario/parse-scenario.js';
import { drillResultFixture } from '../testing/drill-result-fixture.js';
import { fixtureScenario } from '../testing/fixture-scenario.js';
import { reportBucketMs, writeDrillResults } from './write-drill-results.js';

const result = drillResultFixture({
  events: [
    { atMs: 1_000, source: 'timeline', description: 'ban' },
    { atMs: 1_200, source: 'router', description: 'router cut off gpt' },
  ],
});

describe('reportBucketMs', () => {
  it('gives about 30 points, rounded up to a readable width', () => {
    expect(reportBucketMs(300_000)).toBe(10_000);
    expect(reportBucketMs(4_000)).toBe(1_000);
    expect(reportBucketMs(3_600_000)).toBe(120_000);
    expect(reportBucketMs(1_000 * 3_600_000)).toBe(3_600_000);
  });
});

describe('writeDrillResults', () => {
  it('writes events at the start plus their offsets, and still writes the summaries when the report fails', async () => {
    const out = await mkdtemp(join(tmpdir(), 'drill-results-'));
    const { startMs } = result;
    const written = await writeDrillResults({
      result,
      scenario: validateScenario(fixtureScenario()),
      out,
      recordsPath: join(out, 'missing.jsonl'),
    });
    const events = JSON.parse(await readFile(join(out, 'events.json'), 'utf8'));
    expect(events).toEqual([
      { at: startMs + 1_000, offsetMs: 1_000, label: 'ban', source: 'timeline' },
      { at: startMs + 1_200, offsetMs: 1_200, label: 'router cut off gpt', source: 'router' },
    ]);
    expect(written.reportError).toContain('missing.jsonl');
    expect(written.files?.reportHtml).toBeUndefined();
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(summary.reportError).toBe(written.reportError);
    // A simulated drill's summary holds nothing that depends on the machine.
    expect(summary.realMs).toBeUndefined();
    expect(summary.records).toBeUndefined();
    expect(await readFile(join(out, 'summary.txt'), 'utf8')).toContain('Report: not written: ');
  });
});
