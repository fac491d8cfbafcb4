import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDrill } from '../run/run-drill.js';
import type { ScenarioInput } from '../scenario/scenario-schema.js';
import { runFleetDrill } from './run-fleet-drill.js';

/**
 * A real fleet drill: three router processes against loopback simulators and
 * an embedded redis-server (Debian's, `bash scripts/services.sh redis`), in
 * real time. The model is withdrawn at 400 ms; the fleet must learn of it
 * from the first process that hits it.
 */
const scenario: ScenarioInput = {
  name: 'fleet-withdrawal',
  config: {
    targets: [
      {
        id: 'gpt',
        provider: 'openai',
        model: 'gpt-4o',
        hostedIn: 'US',
        origin: 'US',
        weights: 'closed',
        capabilities: ['tools', 'streaming'],
        contextWindow: 128_000,
        price: { input: 2.5, output: 10 },
      },
      {
        id: 'local',
        provider: 'ollama',
        model: 'llama4',
        hostedIn: 'self',
        origin: 'US',
        weights: 'open',
        capabilities: ['tools', 'streaming'],
        contextWindow: 128_000,
        price: { input: 0, output: 0 },
      },
    ],
    routes: { chat: { targets: ['gpt'], lastResort: ['local'] } },
  },
  workload: { route: 'chat', rate: 60, total: 90, mix: { jurisdictions: { US: 1 } } },
  timeline: [{ at: '400ms', type: 'cutoff', target: 'gpt', signal: 'model_withdrawn' }],
  assertions: [{ type: 'success-rate', min: 1 }, { type: 'all-accounted' }],
  fleet: {
    processes: 3,
    assertions: [
      { type: 'propagation', maxMs: 5_000 },
      { type: 'attempts-after-propagation', max: 0 },
      { type: 'wasted-attempts-per-process', max: 100 },
    ],
  },
};

describe('runFleetDrill', () => {
  // Three real router processes (tsx) start and run in real time: 15 s on a loaded 2-core machine.
  it('runs the workload on three router processes and measures how the cut-off reached the fleet', async () => {
    const out = await mkdtemp(join(tmpdir(), 'switchyard-fleet-'));
    try {
      const lines: string[] = [];
      const result = await runFleetDrill({ scenario, out, onLog: (line) => lines.push(line) });
      expect(result.failures).toEqual([]);
      expect(result.processes).toEqual(['p1', 'p2', 'p3']);
      expect(result.counts).toEqual({ sent: 90, served: 90, failed: 0, lost: 0 });
      expect(result.cutoffs).toHaveLength(1);
      const [cutoff] = result.cutoffs;
      expect(cutoff).toMatchObject({ targetId: 'gpt', scope: '*' });
      expect(cutoff?.neverLearnt).toEqual([]);
      expect(cutoff?.learnt).toHaveLength(3);
      // The news reached every process but the first detector, whether or not it had hit the cut-off itself meanwhile.
      expect(cutoff?.propagation.map((entry) => entry.process).sort()).toEqual(
        ['p1', 'p2', 'p3'].filter((process) => process !== cutoff?.firstDetection.by),
      );
      // Timing depends on the machine's load; these do not: a process that knew never tried gpt again,
      // and every attempt that hit the cut-off is counted once.
      expect(cutoff?.attemptsAfterLearning).toBe(0);
      const wasted = Object.values(cutoff?.wasted ?? {}).reduce((sum, count) => sum + count, 0);
      const hitOnGpt = result.healthEvents.length === 0 ? 0 : wasted;
      expect(hitOnGpt).toBeGreaterThanOrEqual(cutoff?.detectedBy.length ?? 1);
      expect(result.fleetVerdicts.map((verdict) => verdict.name)).toEqual([
        'propagation p100 <= 5000 ms',
        'attempts after propagation <= 0',
        'wasted attempts per process and cut-off <= 100',
      ]);
      expect(result.fleetVerdicts.every((verdict) => verdict.passed)).toBe(true);
      expect(result.passed).toBe(true);
      expect(Object.keys(result.eventLoops).sort()).toEqual(['p1', 'p2', 'p3']);
      expect(lines.some((line) => /detected the cut-off of gpt/.test(line))).toBe(true);

      const summary = await readFile(join(out, 'summary.txt'), 'utf8');
      expect(summary).toMatch(/^PASSED: all 5 assertions hold \(fleet of 3 processes\)/);
      expect(summary).toMatch(/gpt for everyone: first detected by p\d at \+\d\.\d{3}s/);
      expect(summary).toMatch(/news reached 2 of 2 other processes: p50 [\d.]+ ms, max [\d.]+ ms/);
      const records = (await readFile(join(out, 'records.jsonl'), 'utf8')).trim().split('\n');
      expect(records).toHaveLength(90);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 180_000);

  it('refuses a scenario without a fleet block, and runDrill refuses one with it', async () => {
    const { fleet: _fleet, ...single } = scenario;
    await expect(runFleetDrill({ scenario: single })).rejects.toThrow(/has no fleet block/);
    await expect(runDrill({ scenario })).rejects.toThrow(/is a fleet drill .*run it with runFleetDrill/);
    const inProcess = {
      ...scenario,
      config: {
        ...scenario.config,
        targets: scenario.config.targets.map((target) =>
          target.id === 'local' ? { ...target, provider: 'llama-cpp', model: 'tiny.gguf' } : target,
        ),
      },
    };
    await expect(runFleetDrill({ scenario: inProcess })).rejects.toThrow(
      /config\.targets\[1\]\.provider: a fleet drill's processes share loopback simulators, and provider "llama-cpp" \(target "local"\) has none/,
    );
  });
  it('refuses an empty out before it starts a process', async () => {
    await expect(runFleetDrill({ scenario, out: '' })).rejects.toThrow(
      'out "": expected a folder for the drill\'s files',
    );
  });
});
