import {
  type BudgetInput,
  type DecisionRecord,
  DecisionRecordSchema,
  type SwitchyardConfigInput,
  validateConfig,
} from '@switchyard/core';
import { createRouter, memorySink } from '@switchyard/router';
import { scriptedModel } from '@switchyard/router/test';
import { beforeAll, describe, expect, it } from 'vitest';
import { policyBefore, replayConfig } from '../test-fixtures/replay-router.js';
import { configBasis } from './decision-basis.js';
import { ReplayBasis } from './replay-basis.js';
import { selfCheck } from './self-check.js';
import { whatIf } from './what-if.js';

const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hello' }] }];
/** Two hosted attempts a day per tenant; then hosted targets are set aside and local open weights serve. */
const daily = (requests: number): BudgetInput => ({
  id: 'hosted-daily',
  scope: { target: ['alpha', 'beta', 'gamma'] },
  per: ['tenant'],
  limit: { requests },
  window: { calendar: 'day' },
  onExhausted: 'reroute',
});
const withBudgets = (budgets: BudgetInput[]): SwitchyardConfigInput => ({
  ...replayConfig({ policy: policyBefore }),
  budgets,
});
let records: DecisionRecord[];
let basis: ReplayBasis;
let documents: readonly { kind: string }[];

beforeAll(async () => {
  const sink = memorySink();
  const router = createRouter({
    config: withBudgets([daily(2)]),
    models: {
      alpha: scriptedModel({ steps: [{ text: 'alpha' }, { text: 'alpha' }] }),
      beta: scriptedModel({ steps: [] }),
      gamma: scriptedModel({ steps: [] }),
      local: scriptedModel({ steps: [{ text: 'local' }] }),
    },
    sinks: [sink],
    clock: { now: () => Date.parse('2026-06-25T10:00:00.000Z') },
  });
  const model = router.languageModel('chat');
  for (let index = 0; index < 3; index++)
    await model.doGenerate({ prompt, providerOptions: { switchyard: { tenant: 'acme' } } });
  await router.close();
  records = [...sink.records];
  documents = sink.documents;
  basis = ReplayBasis.fromDocuments(sink.documents);
});

const other = (budgets: BudgetInput[]) =>
  configBasis({ config: validateConfig(withBudgets(budgets), { file: 'other.yaml' }) });

describe('budget state in records (reroute on budget)', () => {
  it('records the counter state that set each hosted target aside, and keeps the budgets beside the records', () => {
    const third = DecisionRecordSchema.parse(records[2]);
    expect(records.map((record) => record.servedBy)).toEqual(['alpha', 'alpha', 'local']);
    expect(third.skipped.map((entry) => [entry.targetId, entry.reason])).toEqual([
      ['alpha', 'budget'],
      ['beta', 'budget'],
      ['gamma', 'budget'],
    ]);
    const refusal = {
      budgetId: 'hosted-daily',
      key: expect.stringContaining('hosted-daily'),
      unit: 'requests',
      limit: 2,
      committed: 2,
      needed: 1,
    };
    expect(third.decision?.budget).toEqual([
      { targetId: 'alpha', ...refusal },
      { targetId: 'beta', ...refusal },
      { targetId: 'gamma', ...refusal },
    ]);
    expect(third.decision?.budgetsVersion).toEqual(expect.any(String));
    expect(documents.map((document) => document.kind)).toContain('budgets');
  });

  describe('selfCheck', () => {
    it('reproduces the reroute from the recorded counter state and the recorded budgets', () => {
      for (const record of records)
        expect(selfCheck({ record, basis })).toMatchObject({ reproduced: true, differences: [] });
    });

    it('tells a refusal the recorded state does not explain', () => {
      const third = records[2] as DecisionRecord;
      const decision = third.decision as NonNullable<DecisionRecord['decision']>;
      const edited: DecisionRecord = {
        ...third,
        decision: {
          ...decision,
          budget: (decision.budget ?? []).map((refusal) => ({ ...refusal, committed: 0 })),
        },
      };
      const result = selfCheck({ record: edited, basis });
      expect(result.reproduced).toBe(false);
      expect(result.differences[0]).toMatchObject({
        path: 'decision.budget alpha hosted-daily',
        replayed: 'budget "hosted-daily" could pay: 0 committed + 1 needed <= 2 requests',
      });
    });
  });

  describe('whatIf', () => {
    it('sets the targets aside again under the same budgets, even with every target healthy', () => {
      const third = records[2] as DecisionRecord;
      for (const health of ['as-recorded', 'all-healthy'] as const)
        expect(whatIf({ record: third, basis: other([daily(2)]), health })).toMatchObject({
          kind: 'as-was',
          servedBy: { value: 'local', basis: 'observed' },
        });
    });

    it('serves elsewhere when the other config raises or drops the budget: estimated, the model never called', () => {
      const third = records[2] as DecisionRecord;
      for (const budgets of [[daily(5)], []]) {
        const outcome = whatIf({ record: third, basis: other(budgets) });
        expect(outcome).toMatchObject({
          kind: 'elsewhere',
          servedBy: { value: 'alpha', basis: 'estimated' },
          latencyMs: { value: null, basis: 'unknowable' },
        });
        expect(outcome.reason).toContain("the other config's budgets would have paid for alpha");
      }
    });
  });
});
