import { describe, expect, it } from 'vitest';
import { createPolicyTimeline } from '../assertions/policy-timeline.js';
import { validateScenario } from '../scenario/parse-scenario.js';
import { fixtureScenario } from '../testing/fixture-scenario.js';
import { ruleDateEvents } from './rule-date-events.js';

const startMs = Date.parse('2026-06-25T09:00:00Z');

/** The policy timeline of the fixture whose config policy has one rule with these dates. */
function policyWith(dates: { effective?: string; expires?: string }) {
  const base = fixtureScenario();
  const scenario = validateScenario(
    fixtureScenario({
      config: {
        ...base.config,
        policy: {
          rules: [
            {
              id: 'acme/ban',
              description: 'Frontier models may not serve CN callers',
              source: 'test',
              effect: 'deny',
              ...dates,
              when: { jurisdiction: ['CN'] },
              targets: { tags: ['frontier'] },
            },
          ],
        },
      },
      timeline: [],
    }),
  );
  return createPolicyTimeline({ config: scenario.config, timeline: scenario.timeline, startMs });
}

describe('ruleDateEvents', () => {
  it('lists the effective and expiry dates that pass inside the drill, by offset', () => {
    const policy = policyWith({ effective: '2026-06-25T09:00:10Z', expires: '2026-06-25T09:00:20Z' });
    expect(ruleDateEvents({ policy, startMs, endMs: startMs + 60_000 })).toEqual([
      {
        atMs: 10_000,
        source: 'policy',
        description: 'rule acme/ban becomes effective (2026-06-25T09:00:10Z)',
      },
      { atMs: 20_000, source: 'policy', description: 'rule acme/ban expires (2026-06-25T09:00:20Z)' },
    ]);
  });

  it('lists no date of a rule that expires before it becomes effective, which never applies', () => {
    const policy = policyWith({ effective: '2026-06-25T09:00:50Z', expires: '2026-06-25T09:00:40Z' });
    expect(ruleDateEvents({ policy, startMs, endMs: startMs + 60_000 })).toEqual([]);
    const same = policyWith({ effective: '2026-06-25T09:00:40Z', expires: '2026-06-25T09:00:40Z' });
    expect(ruleDateEvents({ policy: same, startMs, endMs: startMs + 60_000 })).toEqual([]);
  });
});
