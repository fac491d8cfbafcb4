import { describe, expect, it } from 'vitest';
import { fixtureScenario } from '../testing/fixture-scenario.js';
import { scenarioProblems } from '../testing/scenario-problems.js';
import type { ScenarioInput } from './scenario-schema.js';

/** The problems of the fixture with these assertions (and overrides), as `path: message; expected ...`. */
function problems(assertions: ScenarioInput['assertions'], overrides: Partial<ScenarioInput> = {}): string[] {
  return scenarioProblems(fixtureScenario({ assertions, ...overrides }));
}

/** The fixture's config with one more target, `claude-us`, on no route. */
function withOffRouteTarget(): Partial<ScenarioInput> {
  const { config } = fixtureScenario();
  const claude = config.targets.find((target) => target.id === 'claude-eu');
  return { config: { ...config, targets: [...config.targets, { ...claude, id: 'claude-us' } as never] } };
}

describe('vacuousAssertionProblems', () => {
  it('accepts bounds that can fail', () => {
    expect(
      problems([
        { type: 'success-rate', min: 0.5 },
        { type: 'served-by-share', targets: ['llama-local'], minShare: 0.1 },
        { type: 'continuations', max: 3 },
        { type: 'continuations', min: 1 },
        { type: 'fallback-depth', max: 2 },
        { type: 'served-only-by', where: { jurisdiction: ['EU'] }, targets: ['claude-eu', 'llama-local'] },
      ]),
    ).toEqual([]);
  });

  it('refuses a success-rate min of 0', () => {
    expect(problems([{ type: 'success-rate', min: 0 }])).toEqual([
      'assertions[0].min: min 0 is met by any run (a success rate is never below 0): the assertion cannot fail; expected a min above 0, e.g. 0.99',
    ]);
  });

  it('refuses a minShare of 0 in served-by-share and rerouted-on-budget', () => {
    const budgets = [{ id: 'hourly', description: 'd', limit: { usd: 1 }, window: { rolling: '1h' } }];
    const found = problems(
      [
        { type: 'served-by-share', targets: ['llama-local'], minShare: 0 },
        { type: 'rerouted-on-budget', minShare: 0 },
      ],
      { config: { ...fixtureScenario().config, budgets } as never },
    );
    expect(found).toEqual([
      'assertions[0].minShare: minShare 0 is met by any share (a share is never below 0): the assertion checks only that some request matched; expected a minShare above 0, e.g. 0.95',
      'assertions[1].minShare: minShare 0 is met by any share (a share is never below 0): the assertion checks only that some request was rerouted; expected a minShare above 0, e.g. 1 (the default)',
    ]);
  });

  it('refuses continuations with min 0 (the default) and no max', () => {
    expect(problems([{ type: 'continuations' }])).toEqual([
      'assertions[0]: continuations with min 0 and no max is met by any count of continued answers: the assertion cannot fail; expected a min of at least 1 (e.g. min: 1), or a max (max: 0 for none)',
    ]);
  });

  it("accepts bounds that hold by the route's shape (all its targets listed, a depth max at its size)", () => {
    expect(
      problems([
        { type: 'fallback-depth', max: 3 },
        {
          type: 'served-only-by',
          where: { jurisdiction: ['EU'] },
          targets: ['llama-local', 'claude-eu', 'frontier-us'],
        },
      ]),
    ).toEqual([]);
  });

  it('refuses an assertion on streamed answers when the workload streams nothing', () => {
    const { workload } = fixtureScenario();
    const found = problems(
      [
        { type: 'latency', metric: 'ttft', percentile: 50, maxMs: 1000 },
        { type: 'latency', percentile: 50, maxMs: 1000 },
        { type: 'complete-answers' },
        { type: 'aborted-streams-charged' },
      ],
      { workload: { ...workload, streaming: 0 } },
    );
    expect(found).toEqual([
      'assertions[0].metric: metric ttft (time to first token) reads streamed answers only, and no request of the workload streams (workload.streaming is 0): the assertion would check nothing; expected workload.streaming above 0, e.g. 0.5, or metric: latency',
      'assertions[2].type: "complete-answers" reads streamed answers only, and no request of the workload streams (workload.streaming is 0): the assertion would check nothing; expected workload.streaming above 0, e.g. 0.5',
      'assertions[3].type: "aborted-streams-charged" reads streamed answers only, and no request of the workload streams (workload.streaming is 0): the assertion would check nothing; expected workload.streaming above 0, e.g. 0.5',
    ]);
  });

  it('refuses an assertion target that the route cannot try, with the closest target it can', () => {
    expect(
      problems(
        [
          { type: 'served-by-share', targets: ['claude-us'], minShare: 1 },
          { type: 'served-only-by', where: { jurisdiction: ['EU'] }, targets: ['llama-local', 'claude-us'] },
        ],
        withOffRouteTarget(),
      ),
    ).toEqual([
      'assertions[0].targets[0]: target "claude-us" is not on route "chat" (frontier-us, claude-eu, llama-local): no request of the workload can reach it; expected a target of route "chat": frontier-us, claude-eu, llama-local; did you mean "claude-eu"?',
      'assertions[1].targets[1]: target "claude-us" is not on route "chat" (frontier-us, claude-eu, llama-local): no request of the workload can reach it; expected a target of route "chat": frontier-us, claude-eu, llama-local; did you mean "claude-eu"?',
    ]);
  });
});
