import {
  type AttemptRecord,
  BudgetSchema,
  ConfigError,
  type DecisionRecord,
  type Target,
} from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../scenario/parse-scenario.js';
import type { Assertion } from '../scenario/scenario-schema.js';
import { fixtureScenario } from '../testing/fixture-scenario.js';
import type { AssertionFacts } from './assertion-verdict.js';
import { createAssertionEvaluator } from './evaluate-assertion.js';
import { createPolicyTimeline } from './policy-timeline.js';

const scenario = validateScenario(fixtureScenario());
const startMs = Date.parse(scenario.start);
const targets = scenario.config.targets as Target[];
const budgets = [
  BudgetSchema.parse({ id: 'hourly', limit: { usd: 0.01 }, window: { rolling: '1h' } }),
  BudgetSchema.parse({ id: 'soft', limit: { usd: 0.001 }, window: { calendar: 'day' }, onExhausted: 'warn' }),
];
const facts: AssertionFacts = {
  targets,
  policy: createPolicyTimeline({ config: scenario.config, timeline: [], startMs }),
  startMs,
  restores: [],
  budgets,
};

let id = 0;
function attempt(targetId: string, microUsd: number, fields: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    targetId,
    provider: targets.find((target) => target.id === targetId)?.provider ?? 'x',
    model: 'm',
    startMs: 0,
    latencyMs: 100,
    outcome: 'success',
    retry: 0,
    costUsd: microUsd / 1e6,
    budget: {
      counted: [
        { budgetId: 'hourly', key: 'hourly' },
        { budgetId: 'soft', key: 'soft' },
      ],
      reserved: { microUsd: microUsd * 2, tokens: 100, requests: 1 },
      charged: { microUsd, tokens: 50, requests: 1 },
    },
    ...fields,
  };
}

function record(
  atMs: number,
  attempts: AttemptRecord[],
  fields: Partial<DecisionRecord> = {},
): DecisionRecord {
  const served = attempts.findLast((entry) => entry.outcome === 'success');
  return {
    schemaVersion: 1,
    requestId: `r${id++}`,
    time: new Date(startMs + atMs).toISOString(),
    route: 'chat',
    operation: 'generate',
    context: { jurisdiction: 'US' },
    policyVersion: 'v',
    verdicts: [],
    skipped: [],
    attempts,
    servedBy: served?.targetId ?? null,
    outcome: served ? 'served' : 'failed',
    totals: {
      latencyMs: 100,
      attempts: attempts.length,
      fallbackDepth: 0,
      usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 },
      costUsd: 0,
      wastedCostUsd: 0,
    },
    ...fields,
  };
}

function evaluate(assertion: Assertion, records: DecisionRecord[], withFacts: AssertionFacts = facts) {
  const evaluator = createAssertionEvaluator(assertion, withFacts);
  for (const each of records) evaluator.add(each);
  return evaluator.verdict({
    sent: records.length,
    outcomes: { served: records.length, failed: 0, lost: 0 },
  });
}

