import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../scenario/scenario-schema.js';
import { gptAndLocalConfig } from '../test-fixtures/gpt-and-local-config.js';
import { runFleetDrill } from './run-fleet-drill.js';

/**
 * A fleet drill stopped by its scenario's `duration`, as a single drill is: two real router
 * processes (an embedded redis-server) would take 5 s to send 200 requests at 40 a second; the
 * duration stops them at 500 ms.
 */
const startMs = Date.parse('2026-06-25T09:00:00Z');

const scenario: ScenarioInput = {
  name: 'fleet-duration',
  duration: '500ms',
  config: gptAndLocalConfig,
  workload: { route: 'chat', rate: 40, total: 200, mix: { jurisdictions: { US: 1 } } },
  assertions: [{ type: 'all-accounted' }],
  fleet: { processes: 2, assertions: [{ type: 'attempts-after-propagation', max: 0 }] },
};

describe('runFleetDrill with a duration', () => {
  // Two real router processes for half a second: about 3 s on a loaded 2-core machine.
  it('stops sending at the duration and does not pass, as a single drill', async () => {
    const out = await mkdtemp(join(tmpdir(), 'switchyard-fleet-duration-'));
    try {
      const result = await runFleetDrill({ scenario, out });
      expect(result.stopped).toBe('duration');
      expect(result.passed).toBe(false);
      // 20 requests are due before 500 ms (at 0, 25, ..., 475 ms); none at or after it is sent.
      expect(result.counts.sent).toBeLessThan(200);
      expect(result.counts.sent).toBeLessThanOrEqual(20);
      const records = (await readFile(join(out, 'records.jsonl'), 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { time: string });
      expect(records).toHaveLength(result.counts.sent);
      for (const record of records) expect(Date.parse(record.time) - startMs).toBeLessThan(500);
      const summary = await readFile(join(out, 'summary.txt'), 'utf8');
      expect(summary).toMatch(/^FAILED: all 2 assertions hold; the run was stopped \(duration\)\n/);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 180_000);
});
