import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { driftingTimers } from '../testing/drifting-timers.js';
import { exportControlPolicy, fixtureScenario } from '../testing/fixture-scenario.js';
import { inMemoryModel } from '../testing/in-memory-model.js';
import { runDrill } from './run-drill.js';

const liveModels = () => ({
  'frontier-us': inMemoryModel({ provider: 'openai', modelId: 'gpt-frontier' }),
  'claude-eu': inMemoryModel({ provider: 'anthropic', modelId: 'claude-eu' }),
  'llama-local': inMemoryModel({ provider: 'ollama', modelId: 'llama-local' }),
});

async function runFaked(promise: Promise<unknown>, ms: number) {
  await vi.advanceTimersByTimeAsync(ms);
  return promise;
}

describe('runDrill', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  describe('options', () => {
    it('refuses a seed the 32-bit generator would wrap onto another', async () => {
      for (const seed of [2 ** 32, -1, 1.5])
        await expect(runDrill({ scenario: fixtureScenario(), seed })).rejects.toThrow(
          new RegExp(`^seed ${seed}: expected an integer from 0 to 4294967295`),
        );
    });
  });

  describe('a target of a provider without a simulator or an in-process adapter', () => {
    const mistral = () => {
      const scenario = fixtureScenario();
      return {
        ...scenario,
        config: {
          ...scenario.config,
          targets: scenario.config.targets.map((target) =>
            target.id === 'claude-eu' ? { ...target, provider: 'mistral' } : target,
          ),
        },
        timeline: scenario.timeline?.map((event) =>
          'provider' in event && event.provider === 'anthropic' ? { ...event, provider: 'mistral' } : event,
        ),
      };
    };

    it('is refused before anything runs, in every mode, unless its model is given', async () => {
      vi.useRealTimers(); // the simulated run below brings its own virtual clock
      const out = join(await mkdtemp(join(tmpdir(), 'drill-mistral-')), 'out');
      const refused =
        /config\.targets\[1\]\.provider: no drill can build the model of target "claude-eu": provider "mistral"/;
      for (const mode of ['simulated', 'loopback', 'live'] as const)
        await expect(runDrill({ scenario: mistral(), mode, out, maxSpendUsd: 1 })).rejects.toThrow(refused);
      // Nothing was started or written: the refusal came from validation, not from a run that began.
      await expect(readFile(join(out, 'records.jsonl'), 'utf8')).rejects.toThrow(/ENOENT/);
      const result = await runDrill({
        scenario: mistral(),
        models: { 'claude-eu': inMemoryModel({ provider: 'mistral', modelId: 'claude-eu' }) },
      });
      expect(result.counts.planned).toBeGreaterThan(0);
      // Live mode with its own model factory builds every model: any provider is the factory's to build.
      await expect(
        runDrill({
          scenario: mistral(),
          mode: 'live',
          modelFactory: () => inMemoryModel({ provider: 'mistral', modelId: 'm' }),
        }),
      ).rejects.toThrow(/a live drill needs a spend cap/);
    });
  });

  describe('live mode', () => {
    it('refuses to run without a spend cap', async () => {
      await expect(
        runDrill({ scenario: fixtureScenario(), mode: 'live', models: liveModels() }),
      ).rejects.toThrow(/spend cap/);
    });

    it('injects faults at the adapter boundary and every assertion holds', async () => {
      const models = liveModels();
      const progress: number[] = [];
      const result = (await runFaked(
        runDrill({
          scenario: fixtureScenario(),
          mode: 'live',
          models,
          maxSpendUsd: 5,
          onProgress: (snapshot) => progress.push(snapshot.sent),
        }),
        20_000,
      )) as Awaited<ReturnType<typeof runDrill>>;
      expect(result.verdicts.filter((verdict) => !verdict.passed)).toEqual([]);
      expect(result.passed).toBe(true);
      expect(result.counts.sent).toBe(60);
      expect(result.records).toHaveLength(60);
      // After the export control, no CN/RU request ever reached the frontier target.
      const after = result.records.filter(
        (record) =>
          Date.parse(record.time) >= Date.parse('2026-06-25T09:00:02Z') &&
          ['CN', 'RU'].includes(record.context.jurisdiction ?? ''),
      );
      expect(after.length).toBeGreaterThan(0);
      for (const record of after) {
        expect(record.attempts.map((attempt) => attempt.targetId)).not.toContain('frontier-us');
      }
      expect(result.events.map((event) => event.description)).toEqual(
        expect.arrayContaining([expect.stringContaining('policy change'), expect.stringContaining('outage')]),
      );
      expect(progress.at(-1)).toBe(60);
    });

    it('puts a policy change in force before any request carries an instant past it, even when its timer is late', async () => {
      // Every clock read moves 100 ms ahead of the timers: the event's timer fires long after the
      // clock has passed its offset, as it would on a busy event loop under a time scale.
      const lateTimers = driftingTimers();
      const scenario = fixtureScenario({
        timeline: [{ at: '2s', type: 'policy', label: 'export control', policy: exportControlPolicy }],
        assertions: [{ type: 'no-denied-attempts' }, { type: 'all-accounted' }],
      });
      const result = (await runFaked(
        runDrill({ scenario, mode: 'live', models: liveModels(), maxSpendUsd: 5, timers: lateTimers }),
        20_000,
      )) as Awaited<ReturnType<typeof runDrill>>;
      expect(result.verdicts.filter((verdict) => !verdict.passed)).toEqual([]);
      const afterwards = result.records.filter(
        (record) =>
          Date.parse(record.time) >= Date.parse('2026-06-25T09:00:02Z') &&
          ['CN', 'RU'].includes(record.context.jurisdiction ?? ''),
      );
      expect(afterwards.length).toBeGreaterThan(0);
      for (const record of afterwards) expect(record.servedBy).not.toBe('frontier-us');
    });

    it('lists timeline events at their offsets, as the phases are, even when their timers fire late', async () => {
      // Every clock read moves 100 ms ahead of the timers: each event runs after the clock passed it,
      // yet no record carries an instant at or past its offset without it in force.
      const scenario = fixtureScenario({
        timeline: [
          { at: '1s', type: 'outage', label: 'storm', target: 'claude-eu', duration: '1s' },
          { at: '3s', type: 'cutoff', target: 'frontier-us', signal: 'region_block', callers: ['DE'] },
        ],
        assertions: [{ type: 'all-accounted' }],
      });
      const shown = new Set<string>();
      const result = (await runFaked(
        runDrill({
          scenario,
          mode: 'live',
          models: liveModels(),
          maxSpendUsd: 5,
          timers: driftingTimers(),
          onProgress: (progress) => {
            if (progress.lastEvent !== undefined) shown.add(progress.lastEvent);
          },
        }),
        20_000,
      )) as Awaited<ReturnType<typeof runDrill>>;
      const timeline = result.events.filter((event) => event.source === 'timeline');
      expect(timeline.map((event) => event.atMs)).toEqual([1000, 2000, 3000]);
      // Each also says when it played, as a fleet drill's do: after its offset, in its label too.
      for (const event of timeline) {
        expect(event.playedAtMs).toBeGreaterThan(event.atMs);
        expect(event.description).toContain(
          `(played at +${((event.playedAtMs as number) / 1000).toFixed(3)}s, ${(event.playedAtMs as number) - event.atMs} ms late)`,
        );
      }
      // Progress shows each event as it is listed, wherever it sorts.
      for (const event of result.events) expect(shown).toContain(event.description);
      expect(result.phases.map((phase) => phase.fromMs)).toEqual([0, 1000, 2000, 3000]);
      const instants = result.events.map((event) => event.atMs);
      expect(instants).toEqual([...instants].sort((a, b) => a - b));
    });

    it('fails an assertion when a cut-off is injected without the matching policy change', async () => {
      const scenario = fixtureScenario({
        timeline: [{ at: '2s', type: 'cutoff', target: 'frontier-us', signal: 'model_withdrawn' }],
        assertions: [{ type: 'served-by-share', targets: ['frontier-us'], minShare: 0.9, where: {} }],
      });
      const result = (await runFaked(
        runDrill({ scenario, mode: 'live', models: liveModels(), maxSpendUsd: 5 }),
        20_000,
      )) as Awaited<ReturnType<typeof runDrill>>;
      expect(result.passed).toBe(false);
      expect(result.verdicts[0]?.passed).toBe(false);
      expect(
        result.events.some((event) => event.source === 'router' && event.description.includes('frontier-us')),
      ).toBe(true);
    });

    it('stops at the spend cap', async () => {
      const result = (await runFaked(
        runDrill({
          scenario: fixtureScenario({ timeline: [] }),
          mode: 'live',
          models: liveModels(),
          maxSpendUsd: 0.0001,
        }),
        20_000,
      )) as Awaited<ReturnType<typeof runDrill>>;
      expect(result.stopped).toBe('max-spend');
      expect(result.passed).toBe(false);
      expect(result.counts.sent).toBeLessThan(60);
    });

    it('stops on the abort signal and still writes what it gathered', async () => {
      const out = await mkdtemp(join(tmpdir(), 'drill-'));
      const controller = new AbortController();
      let settled = false;
      const running = runDrill({
        scenario: fixtureScenario(),
        mode: 'live',
        models: liveModels(),
        maxSpendUsd: 5,
        signal: controller.signal,
        out,
        // The records file is created (real I/O) before the first request: abort once requests flow.
        onProgress: (progress) => {
          if (progress.sent >= 5) controller.abort();
        },
      }).finally(() => {
        settled = true;
      });
      for (let step = 0; step < 10_000 && !settled; step++) await vi.advanceTimersByTimeAsync(10);
      const result = await running;
      expect(result.stopped).toBe('signal');
      expect(result.counts.sent).toBeGreaterThan(0);
      expect(result.counts.sent).toBeLessThan(60);
      // Not kept in memory with an out folder: streamed to disk, every one of them.
      expect(result.records).toEqual([]);
      const lines = (await readFile(join(out, 'records.jsonl'), 'utf8')).trim().split('\n');
      expect(lines).toHaveLength(result.counts.sent);
      const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
      expect(summary.stopped).toBe('signal');
      expect(await readFile(join(out, 'summary.txt'), 'utf8')).toContain('Stopped early: signal');
    });
  });
});