describe('budget assertions', () => {
  describe('budget-never-exceeded', () => {
    it('holds while every window of every enforced budget stays within its limit (warn budgets aside)', () => {
      const result = evaluate({ type: 'budget-never-exceeded' }, [
        record(0, [attempt('frontier-us', 6_000)]),
        record(61 * 60_000, [attempt('frontier-us', 6_000)]), // the first left the rolling hour
      ]);
      expect(result.passed).toBe(true);
      expect(result.summary).toBe(
        '1 counter(s): the fullest window reached 60.0 % of its limit, 0 over (charged: hourly $0.0120)',
      );
    });

    it('fails, with the window that overspent, when one window went past its limit', () => {
      const result = evaluate({ type: 'budget-never-exceeded' }, [
        record(0, [attempt('frontier-us', 6_000)]),
        record(30 * 60_000, [attempt('frontier-us', 6_000)]),
      ]);
      expect(result.passed).toBe(false);
      expect(result.evidence.examples).toEqual([
        {
          key: 'hourly',
          unit: 'microUsd',
          peak: 12_000,
          limit: 10_000,
          over: expect.stringContaining('$0.012'),
        },
      ]);
    });

    it('says what each budget was charged in the units it limits (a requests cap in requests)', () => {
      const capped = [
        BudgetSchema.parse({ id: 'hourly', limit: { requests: 5, tokens: 1000 }, window: { rolling: '1h' } }),
      ];
      const result = evaluate(
        { type: 'budget-never-exceeded' },
        [record(0, [attempt('frontier-us', 6_000)])],
        {
          ...facts,
          budgets: capped,
        },
      );
      expect(result.summary).toBe(
        '1 counter(s): the fullest window reached 20.0 % of its limit, 0 over (charged: hourly 50 tokens + 1 requests)',
      );
    });

    it('fails when there is no budget to check: a check of nothing proves nothing', () => {
      const result = evaluate({ type: 'budget-never-exceeded' }, [], { ...facts, budgets: [] });
      expect(result.passed).toBe(false);
    });
  });

  describe('rerouted-on-budget', () => {
    const skipped = [
      { targetId: 'frontier-us', reason: 'budget' as const, detail: 'cannot pay', budgetIds: ['hourly'] },
    ];

    it('holds when every request a budget rerouted was served by another target', () => {
      const result = evaluate({ type: 'rerouted-on-budget', budget: 'hourly', minShare: 1 }, [
        record(0, [attempt('local-llama', 0)], { skipped }),
        record(1_000, [attempt('frontier-us', 10)]),
      ]);
      expect(result).toMatchObject({
        passed: true,
        evidence: { rerouted: 1, served: 1, servedBy: { 'local-llama': 1 } },
      });
    });

    it('fails when none was rerouted, or one rerouted request failed', () => {
      expect(
        evaluate({ type: 'rerouted-on-budget', minShare: 1 }, [record(0, [attempt('frontier-us', 10)])])
          .passed,
      ).toBe(false);
      const failed = evaluate({ type: 'rerouted-on-budget', minShare: 1 }, [
        record(0, [attempt('local-llama', 0, { outcome: 'failure' })], { skipped }),
      ]);
      expect(failed).toMatchObject({ passed: false, evidence: { rerouted: 1, served: 0 } });
    });
  });

  describe('aborted-streams-charged', () => {
    const stream = (attempts: AttemptRecord[]) => record(0, attempts, { operation: 'stream' });

    it('holds when every stream cut after content carries its usage and a cost', () => {
      const result = evaluate({ type: 'aborted-streams-charged' }, [
        stream([
          attempt('frontier-us', 900, {
            outcome: 'aborted',
            ttftMs: 200,
            usageEstimated: true,
            usage: { inputTokens: 300, outputTokens: 42, cachedInputTokens: 0, reasoningTokens: 0 },
          }),
        ]),
      ]);
      expect(result).toMatchObject({ passed: true, evidence: { cut: 1, charged: 1 } });
    });

    it('fails for a cut stream billed nothing, and when no stream was cut', () => {
      const zero = evaluate({ type: 'aborted-streams-charged' }, [
        stream([attempt('frontier-us', 0, { outcome: 'failure', ttftMs: 200, costUsd: 0 })]),
      ]);
      expect(zero).toMatchObject({ passed: false, evidence: { cut: 1, charged: 0 } });
      expect(
        evaluate({ type: 'aborted-streams-charged' }, [stream([attempt('frontier-us', 5)])]).passed,
      ).toBe(false);
    });

    it('says that a generate call whose stream was cut is not counted', () => {
      const cutGenerate = {
        ...stream([attempt('frontier-us', 0, { outcome: 'failure', ttftMs: 200, costUsd: 0 })]),
        operation: 'generate' as const,
      };
      const result = evaluate({ type: 'aborted-streams-charged' }, [cutGenerate]);
      expect(result).toMatchObject({ passed: false, evidence: { cut: 0, charged: 0 } });
      expect(result.summary).toBe(
        'no streamed request was cut after its first content part in this run (generate calls are not counted, even when sent as streams: their caller read no part)',
      );
    });
  });
});

describe('validateScenario', () => {
  it('refuses a budget assertion over a config without budgets, and unknown budget ids', () => {
    let error: unknown;
    try {
      validateScenario(fixtureScenario({ assertions: [{ type: 'rerouted-on-budget' }] }));
    } catch (caught) {
      error = caught;
    }
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as ConfigError).message).toContain(
      'assertions[0].type: "rerouted-on-budget" checks budgets, but the config has none',
    );
    const withBudgets = fixtureScenario();
    withBudgets.config.budgets = [{ id: 'hourly', limit: { usd: 1 }, window: { rolling: '1h' } }];
    withBudgets.assertions = [{ type: 'budget-never-exceeded', budgets: ['houry'] }];
    expect(() => validateScenario(withBudgets)).toThrow(
      'assertions[0].budgets[0]: unknown budget "houry"; expected a budget id of the config: hourly; did you mean "hourly"?',
    );
  });

  it('refuses a rerouted-on-budget over budgets that never reroute (deny or warn)', () => {
    const withBudgets = fixtureScenario();
    withBudgets.config.budgets = [
      { id: 'hourly', limit: { usd: 1 }, window: { rolling: '1h' } },
      { id: 'strict', limit: { usd: 1 }, window: { rolling: '1h' }, onExhausted: 'deny' },
      { id: 'soft', limit: { usd: 1 }, window: { rolling: '1h' }, onExhausted: 'warn' },
    ];
    withBudgets.assertions = [
      { type: 'rerouted-on-budget', budget: 'strict' },
      { type: 'rerouted-on-budget', budget: 'soft', name: 'soft' },
      { type: 'rerouted-on-budget', budget: 'hourly', name: 'hourly' },
    ];
    let error: unknown;
    try {
      validateScenario(withBudgets);
    } catch (caught) {
      error = caught;
    }
    expect(ConfigError.isInstance(error)).toBe(true);
    const message = (error as ConfigError).message;
    expect(message).toContain(
      'assertions[0].budget: budget "strict" has onExhausted: deny: it fails the request instead of rerouting it, so no request is ever rerouted because of it and the assertion could never hold; expected a budget with onExhausted: reroute (hourly)',
    );
    expect(message).toContain(
      'assertions[1].budget: budget "soft" has onExhausted: warn: it lets the attempt go ahead',
    );
    expect(message).not.toContain('assertions[2]');
    withBudgets.config.budgets = withBudgets.config.budgets.slice(1);
    withBudgets.assertions = [{ type: 'rerouted-on-budget' }];
    expect(() => validateScenario(withBudgets)).toThrow(
      'assertions[0].type: no budget of the config has onExhausted: reroute (strict denies, soft warns), so no request is ever rerouted because of a budget and the assertion could never hold; expected a budget with onExhausted: reroute, or another assertion',
    );
  });
});
