import { compileConfigPolicy, type DecisionRecord, validateConfig } from '@switchyard/core';
import { createRouter, memorySink } from '@switchyard/router';
import { scriptedModel } from '@switchyard/router/test';
import { beforeAll, describe, expect, it } from 'vitest';
import { policyAfter, policyBefore, replayConfig } from '../test-fixtures/replay-router.js';
import { configBasis } from './decision-basis.js';
import { whatIf } from './what-if.js';
import { WhatIfSummary } from './what-if-summary.js';

const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hello there' }] }];
let records: DecisionRecord[];

beforeAll(async () => {
  const sink = memorySink();
  const router = createRouter({
    config: replayConfig({ policy: policyAfter }),
    models: {
      alpha: scriptedModel({ steps: [{ text: 'alpha', usage: { input: 1_000, output: 100 } }] }),
      beta: scriptedModel({ steps: [] }),
      gamma: scriptedModel({ steps: [] }),
      local: scriptedModel({ steps: [{ text: 'local', usage: { input: 1_000, output: 100 } }] }),
    },
    sinks: [sink],
    clock: { now: () => Date.parse('2026-06-25T10:00:00.000Z') },
  });
  const model = router.languageModel('chat');
  await model.doGenerate({ prompt, providerOptions: { switchyard: { jurisdiction: 'US' } } });
  await model.doGenerate({ prompt, providerOptions: { switchyard: { jurisdiction: 'CN' } } });
  await router.close();
  records = [...sink.records];
});

const before = () =>
  configBasis({ config: validateConfig(replayConfig({ policy: policyBefore }), { file: 'before.yaml' }) });

