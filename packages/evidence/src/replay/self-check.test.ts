import type { DecisionRecord } from '@switchyard/core';
import { createRouter, memorySink } from '@switchyard/router';
import { providerFailure, scriptedModel } from '@switchyard/router/test';
import { beforeAll, describe, expect, it } from 'vitest';
import { policyAfter, replayConfig } from '../test-fixtures/replay-router.js';
import { ReplayBasis } from './replay-basis.js';
import { selfCheck } from './self-check.js';

const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hello' }] }];
let records: DecisionRecord[];
let basis: ReplayBasis;

beforeAll(async () => {
  let now = Date.parse('2026-06-25T10:00:00.000Z');
  const sink = memorySink();
  const router = createRouter({
    config: replayConfig({ policy: policyAfter }),
    models: {
      alpha: scriptedModel({
        steps: [
          {
            error: providerFailure({
              kind: 'cutoff',
              cutoffReason: 'region_blocked',
              scope: 'jurisdiction',
              status: 403,
              message: 'unsupported_country_region_territory',
            }),
          },
          { text: 'alpha' },
        ],
      }),
      beta: scriptedModel({ steps: [{ text: 'beta' }, { text: 'beta' }] }),
      gamma: scriptedModel({ steps: [] }),
      local: scriptedModel({ steps: [{ text: 'local' }] }),
    },
    sinks: [sink],
    clock: { now: () => now },
    health: { maxRetries: 0 },
  });
  const model = router.languageModel('chat');
  // SG: alpha region-blocks (cut off for SG callers), beta serves. Then SG again: alpha set aside by the plan.
  await model.doGenerate({ prompt, providerOptions: { switchyard: { jurisdiction: 'SG' } } });
  now += 1_000;
  await model.doGenerate({ prompt, providerOptions: { switchyard: { jurisdiction: 'SG' } } });
  // CN: only local may serve (the export control and the on-premises rule).
  await model.doGenerate({ prompt, providerOptions: { switchyard: { jurisdiction: 'CN' } } });
  await router.close();
  records = [...sink.records];
  basis = ReplayBasis.fromDocuments(sink.documents);
});

describe('selfCheck', () => {
  it('reproduces records under their own policy and health: a cut-off set aside by the plan, denials by rule', () => {
    expect(records.map((record) => record.servedBy)).toEqual(['beta', 'beta', 'local']);
    expect(records[1]?.skipped[0]).toMatchObject({ targetId: 'alpha', reason: 'cutoff' });
    for (const record of records)
      expect(selfCheck({ record, basis })).toMatchObject({ reproduced: true, differences: [] });
  });

  it("reports a record whose route is named after an object's own property as a route the catalog lacks", () => {
    const changed = { ...(records[0] as DecisionRecord), route: 'constructor' };
    expect(selfCheck({ record: changed, basis }).differences).toEqual([
      { path: 'route', recorded: '"constructor"', replayed: 'no such route in the recorded catalog' },
    ]);
  });

  it('reports a record whose order was changed, as recorded and as replayed', () => {
    const record = records[2] as DecisionRecord;
    const changed = {
      ...record,
      decision: { ...record.decision, order: ['alpha', 'local'] },
    } as DecisionRecord;
    expect(selfCheck({ record: changed, basis }).differences).toEqual([
      { path: 'decision.order', recorded: '["alpha","local"]', replayed: '["local"]' },
    ]);
  });

  it('reports a verdict that does not follow from the policy, and an attempt on a denied target', () => {
    const record = records[2] as DecisionRecord;
    const verdicts = record.verdicts.map((verdict) =>
      verdict.targetId === 'alpha'
        ? { ...verdict, allowed: true, effect: 'default' as const, ruleIds: [] }
        : verdict,
    );
    const attempts = [
      { ...(record.attempts[0] as DecisionRecord['attempts'][number]), targetId: 'alpha', startMs: 5 },
    ];
    const differences = selfCheck({
      record: { ...record, verdicts, attempts, servedBy: 'alpha' },
      basis,
    }).differences;
    expect(differences.map((difference) => difference.path)).toEqual([
      'verdicts[0].allowed',
      'verdicts[0].effect',
      'verdicts[0].ruleIds',
      'attempts[0].targetId',
    ]);
    expect(differences[3]?.replayed).toBe('not in the plan\'s order ["local"]');
  });

  it('reports health the record says was in force but the plan did not act on', () => {
    const record = records[0] as DecisionRecord;
    const decision = {
      ...record.decision,
      health: [{ targetId: 'alpha', cutoff: { jurisdiction: 'SG', since: 0 } }],
    };
    const differences = selfCheck({ record: { ...record, decision } as DecisionRecord, basis }).differences;
    expect(differences.map((difference) => difference.path)).toContain('decision.order');
  });

  it('cannot replay a version 1 record, nor one whose policy is not beside it', () => {
    const record = records[0] as DecisionRecord;
    const { decision: _decision, ...v1 } = record;
    expect(selfCheck({ record: { ...v1, schemaVersion: 1 }, basis }).differences[0]?.replayed).toContain(
      'a version 1 record does not carry the inputs of its decision',
    );
    expect(
      selfCheck({ record: { ...record, policyVersion: '0000000000000000' }, basis }).differences[0]?.replayed,
    ).toBe('no policy document of version 0000000000000000 beside the records');
  });
});
