import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatOffset } from '@switchyard/report';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureScenario } from '../testing/fixture-scenario.js';
import { formatDrillSummary } from './format-drill-summary.js';
import { runDrill } from './run-drill.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('runDrill', () => {
  describe('an event whose duration runs past the drill’s end', () => {
    it('passes, and warns in the summary and the report that its end never played', async () => {
      const out = await mkdtemp(join(tmpdir(), 'switchyard-unended-'));
      dirs.push(out);
      const base = fixtureScenario();
      const result = await runDrill({
        out,
        scenario: fixtureScenario({
          timeline: [
            ...(base.timeline ?? []).slice(0, 2),
            { at: '4s', type: 'outage', provider: 'anthropic', duration: '1000d', status: 503 },
          ],
          assertions: [{ type: 'all-accounted' }],
        }),
      });
      expect(result.passed).toBe(true);
      expect(result.unplayed).toBeUndefined();
      expect(result.unended).toEqual([
        { index: 2, atMs: 4_000 + 1000 * 86_400_000, label: 'outage server_error 503 on anthropic' },
      ]);
      const warning = `timeline[2] outage server_error 503 on anthropic was to end at +1000d4s, after the drill's end (${formatOffset(result.simulatedMs)}): its end never played, so it held to the end of the drill and the recovery after it was not rehearsed (end it within the drill to rehearse that)`;
      expect(formatDrillSummary(result)).toContain(`\nWarning: ${warning}\n`);
      const report = await readFile(join(out, 'report.md'), 'utf8');
      expect(report).toContain('Warnings');
      expect(report).toContain(warning);
    });

    it('says nothing when every end played', async () => {
      const result = await runDrill({ scenario: fixtureScenario() });
      expect(result.unended).toBeUndefined();
      expect(formatDrillSummary(result)).not.toContain('Warning:');
    });
  });
});
