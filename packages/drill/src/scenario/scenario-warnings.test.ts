import { describe, expect, it } from 'vitest';
import { fixtureScenario } from '../testing/fixture-scenario.js';
import { validateScenario } from './parse-scenario.js';
import { scenarioWarnings } from './scenario-warnings.js';

describe('scenarioWarnings', () => {
  const workload = validateScenario(fixtureScenario()).workload;

  it('warns that Poisson arrivals do nothing in a closed loop, which still validates', () => {
    const { rate: _rate, ...closed } = workload;
    const scenario = validateScenario(
      fixtureScenario({ workload: { ...closed, concurrency: 3, arrival: 'poisson' }, timeline: [] }),
    );
    expect(scenarioWarnings(scenario)).toEqual([
      'workload.arrival: "poisson" spaces the requests of a "rate" workload only; this closed loop (concurrency 3) sends each caller\'s next request when its last one is answered, so the arrival has no effect (give "rate" for poisson arrivals)',
    ]);
  });

  it('has nothing to say of Poisson arrivals at a rate, or of a closed loop left uniform', () => {
    expect(
      scenarioWarnings(validateScenario(fixtureScenario({ workload: { ...workload, arrival: 'poisson' } }))),
    ).toEqual([]);
    const { rate: _rate, ...closed } = workload;
    expect(
      scenarioWarnings(
        validateScenario(fixtureScenario({ workload: { ...closed, concurrency: 3 }, timeline: [] })),
      ),
    ).toEqual([]);
  });
});
