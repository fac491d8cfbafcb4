import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ScenarioInput } from '../scenario/scenario-schema.js';
import { fixtureScenario } from '../testing/fixture-scenario.js';
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
  });
});