describe('whatIf', () => {
  it('serves a record as it was when the other config decides the same: every figure observed', () => {
    const outcome = whatIf({ record: records[0] as DecisionRecord, basis: before() });
    expect(outcome).toMatchObject({
      kind: 'as-was',
      servedBy: { value: 'alpha', basis: 'observed' },
      costUsd: { value: records[0]?.totals.costUsd, basis: 'observed' },
      latencyMs: { basis: 'observed' },
      quality: { value: 'as recorded', basis: 'observed' },
    });
  });

  it('keeps the cost of a budgeted attempt observed under the same price: charged in whole micro-dollars, as recorded', () => {
    // 1,001 input and 100 output tokens at $2.5 / $10 per million: 3,502.5 micro-dollars, charged 3,503.
    const config = replayConfig({ policy: policyBefore });
    const targets = config.targets.map((target) =>
      target.id === 'alpha' ? { ...target, price: { input: 2.5, output: 10 } } : target,
    );
    const basis = configBasis({
      config: validateConfig({ ...config, targets }, { file: 'priced.yaml' }),
    });
    const record = structuredClone(records[0]) as DecisionRecord;
    const usage = { inputTokens: 1_001, outputTokens: 100, cachedInputTokens: 0, reasoningTokens: 0 };
    const attempt = record.attempts[0] as DecisionRecord['attempts'][number];
    Object.assign(attempt, {
      usage,
      costUsd: 0.003503,
      budget: {
        counted: [{ budgetId: 'hosted', key: 'hosted' }],
        reserved: { microUsd: 5_000, tokens: 2_000, requests: 1 },
        charged: { microUsd: 3_503, tokens: 1_101, requests: 1 },
      },
    });
    Object.assign(record.totals, { usage, costUsd: 0.003503 });
    const outcome = whatIf({ record, basis });
    expect(outcome.kind).toBe('as-was');
    expect(outcome.costUsd).toEqual({ value: 0.003503, basis: 'observed' });
  });

  it('serves elsewhere under the policy of the day before: which target, by which rule; tokens at its price are estimated, latency and quality unknowable', () => {
    const outcome = whatIf({ record: records[1] as DecisionRecord, basis: before() });
    expect(outcome.kind).toBe('elsewhere');
    expect(outcome.servedBy).toEqual({ value: 'alpha', basis: 'estimated' });
    // The rules that denied alpha to CN callers when the request ran (deny overrides the on-premises rule).
    expect(outcome.rules).toEqual(['us-export-2026/frontier-models', 'us-export-2026/frontier-tagged']);
    expect(outcome.reason).toContain('alpha was denied then');
    // 1,000 input and 100 output tokens (as local answered) at alpha's $2 / $10 per million.
    expect(outcome.costUsd).toEqual({ value: 0.003, basis: 'estimated' });
    expect(outcome.latencyMs).toEqual({ value: null, basis: 'unknowable' });
    expect(outcome.quality).toEqual({ value: null, basis: 'unknowable' });
  });

  it('denies a record when the other policy allows no candidate, naming the rules', () => {
    const denyAll = {
      id: 'nothing-for-cn',
      rules: [
        {
          id: 'deny/cn',
          description: 'No CN callers.',
          source: 'test',
          effect: 'deny' as const,
          when: { jurisdiction: ['CN'] },
        },
      ],
    };
    const basis = configBasis({
      config: validateConfig(replayConfig({ policy: denyAll }), { file: 'deny.yaml' }),
    });
    const outcome = whatIf({ record: records[1] as DecisionRecord, basis });
    expect(outcome).toMatchObject({ kind: 'denied', rules: ['deny/cn'], servedBy: { value: null } });
  });

  it('decides at another instant with --at: the export control not yet effective', () => {
    const basis = configBasis({
      config: validateConfig(replayConfig({ policy: policyAfter }), { file: 'after.yaml' }),
    });
    expect(
      compileConfigPolicy({ config: validateConfig(replayConfig({ policy: policyAfter }), { file: 'x' }) })
        .version,
    ).toBe(records[1]?.policyVersion);
    const sameDay = whatIf({ record: records[1] as DecisionRecord, basis });
    expect(sameDay.kind).toBe('as-was');
    const dayBefore = whatIf({
      record: records[1] as DecisionRecord,
      basis,
      at: Date.parse('2026-06-24T10:00:00Z'),
    });
    // The on-premises rule has no effective date: CN stays on premises the day before too.
    expect(dayBefore.kind).toBe('as-was');
  });

  it('sums outcomes by route, jurisdiction and tenant, with moves and rules', () => {
    const summary = new WhatIfSummary({ config: 'before.yaml', at: null, health: 'as-recorded' });
    for (const record of records) summary.add(whatIf({ record, basis: before() }));
    const data = summary.toJSON();
    expect(data.total).toMatchObject({ records: 2, asWas: 1, elsewhere: 1 });
    expect(data.byJurisdiction.CN).toMatchObject({ records: 1, elsewhere: 1, costEstimatedUsd: 0.003 });
    expect(data.moves).toEqual({ 'local -> alpha': 1 });
    expect(data.examples.map((example) => example.requestId)).toEqual([records[1]?.requestId]);
  });

  it('sums costs without floating-point noise: the same figures whatever the order or the parts', () => {
    const outcome = whatIf({ record: records[0] as DecisionRecord, basis: before() });
    // (0.1 + 0.2) + 0.3 is 0.6000000000000001 in floating point; 0.3 + 0.2 + 0.1 is 0.6.
    const costs = [0.1, 0.2, 0.3];
    const summed = (order: number[], parts: number) => {
      const whole = new WhatIfSummary({ config: 'before.yaml', at: null, health: 'as-recorded' });
      const size = Math.ceil(order.length / parts);
      for (let start = 0; start < order.length; start += size) {
        const part = new WhatIfSummary({ config: 'before.yaml', at: null, health: 'as-recorded' });
        for (const costUsd of order.slice(start, start + size))
          part.add({
            ...outcome,
            was: { ...outcome.was, costUsd },
            costUsd: { value: costUsd, basis: 'observed' },
          });
        whole.merge(part.toJSON());
      }
      return whole.toJSON();
    };
    const one = summed(costs, 1);
    expect(one.total.costWasUsd).toBe(0.6);
    expect(one.byJurisdiction.US?.costObservedUsd).toBe(0.6);
    expect(summed([...costs].reverse(), 1)).toEqual(one);
    expect(summed(costs, 2)).toEqual(one);
  });

  it("sums tenants named after an object's own properties as tenants, leaving Object alone", () => {
    const summary = new WhatIfSummary({ config: 'before.yaml', at: null, health: 'as-recorded' });
    for (const tenant of ['__proto__', 'constructor', '__proto__'])
      for (const record of records)
        summary.add(
          whatIf({ record: { ...record, context: { ...record.context, tenant } }, basis: before() }),
        );
    const data = summary.toJSON();
    expect(Object.keys(data.byTenant).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(data.byTenant, '__proto__')?.value).toMatchObject({ records: 4 });
    expect(Object.getPrototypeOf(data.byTenant)).toBe(Object.prototype);
    expect(data.byTenant.constructor).toMatchObject({ records: 2 });
    expect(Object.hasOwn(Object, 'records')).toBe(false);
  });
});
