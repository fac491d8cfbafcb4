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

describe('scenarioWarnings of policy rules', () => {
  const rule = (fields: Record<string, string>) => ({
    id: 'later-ban',
    description: 'a ban',
    source: 'a memo',
    effect: 'deny',
    ...fields,
  });
  /** The fixture scenario with `rules` in the config's policy and the given timeline. */
  const withRules = (rules: unknown[], timeline: unknown[] = []) => {
    const base = fixtureScenario();
    return validateScenario(
      fixtureScenario({
        config: { ...base.config, policy: { id: 'p', rules } },
        timeline,
      } as never),
    );
  };

  it('warns of a rule effective only after the drill stops sending: it applies to no request', () => {
    const scenario = withRules([rule({ effective: '2027-01-01T00:00:00Z' })]);
    const warnings = scenarioWarnings(scenario);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^config\.policy\.rules\[0\] \(later-ban\): effective 2027-01-01T00:00:00Z is after .*: the rule applies to no request of this drill \(/,
    );
  });

  it('warns of a rule that expired before the drill starts', () => {
    const scenario = withRules([rule({ expires: '2020-01-01T00:00:00Z' })]);
    expect(scenarioWarnings(scenario)).toEqual([
      `config.policy.rules[0] (later-ban): expires 2020-01-01T00:00:00Z, before the drill starts (${scenario.start}): the rule applies to no request of this drill (give an expiry inside the drill, or an earlier start)`,
    ]);
  });

  it('warns of a rule effective only after a policy event has replaced its policy', () => {
    const start = Date.parse(validateScenario(fixtureScenario()).start);
    const effective = new Date(start + 4_000).toISOString();
    const scenario = withRules(
      [rule({ effective })],
      [{ at: '3s', type: 'policy', label: 'lifted', policy: { id: 'lifted', rules: [] } }],
    );
    expect(scenarioWarnings(scenario)).toEqual([
      `config.policy.rules[0] (later-ban): effective ${effective} is not before +3s, when timeline[0].policy replaces this policy: the rule applies to no request of this drill (give an effective date inside the drill, or a later start or a longer workload)`,
    ]);
  });

  it('has nothing to say of a rule that becomes effective inside the drill, or of one without dates', () => {
    const start = Date.parse(validateScenario(fixtureScenario()).start);
    const scenario = withRules([
      rule({ effective: new Date(start + 1_000).toISOString() }),
      rule({ id: 'always' }),
    ]);
    expect(scenarioWarnings(scenario)).toEqual([]);
  });
});
