import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ScenarioInput } from '../scenario/scenario-schema.js';
import { driftingTimers } from '../testing/drifting-timers.js';
import { fixtureScenario } from '../testing/fixture-scenario.js';
import { inMemoryModel } from '../testing/in-memory-model.js';
import type { DrillProgress } from './drill-progress.js';
import { runDrill } from './run-drill.js';

/** The fixture with a config rule denying the frontier target to CN and RU from `effective` on. */
function datedScenario(options: {
  effective: string;
  expires?: string;
  overrides?: Partial<ScenarioInput>;
}): ScenarioInput {
  const base = fixtureScenario();
  return fixtureScenario({
    config: {
      ...base.config,
      policy: {
        id: 'dated',
        rules: [
          {
            id: 'acme/dated-ban',
            description: 'Frontier models may not serve CN or RU callers from the date on',
            source: 'test',
            effect: 'deny',
            effective: options.effective,
            ...(options.expires === undefined ? {} : { expires: options.expires }),
            when: { jurisdiction: ['CN', 'RU'] },
            targets: { tags: ['frontier'] },
          },
        ],
      },
    },
    timeline: [],
    assertions: [{ type: 'no-denied-attempts' }, { type: 'all-accounted' }],
    ...options.overrides,
  });
}

const effectiveAt2s = 'rule acme/dated-ban becomes effective (2026-06-25T09:00:02Z)';

describe('runDrill', () => {
  describe('rule dates', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('shows a rule date as an event and a phase in a drill without a timeline', async () => {
      const result = await runDrill({ scenario: datedScenario({ effective: '2026-06-25T09:00:02Z' }) });
      expect(result.events).toEqual([{ atMs: 2000, source: 'policy', description: effectiveAt2s }]);
      expect(result.phases.map((phase) => [phase.fromMs, phase.label])).toEqual([
        [0, 'start'],
        [2000, effectiveAt2s],
      ]);
    });

    it('does not show a rule date in the baseline pass, which has no events', async () => {
      const baselineEvents: string[] = [];
      const result = await runDrill({
        scenario: datedScenario({
          effective: '2026-06-25T09:00:02Z',
          overrides: {
            timeline: [{ at: '1s', type: 'outage', target: 'claude-eu', duration: '1s' }],
          },
        }),
        baseline: true,
        onProgress: (progress: DrillProgress) => {
          if (progress.baseline === true && progress.lastEvent !== undefined)
            baselineEvents.push(progress.lastEvent);
        },
      });
      expect(result.baseline).toBeDefined();
      expect(result.events.map((event) => event.description)).toContain(effectiveAt2s);
      expect(baselineEvents).toEqual([]);
    });

    it('shows a rule date more than an hour after the last timeline event', async () => {
      // 12 requests, one every 10 minutes: the drill spans 1h50m; the last event is at +1s.
      const result = await runDrill({
        scenario: datedScenario({
          effective: '2026-06-25T10:30:00Z',
          overrides: {
            workload: { route: 'chat', rate: 1 / 600, total: 12, mix: { jurisdictions: { US: 1, CN: 1 } } },
            timeline: [{ at: '1s', type: 'outage', target: 'claude-eu', duration: '1s' }],
          },
        }),
      });
      expect(result.events.filter((event) => event.source === 'policy')).toEqual([
        {
          atMs: 90 * 60_000,
          source: 'policy',
          description: 'rule acme/dated-ban becomes effective (2026-06-25T10:30:00Z)',
        },
      ]);
      // The timer of a date past the last request is cancelled: the drill ends with its workload.
      expect(result.simulatedMs).toBeLessThan(2 * 3_600_000);
    });

    it('ends with its workload when a rule date lies years past it', async () => {
      const result = await runDrill({ scenario: datedScenario({ effective: '2030-01-01T00:00:00Z' }) });
      expect(result.events).toEqual([]);
      expect(result.simulatedMs).toBeLessThan(60_000);
    });

    it('lists a rule date at its own instant in live mode, even when its timer fires late', async () => {
      vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
      // Every clock read moves 100 ms ahead of the timers: the date's timer fires after the clock passed it.
      const lateTimers = driftingTimers();
      const running = runDrill({
        scenario: datedScenario({
          effective: '2026-06-25T09:00:02Z',
          expires: '2026-06-25T09:00:03.500Z',
          overrides: { timeline: [{ at: '1s', type: 'outage', target: 'claude-eu', duration: '1s' }] },
        }),
        mode: 'live',
        maxSpendUsd: 5,
        timers: lateTimers,
        models: {
          'frontier-us': inMemoryModel({ provider: 'openai', modelId: 'gpt-frontier' }),
          'claude-eu': inMemoryModel({ provider: 'anthropic', modelId: 'claude-eu' }),
          'llama-local': inMemoryModel({ provider: 'ollama', modelId: 'llama-local' }),
        },
      });
      await vi.advanceTimersByTimeAsync(20_000);
      const result = await running;
      const dates = result.events.filter((event) => event.source === 'policy');
      expect(dates).toEqual([
        { atMs: 2000, source: 'policy', description: effectiveAt2s },
        {
          atMs: 3500,
          source: 'policy',
          description: 'rule acme/dated-ban expires (2026-06-25T09:00:03.500Z)',
        },
      ]);
      // The events stay in order of their instants.
      const instants = result.events.map((event) => event.atMs);
      expect(instants).toEqual([...instants].sort((a, b) => a - b));
    });
  });
});
