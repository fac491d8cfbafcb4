import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LanguageModelV4, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureScenario } from '../testing/fixture-scenario.js';
import { realWorkModel } from '../virtual-time/real-work-model.js';
import { formatDrillSummary } from './format-drill-summary.js';
import { runDrill } from './run-drill.js';

/**
 * A stand-in for in-process inference (llama.cpp): every step takes 1 to 4 real milliseconds,
 * on the real timers, so its timing depends on the machine.
 */
function nativeModel(): LanguageModelV4 {
  const realSetTimeout = globalThis.setTimeout;
  let steps = 0;
  const later = <T>(value: T) =>
    new Promise<T>((resolve) => realSetTimeout(() => resolve(value), 1 + ((steps++ * 7) % 4)));
  const usage = {
    inputTokens: { total: 12, noCache: 12, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: 3, text: 3, reasoning: 0 },
  };
  return {
    specificationVersion: 'v4',
    provider: 'llama-cpp',
    modelId: 'tiny.gguf',
    supportedUrls: {},
    doGenerate: () =>
      later({
        content: [{ type: 'text', text: 'from the yard' }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage,
        warnings: [],
      }),
    async doStream() {
      const parts: LanguageModelV4StreamPart[] = [
        { type: 'text-start', id: 't' },
        { type: 'text-delta', id: 't', delta: 'from the yard' },
        { type: 'text-end', id: 't' },
        { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage },
      ];
      return {
        stream: new ReadableStream<LanguageModelV4StreamPart>({
          async pull(controller) {
            const part = await later(parts.shift());
            if (part === undefined) controller.close();
            else controller.enqueue(part);
          },
        }),
      };
    },
  };
}

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('runDrill', () => {
  describe('simulated mode', () => {
    // The first drill of the file (its modules load): 8 s on a busy machine.
    it('runs on virtual time: instants and latencies come from the scenario, ids from the seed', {
      timeout: 60_000,
    }, async () => {
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

    it('plays events and sends requests weeks apart at their instants, past the 24.8 days a timer can wait', async () => {
      const day = 86_400_000;
      const result = await runDrill({
        scenario: fixtureScenario({
          // One request every 40 days: 0, +40d, +80d.
          workload: { route: 'chat', rate: 1 / (40 * 86_400), total: 3, mix: { jurisdictions: { US: 1 } } },
          timeline: [
            { at: '30d', type: 'outage', provider: 'anthropic', duration: '1h', status: 503 },
            { at: '50d', type: 'cutoff', target: 'frontier-us', signal: 'model_withdrawn' },
          ],
          duration: '100d',
          assertions: [{ type: 'all-accounted' }],
        }),
      });
      const events = result.events.filter((event) => event.source === 'timeline').map((event) => event.atMs);
      expect(events).toEqual([30 * day, 30 * day + 3_600_000, 50 * day]);
      expect(result.records.map((record) => record.time)).toEqual([
        '2026-06-25T09:00:00.000Z',
        '2026-08-04T09:00:00.000Z',
        '2026-09-13T09:00:00.000Z',
      ]);
      // Withdrawn at +50d: the last request falls back from frontier-us.
      expect(result.records.map((record) => record.servedBy)).toEqual([
        'frontier-us',
        'frontier-us',
        'claude-eu',
      ]);
      expect(result.stopped).toBeUndefined();
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

    it('uses a given model for its target, and waits for its real work before the clock moves: the same records on every run', async () => {
      // Without realWorkModel the clock moves on while the model works: the records differ between runs.
      const run = () =>
        runDrill({ scenario: fixtureScenario(), models: { 'llama-local': realWorkModel(nativeModel()) } });
      const [first, second] = [await run(), await run()];
      expect(first.passed).toBe(true);
      expect(first.targets['llama-local']?.served).toBeGreaterThan(0);
      // Real work takes no virtual time: the local model answers at the instant it is asked.
      const local = first.records.find((record) => record.servedBy === 'llama-local');
      expect(local?.attempts.at(-1)?.latencyMs).toBe(0);
      expect(JSON.stringify(second.records)).toBe(JSON.stringify(first.records));
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

    it('does not pass when the drill ends before an event of its timeline, and names the event', async () => {
      // A Poisson workload has no end known before the run: the check is the run's.
      const base = fixtureScenario();
      const out = await mkdtemp(join(tmpdir(), 'switchyard-unplayed-'));
      dirs.push(out);
      const result = await runDrill({
        out,
        keepRecords: true,
        scenario: fixtureScenario({
          workload: { ...base.workload, arrival: 'poisson' },
          timeline: [...(base.timeline ?? []), { at: '20m', type: 'restore', label: 'keys rotated' }],
          assertions: [{ type: 'all-accounted' }],
        }),
      });
      expect(await readFile(join(out, 'report.md'), 'utf8')).toContain(
        '**FAILED: the 1 assertion holds, and timeline[3] keys rotated at +20m never played**',
      );
      expect(result.verdicts.every((verdict) => verdict.passed)).toBe(true);
      expect(result.passed).toBe(false);
      expect(result.unplayed).toEqual([{ index: 3, atMs: 1_200_000, label: 'keys rotated' }]);
      const summary = formatDrillSummary(result);
      expect(summary).toContain('FAILED: the 1 assertion holds, and 1 timeline event(s) never played');
      expect(summary).toMatch(
        /Never played: timeline\[3\] keys rotated at \+20m: the drill ended at \+\d+(\.\d)?s/,
      );
      // Stopped (Ctrl-C, say) before the event, the line says so rather than that every request had settled.
      const stopped = formatDrillSummary({ ...result, stopped: 'signal' });
      expect(stopped).toMatch(
        /Never played: timeline\[3\] keys rotated at \+20m: the drill was stopped \(signal\) at \+\d+(\.\d)?s\n/,
      );
      expect(stopped).not.toContain('every request had settled');
      expect(result.events.some((event) => event.description.includes('keys rotated'))).toBe(false);
    });
  });

  describe('loopback mode', () => {
    it('runs the same scenario over real loopback sockets at the time scale, and says it is not reproducible', async () => {
      const result = await runDrill({ scenario: fixtureScenario(), mode: 'loopback', timeScale: 20 });
      expect(result.mode).toBe('loopback');
      expect(result.counts.sent).toBe(60);
      expect(result.counts.lost).toBe(0);
      expect(result.eventLoop?.timeScale).toBe(20);
      // Random request ids and real latencies: nothing here is derived from the seed.
      expect(result.records[0]?.requestId).not.toMatch(/^drill-/);
      expect(formatDrillSummary(result)).toMatch(
        /\(loopback, seed 1\): \d+s simulated, in \d+\.\d s real time, not reproducible/,
      );
    });

    it('honours a 1 s retry-after as simulated mode does: a same-target retry 1 simulated s later', async () => {
      // At 20x, the router's timeouts are divided by 20; its waits before a retry are not: they are
      // simulated time, like the retry-after header, and pass in 50 real ms.
      const result = await runDrill({
        scenario: fixtureScenario({
          workload: { route: 'chat', rate: 1, total: 2, mix: { jurisdictions: { US: 1 } } },
          timeline: [
            {
              at: '0ms',
              type: 'rate_limited',
              target: 'frontier-us',
              retryAfterSeconds: 1,
              duration: '500ms',
            },
          ],
          assertions: [{ type: 'all-accounted' }],
        }),
        mode: 'loopback',
        timeScale: 20,
      });
      const first = result.records.toSorted((a, b) => a.time.localeCompare(b.time))[0];
      const attempts = first?.attempts ?? [];
      expect(attempts.map((attempt) => [attempt.targetId, attempt.outcome, attempt.retry])).toEqual([
        ['frontier-us', 'failure', 0],
        ['frontier-us', 'success', 1],
      ]);
      const gap = (attempts[1]?.startMs ?? 0) - (attempts[0]?.startMs ?? 0);
      expect(gap).toBeGreaterThanOrEqual(900);
      expect(gap).toBeLessThan(5_000);
    });
  });
});
