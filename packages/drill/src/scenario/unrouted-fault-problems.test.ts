import { describe, expect, it } from 'vitest';
import { fixtureScenario } from '../testing/fixture-scenario.js';
import { scenarioProblems } from '../testing/scenario-problems.js';
import type { ScenarioInput } from './scenario-schema.js';

/** The problems of the fixture with this timeline, its route `chat` trying frontier-us, then llama-local (not claude-eu). */
function problems(timeline: ScenarioInput['timeline']): string[] {
  const scenario = fixtureScenario({ timeline });
  scenario.config.routes = { chat: { targets: ['frontier-us'], lastResort: ['llama-local'] } };
  return scenarioProblems(scenario);
}

describe('unroutedFaultProblems', () => {
  it('accepts faults on targets the route tries, its last resort included', () => {
    expect(
      problems([
        { at: '1s', type: 'outage', provider: 'openai', duration: '1s' },
        { at: '2s', type: 'latency', target: 'llama-local', duration: '1s', extraMs: 100 },
        { at: '3s', type: 'cutoff', target: 'frontier-us', signal: 'key_revoked' },
      ]),
    ).toEqual([]);
  });

  it('refuses a fault on a target, or a provider, the route never tries, naming the targets it tries', () => {
    expect(
      problems([
        { at: '1s', type: 'outage', target: 'claude-eu', duration: '1s' },
        { at: '3s', type: 'cutoff', provider: 'anthropic', signal: 'key_revoked' },
      ]),
    ).toEqual([
      'timeline[0].target: this outage event hits target "claude-eu", which route "chat" (the workload\'s) never tries: no request can meet it, so the drill would pass without rehearsing it; expected a target the route tries (frontier-us, llama-local), or the target added to the route\'s targets or lastResort',
      'timeline[1].provider: this cutoff event hits provider "anthropic", which route "chat" (the workload\'s) never tries: no request can meet it, so the drill would pass without rehearsing it; expected a target the route tries (frontier-us, llama-local), or the target added to the route\'s targets or lastResort',
    ]);
  });
});
