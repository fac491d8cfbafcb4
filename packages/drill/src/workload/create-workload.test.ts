import { describe, expect, it } from 'vitest';
import { validateScenario } from '../scenario/parse-scenario.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import { fixtureScenario } from '../testing/fixture-scenario.js';
import { planWorkload } from './create-workload.js';
import { seededRandom } from './seeded-random.js';

function workload(overrides: Record<string, unknown>): Scenario['workload'] {
  const base = fixtureScenario();
  // Without the fixture's timeline: its cut-off for RU callers would refuse a mix that draws none.
  return validateScenario({
    ...base,
    timeline: [],
    workload: { ...base.workload, ...overrides } as typeof base.workload,
  }).workload;
}

describe('planWorkload', () => {
  it('spaces uniform arrivals by 1/rate', () => {
    const plan = planWorkload({ workload: workload({ rate: 4, total: 5 }) });
    expect(plan.map((request) => request.offsetMs)).toEqual([0, 250, 500, 750, 1000]);
  });

  it('draws Poisson arrivals with the configured mean gap', () => {
    const plan = planWorkload({ workload: workload({ rate: 10, total: 5000, arrival: 'poisson' }), seed: 3 });
    const last = plan.at(-1)?.offsetMs ?? 0;
    expect(last / 4999).toBeGreaterThan(90);
    expect(last / 4999).toBeLessThan(110);
  });

  it('follows the weighted mix of jurisdictions, data classes and tenants', () => {
    const plan = planWorkload({
      workload: workload({
        total: 10_000,
        mix: {
          jurisdictions: { US: 3, CN: 1, RU: 0 },
          dataClasses: { regulated: 1, internal: 1 },
          tenants: { a: 1 },
        },
        streaming: 0.25,
        tools: 0.1,
        promptTokens: { min: 10, max: 20 },
      }),
      seed: 42,
    });
    const share = (predicate: (request: (typeof plan)[number]) => boolean) =>
      plan.filter(predicate).length / plan.length;
    expect(share((request) => request.context.jurisdiction === 'US')).toBeCloseTo(0.75, 1);
    expect(share((request) => request.context.jurisdiction === 'RU')).toBe(0);
    expect(share((request) => request.context.dataClass === 'regulated')).toBeCloseTo(0.5, 1);
    expect(share((request) => request.context.tenant === 'a')).toBe(1);
    expect(share((request) => request.stream)).toBeCloseTo(0.25, 1);
    expect(share((request) => request.tools)).toBeCloseTo(0.1, 1);
    expect(Math.min(...plan.map((request) => request.promptTokens))).toBe(10);
    expect(Math.max(...plan.map((request) => request.promptTokens))).toBe(20);
  });

  it('is reproducible per seed and differs across seeds', () => {
    const a = planWorkload({ workload: workload({}), seed: 7 });
    expect(planWorkload({ workload: workload({}), seed: 7 })).toEqual(a);
    expect(planWorkload({ workload: workload({}), seed: 8 })).not.toEqual(a);
  });

  it('leaves offsets to the workers in concurrency mode', () => {
    const plan = planWorkload({ workload: workload({ rate: undefined, concurrency: 3, total: 4 }) });
    expect(plan.map((request) => request.offsetMs)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('seededRandom', () => {
  it('stays in [0, 1)', () => {
    const random = seededRandom(1);
    for (let index = 0; index < 1000; index++) {
      const value = random();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });
});
