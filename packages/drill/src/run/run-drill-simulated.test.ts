import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureScenario } from '../testing/fixture-scenario.js';
import { formatDrillSummary } from './format-drill-summary.js';
import { runDrill } from './run-drill.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('runDrill', () => {
  describe('simulated mode', () => {
    it('runs on virtual time: instants and latencies come from the scenario, ids from the seed', async () => {
      const result = await runDrill({
        scenario: fixtureScenario({ latency: { '*': { firstTokenMs: 250, tokensPerSecond: 100 } } }),
        seed: 5,
      });
      expect(result.passed).toBe(true);
      const [first] = result.records;
      expect(first?.requestId).toBe('drill-5-0000001');
      expect(first?.time).toBe('2026-06-25T09:00:00.000Z');
      // 250 ms to the first token, then 10 ms per token: exact, whatever the machine's load.
      for (const record of result.records)
        for (const attempt of record.attempts.filter((entry) => entry.outcome === 'success')) {
          expect(attempt.latencyMs).toBeGreaterThanOrEqual(250);
          expect((attempt.latencyMs - 250) % 10).toBe(0);
        }
      // Requests arrive at 10/s: the 60th leaves at +5.9 s on the virtual clock.
      expect(result.records.map((record) => record.time)).toContain('2026-06-25T09:00:05.900Z');
      // The ban at +2 s is in force for the first request sent at +2 s.
      const events = result.events.filter((event) => event.source === 'timeline').map((event) => event.atMs);
      expect(events).toEqual([2000, 2000, 4000, 5000]);
    });

    it('says why requests failed, by error code, and writes records.jsonl even when none was served', async () => {
      const out = await mkdtemp(join(tmpdir(), 'drill-failures-'));
      dirs.push(out);
      const result = await runDrill({
        scenario: fixtureScenario({
          timeline: ['openai', 'anthropic', 'ollama'].map((provider) => ({
            at: 0,
            type: 'cutoff' as const,
            provider,
            signal: 'key_revoked' as const,
          })),
          assertions: [{ type: 'all-accounted' }],
        }),
        out,
        report: false,
      });
      expect(result.counts.served).toBe(0);
      const failures = Object.values(result.failures ?? {});
      expect(failures.reduce((sum, failure) => sum + failure.count, 0)).toBe(result.counts.failed);
      expect(result.counts.failed).toBe(60);
      const summary = formatDrillSummary(result);
      for (const [code, failure] of Object.entries(result.failures ?? {}))
        expect(summary).toContain(`${failure.count} failed with ${code}, e.g.: `);
      const records = (await readFile(join(out, 'records.jsonl'), 'utf8')).trim().split('\n');
      expect(records).toHaveLength(60);
    });

    it('a restore event with no target lifts every cut-off', async () => {
      const result = await runDrill({
        scenario: fixtureScenario({
          timeline: [
            ...['openai', 'anthropic', 'ollama'].map((provider) => ({
              at: 0,
              type: 'cutoff' as const,
              provider,
              signal: 'key_revoked' as const,
            })),
            { at: '3s', type: 'restore' as const },
          ],
          assertions: [{ type: 'all-accounted' }],
        }),
      });
      const after = result.records.filter(
        (record) => Date.parse(record.time) >= Date.parse('2026-06-25T09:00:03Z'),
      );
      expect(after.length).toBeGreaterThan(0);
      expect(after.every((record) => record.outcome === 'served')).toBe(true);
    });
  });
});
