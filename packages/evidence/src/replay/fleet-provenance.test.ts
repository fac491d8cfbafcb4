import {
  type CandidateState,
  type DecisionRecord,
  DecisionRecordSchema,
  validateConfig,
} from '@switchyard/core';
import { createRouter, memorySink } from '@switchyard/router';
import { scriptedModel } from '@switchyard/router/test';
import { beforeAll, describe, expect, it } from 'vitest';
import { fleetViewStore } from '../test-fixtures/fleet-view-store.js';
import { policyBefore, replayConfig } from '../test-fixtures/replay-router.js';
import { configBasis } from './decision-basis.js';
import { ReplayBasis } from './replay-basis.js';
import { localState } from './replay-candidates.js';
import { selfCheck } from './self-check.js';
import { whatIf } from './what-if.js';
import { WhatIfSummary } from './what-if-summary.js';

const now = Date.parse('2026-06-25T10:00:00.000Z');
const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hello' }] }];
let records: DecisionRecord[];
let basis: ReplayBasis;

beforeAll(async () => {
  const fleet = fleetViewStore('web-1');
  // What other processes of the fleet set, as this process's replica of the shared view has it.
  fleet.remoteCircuit('alpha', { by: 'web-2', since: now - 2_000, openUntil: now + 60_000 });
  fleet.remoteCutoff('beta', { by: 'web-3', since: now - 5_000, learnedAt: now - 1_000, jurisdiction: 'SG' });
  fleet.remoteRateLimit('gamma', { by: 'web-2', since: now - 500, until: now + 30_000 });
  const sink = memorySink();
  const router = createRouter({
    config: replayConfig({ policy: policyBefore }),
    models: {
      alpha: scriptedModel({ steps: [] }),
      beta: scriptedModel({ steps: [{ text: 'beta' }] }),
      gamma: scriptedModel({ steps: [{ text: 'gamma' }] }),
      local: scriptedModel({ steps: [] }),
    },
    sinks: [sink],
    healthStore: fleet.store,
    clock: { now: () => now },
  });
  const model = router.languageModel('chat');
  await model.doGenerate({ prompt, providerOptions: { switchyard: { jurisdiction: 'SG' } } });
  await model.doGenerate({ prompt, providerOptions: { switchyard: { jurisdiction: 'US' } } });
  await router.close();
  records = [...sink.records];
  basis = ReplayBasis.fromDocuments(sink.documents);
});

describe('health provenance from the fleet (records v2)', () => {
  it('records who set each health fact and that this process learnt it from the fleet', () => {
    const [sg, us] = records.map((record) => DecisionRecordSchema.parse(record));
    expect(sg?.servedBy).toBe('gamma');
    expect(us?.servedBy).toBe('beta');
    expect(sg?.decision?.health).toEqual([
      {
        targetId: 'alpha',
        sharedCircuit: { source: 'fleet', by: 'web-2', since: now - 2_000, openUntil: now + 60_000 },
      },
      {
        targetId: 'beta',
        cutoff: {
          jurisdiction: 'SG',
          reason: 'region_blocked',
          since: now - 5_000,
          source: 'fleet',
          by: 'web-3',
          learnedAt: now - 1_000,
        },
      },
      {
        targetId: 'gamma',
        rateLimitedUntil: now + 30_000,
        rateLimitProvenance: { source: 'fleet', by: 'web-2', since: now - 500 },
      },
    ]);
    // The fleet's open circuit demotes alpha in the plan, as this process's own breaker would.
    expect(sg?.decision?.order).toEqual(['alpha', 'gamma', 'local']);
  });

  describe('selfCheck', () => {
    it('reproduces a plan the fleet demoted (shared circuit, rate limit) and cut off', () => {
      for (const record of records)
        expect(selfCheck({ record, basis })).toMatchObject({ reproduced: true, differences: [] });
    });
  });

  describe('whatIf with health local-only', () => {
    const same = () =>
      configBasis({ config: validateConfig(replayConfig({ policy: policyBefore }), { file: 'same.yaml' }) });

    it('names the attempts the shared view saved: targets the fleet had set aside, estimated to fail', () => {
      const sg = whatIf({ record: records[0] as DecisionRecord, basis: same(), health: 'local-only' });
      expect(sg).toMatchObject({
        kind: 'as-was',
        servedBy: { value: 'gamma', basis: 'observed' },
        wastedAttempts: ['alpha', 'beta'],
        costUsd: { basis: 'estimated' },
        latencyMs: { value: null, basis: 'unknowable' },
      });
      expect(sg.reason).toContain('set aside by another process');
      const us = whatIf({ record: records[1] as DecisionRecord, basis: same(), health: 'local-only' });
      expect(us).toMatchObject({ kind: 'as-was', wastedAttempts: ['alpha'] });
      const summary = new WhatIfSummary({ config: 'same.yaml', at: null, health: 'local-only' });
      summary.add(sg);
      summary.add(us);
      expect(summary.toJSON().total.wastedAttempts).toBe(3);
    });

    it('replays as recorded without wasted attempts', () => {
      const sg = whatIf({ record: records[0] as DecisionRecord, basis: same() });
      expect(sg).toMatchObject({ kind: 'as-was', servedBy: { value: 'gamma', basis: 'observed' } });
      expect(sg.wastedAttempts).toBeUndefined();
    });
  });

  describe('localState', () => {
    it('leaves out what the fleet set and keeps what this process knew', () => {
      const state: CandidateState = {
        targetId: 'beta',
        model: false,
        cutoff: { since: 1, source: 'fleet', by: 'web-3' },
        rateLimitedUntil: 9,
        rateLimitProvenance: { source: 'local', by: 'web-1', since: 2 },
        circuitOpen: true,
        sharedCircuit: { source: 'fleet', by: 'web-2', since: 3, openUntil: 10 },
      };
      expect(localState(state)).toEqual({
        targetId: 'beta',
        model: false,
        rateLimitedUntil: 9,
        rateLimitProvenance: { source: 'local', by: 'web-1', since: 2 },
        circuitOpen: true,
      });
      expect(localState({ targetId: 'alpha', cutoff: { since: 1, source: 'fleet', by: 'web-3' } })).toBe(
        undefined,
      );
      const local: CandidateState = { targetId: 'gamma', cutoff: { since: 1 } };
      expect(localState(local)).toBe(local);
    });
  });
});
