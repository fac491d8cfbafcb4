import type { AttemptRecord, DecisionRecord, Target } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../scenario/parse-scenario.js';
import type { Assertion } from '../scenario/scenario-schema.js';
import { fixtureScenario } from '../testing/fixture-scenario.js';
import type { AssertionInput } from './assertion-verdict.js';
import { evaluateAssertion } from './evaluate-assertion.js';
import { createPolicyTimeline } from './policy-timeline.js';

const scenario = validateScenario(fixtureScenario());
const startMs = Date.parse(scenario.start);
const targets = scenario.config.targets as Target[];

let nextId = 0;
function attempt(targetId: string, fields: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    targetId,
    provider: targets.find((target) => target.id === targetId)?.provider ?? 'x',
    model: 'm',
    startMs: 0,
    latencyMs: 100,
    outcome: 'success',
    retry: 0,
    costUsd: 0.001,
    ...fields,
  };
}

function record(options: {
  atMs: number;
  jurisdiction?: string;
  dataClass?: string;
  tenant?: string;
  attempts: AttemptRecord[];
  failed?: boolean;
  latencyMs?: number;
  ttftMs?: number;
}): DecisionRecord {
  const served = options.failed
    ? undefined
    : options.attempts.findLast((entry) => entry.outcome === 'success');
  const tried = new Set(options.attempts.map((entry) => entry.targetId));
  return {
    schemaVersion: 1,
    requestId: `r${nextId++}`,
    time: new Date(startMs + options.atMs).toISOString(),
    route: 'chat',
    operation: 'generate',
    context: {
      jurisdiction: options.jurisdiction ?? 'US',
      ...(options.dataClass ? { dataClass: options.dataClass } : {}),
      ...(options.tenant ? { tenant: options.tenant } : {}),
    },
    policyVersion: 'v',
    verdicts: [],
    skipped: [],
    attempts: options.attempts,
    servedBy: served?.targetId ?? null,
    outcome: served ? 'served' : 'failed',
    ...(served ? {} : { error: { code: 'SWITCHYARD_ALL_TARGETS_FAILED', message: 'all failed' } }),
    totals: {
      latencyMs: options.latencyMs ?? 100,
      ...(options.ttftMs === undefined ? {} : { ttftMs: options.ttftMs }),
      attempts: options.attempts.length,
      fallbackDepth: Math.max(0, tried.size - 1),
      usage: { inputTokens: 10, outputTokens: 5, cachedInputTokens: 0, reasoningTokens: 0 },
      costUsd: options.attempts.reduce((sum, entry) => sum + entry.costUsd, 0),
      wastedCostUsd: options.attempts
        .filter((entry) => entry.outcome !== 'success')
        .reduce((sum, entry) => sum + entry.costUsd, 0),
    },
  };
}

function input(records: DecisionRecord[], overrides: Partial<AssertionInput> = {}): AssertionInput {
  const served = records.filter((entry) => entry.outcome === 'served').length;
  return {
    records,
    targets,
    policy: createPolicyTimeline({ config: scenario.config, timeline: scenario.timeline, startMs }),
    startMs,
    restores: [],
    sent: records.length,
    outcomes: { served, failed: records.length - served, lost: 0 },
    ...overrides,
  };
}

const check = (assertion: Assertion, records: DecisionRecord[], overrides: Partial<AssertionInput> = {}) =>
  evaluateAssertion(assertion, input(records, overrides));

const cutoff = (
  targetId: string,
  reason: AttemptRecord['cutoffReason'],
  fields: Partial<AttemptRecord> = {},
) =>
  attempt(targetId, {
    outcome: 'failure',
    failureKind: 'cutoff',
    cutoffReason: reason,
    costUsd: 0,
    ...fields,
  });

describe('evaluateAssertion', () => {
  describe('success-rate', () => {
    const records = [
      record({ atMs: 0, attempts: [attempt('frontier-us')] }),
      record({
        atMs: 0,
        attempts: [attempt('claude-eu', { outcome: 'failure', failureKind: 'transient' })],
        failed: true,
      }),
    ];
    it('passes at or above the minimum', () => {
      expect(check({ type: 'success-rate', min: 0.5 }, records).passed).toBe(true);
    });
    it('fails below the minimum, counting failures by code', () => {
      const verdict = check({ type: 'success-rate', min: 0.995 }, records);
      expect(verdict.passed).toBe(false);
      expect(verdict.evidence.failuresByCode).toEqual({ SWITCHYARD_ALL_TARGETS_FAILED: 1 });
      expect(verdict.summary).toBe('50.00 % served (1/2), required >= 99.50 %');
    });
    it('counts requests sent without a record as not served', () => {
      expect(check({ type: 'success-rate', min: 0.9 }, records.slice(0, 1), { sent: 2 }).passed).toBe(false);
    });
  });

  describe('no-denied-attempts', () => {
    it('passes when a target is attempted before the policy denies it', () => {
      const records = [record({ atMs: 1999, jurisdiction: 'CN', attempts: [attempt('frontier-us')] })];
      expect(check({ type: 'no-denied-attempts' }, records).passed).toBe(true);
    });
    it('fails for an attempt at or after the policy change, re-evaluating the policy itself', () => {
      const records = [
        record({
          atMs: 1500,
          jurisdiction: 'RU',
          attempts: [
            attempt('claude-eu', { outcome: 'failure', failureKind: 'transient' }),
            attempt('frontier-us', { startMs: 600 }),
          ],
        }),
      ];
      const verdict = check({ type: 'no-denied-attempts' }, records);
      expect(verdict.passed).toBe(false);
      expect(verdict.evidence.violations).toBe(1);
      expect((verdict.evidence.examples as { targetId: string; served: boolean }[])[0]).toMatchObject({
        targetId: 'frontier-us',
        served: true,
      });
    });
    it('ignores the verdicts the router recorded', () => {
      const denied = record({ atMs: 3000, jurisdiction: 'CN', attempts: [attempt('frontier-us')] });
      const lying = {
        ...denied,
        verdicts: [
          {
            targetId: 'frontier-us',
            allowed: true,
            effect: 'allow' as const,
            ruleIds: [],
            reason: 'trust me',
          },
        ],
      };
      expect(check({ type: 'no-denied-attempts' }, [lying]).passed).toBe(false);
    });
  });

  describe('no-attempts-after-cutoff', () => {
    it('passes when the target is not tried after the cut-off was detected', () => {
      const records = [
        record({
          atMs: 0,
          attempts: [cutoff('frontier-us', 'model_withdrawn'), attempt('claude-eu', { startMs: 100 })],
        }),
        record({ atMs: 500, attempts: [attempt('claude-eu')] }),
      ];
      expect(check({ type: 'no-attempts-after-cutoff' }, records).passed).toBe(true);
    });
    it('fails when the target is tried again after detection', () => {
      const records = [
        record({
          atMs: 0,
          attempts: [cutoff('frontier-us', 'model_withdrawn'), attempt('claude-eu', { startMs: 100 })],
        }),
        record({ atMs: 500, attempts: [attempt('frontier-us')] }),
      ];
      const verdict = check({ type: 'no-attempts-after-cutoff' }, records);
      expect(verdict.passed).toBe(false);
      expect(verdict.evidence.violations).toBe(1);
    });
    it('scopes a region block to the caller jurisdiction', () => {
      const records = [
        record({
          atMs: 0,
          jurisdiction: 'CN',
          attempts: [cutoff('frontier-us', 'region_blocked')],
          failed: true,
        }),
        record({ atMs: 500, jurisdiction: 'US', attempts: [attempt('frontier-us')] }),
      ];
      expect(check({ type: 'no-attempts-after-cutoff' }, records).passed).toBe(true);
      const again = [
        ...records,
        record({ atMs: 600, jurisdiction: 'CN', attempts: [attempt('frontier-us')] }),
      ];
      expect(check({ type: 'no-attempts-after-cutoff' }, again).passed).toBe(false);
    });
    it('allows attempts again after a restore', () => {
      const records = [
        record({
          atMs: 0,
          attempts: [cutoff('frontier-us', 'key_revoked'), attempt('claude-eu', { startMs: 100 })],
        }),
        record({ atMs: 5000, attempts: [attempt('frontier-us')] }),
      ];
      expect(
        check({ type: 'no-attempts-after-cutoff' }, records, {
          restores: [{ at: startMs + 4000, target: 'frontier-us' }],
        }).passed,
      ).toBe(true);
    });
    it('fails, saying so, when no cut-off was detected, and so does wasted-attempts-per-cutoff', () => {
      const records = [record({ atMs: 0, attempts: [attempt('frontier-us')] })];
      expect(check({ type: 'no-attempts-after-cutoff' }, records)).toMatchObject({
        passed: false,
        summary: 'no cut-off was detected in this run: nothing was checked',
      });
      expect(check({ type: 'wasted-attempts-per-cutoff', max: 3 }, records)).toMatchObject({
        passed: false,
        summary: 'no attempt hit a cut-off in this run: nothing was checked',
      });
    });
    // A 404 on a target that never served: the router cannot tell a withdrawn model from a wrong
    // name, and tries it again every 30 s (its modelNotFoundProbeAfterMs).
    const notFoundAt = (atMs: number) =>
      record({
        atMs,
        attempts: [cutoff('frontier-us', 'model_not_found'), attempt('claude-eu', { startMs: 100 })],
      });
    it('counts the router probes of a model not found, 30 s after it was last seen, as probes, not violations', () => {
      // Each cut-off attempt ends 100 ms after its start: the probes start 30 s after that.
      const verdict = check({ type: 'no-attempts-after-cutoff' }, [0, 30_100, 60_200].map(notFoundAt));
      expect(verdict).toMatchObject({
        passed: true,
        summary:
          "0 attempt(s) started after their target's cut-off was detected (1 cut-off(s) detected; 2 probe(s) of a model not found, which the router tries again every 30 s, not counted)",
        evidence: { violations: 0, probes: 2 },
      });
    });
    it('fails an attempt on a model not found sooner than the router probes it', () => {
      const verdict = check({ type: 'no-attempts-after-cutoff' }, [0, 30_100, 50_000].map(notFoundAt));
      expect(verdict.passed).toBe(false);
      expect(verdict.evidence).toMatchObject({ violations: 1, probes: 1 });
    });
    it('ends the cut-off of a model not found when a probe serves', () => {
      const records = [
        notFoundAt(0),
        record({ atMs: 30_100, attempts: [attempt('frontier-us')] }),
        record({ atMs: 30_500, attempts: [attempt('frontier-us')] }),
      ];
      expect(check({ type: 'no-attempts-after-cutoff' }, records).evidence).toMatchObject({
        violations: 0,
        probes: 1,
      });
      // A withdrawn model is not probed: the same attempts are violations.
      const withdrawn = [
        record({
          atMs: 0,
          attempts: [cutoff('frontier-us', 'model_withdrawn'), attempt('claude-eu', { startMs: 100 })],
        }),
        ...records.slice(1),
      ];
      expect(check({ type: 'no-attempts-after-cutoff' }, withdrawn).evidence).toMatchObject({
        violations: 2,
      });
    });
    it('counts a cut-off detected again after a restore as a detection of its own', () => {
      const records = [0, 5000].map((atMs) =>
        record({
          atMs,
          attempts: [cutoff('frontier-us', 'key_revoked'), attempt('claude-eu', { startMs: 100 })],
        }),
      );
      const verdict = check({ type: 'no-attempts-after-cutoff' }, records, {
        restores: [{ at: startMs + 4000, target: 'frontier-us' }],
      });
      expect(verdict.passed).toBe(true);
      expect(verdict.summary).toBe(
        "0 attempt(s) started after their target's cut-off was detected (2 cut-off(s) detected)",
      );
    });
  });

  describe('wasted-attempts-per-cutoff', () => {
    const records = [0, 10, 20].map((atMs) =>
      record({
        atMs,
        attempts: [cutoff('frontier-us', 'model_withdrawn'), attempt('claude-eu', { startMs: 100 })],
      }),
    );
    it('passes within the bound', () => {
      expect(check({ type: 'wasted-attempts-per-cutoff', max: 3 }, records).passed).toBe(true);
    });
    it('fails above the bound, naming the cut-off', () => {
      const verdict = check({ type: 'wasted-attempts-per-cutoff', max: 2 }, records);
      expect(verdict.passed).toBe(false);
      expect(verdict.evidence.over).toEqual({ 'frontier-us': 3 });
    });
  });

  describe('latency', () => {
    const records = Array.from({ length: 100 }, (_, index) =>
      record({ atMs: index, attempts: [attempt('frontier-us')], latencyMs: index + 1, ttftMs: 10 }),
    );
    it('passes under the ceiling', () => {
      expect(check({ type: 'latency', metric: 'latency', percentile: 99, maxMs: 99 }, records).passed).toBe(
        true,
      );
      expect(check({ type: 'latency', metric: 'ttft', percentile: 50, maxMs: 10 }, records).passed).toBe(
        true,
      );
    });
    it('fails over the ceiling with the percentiles as evidence', () => {
      const verdict = check({ type: 'latency', metric: 'latency', percentile: 99, maxMs: 98 }, records);
      expect(verdict.passed).toBe(false);
      expect(verdict.evidence).toMatchObject({ p50: 50, p99: 99, measured: 99 });
      expect(check({ type: 'latency', metric: 'ttft', percentile: 50, maxMs: 9 }, records).passed).toBe(
        false,
      );
    });
    it('fails over no sample rather than hold vacuously: no served request, or no stream for ttft', () => {
      const failed = [record({ atMs: 0, attempts: [attempt('frontier-us', { outcome: 'failure' })] })];
      const none = check({ type: 'latency', metric: 'latency', percentile: 99, maxMs: 1000 }, failed);
      expect(none.passed).toBe(false);
      expect(none.summary).toBe('no served request had a latency: nothing was checked');
      const generated = [record({ atMs: 0, attempts: [attempt('frontier-us')], latencyMs: 5 })];
      const noStream = check({ type: 'latency', metric: 'ttft', percentile: 50, maxMs: 1000 }, generated);
      expect(noStream.passed).toBe(false);
      expect(noStream.summary).toBe(
        'no served request had a time to first token (only streams have one): nothing was checked',
      );
    });
  });

  describe('cost', () => {
    const records = [
      record({
        atMs: 0,
        attempts: [
          attempt('frontier-us', { outcome: 'failure', failureKind: 'transient', costUsd: 0.5 }),
          attempt('claude-eu', { costUsd: 0.25 }),
        ],
      }),
    ];
    it('passes under the ceiling', () => {
      expect(check({ type: 'cost', maxUsd: 1 }, records).passed).toBe(true);
    });
    it('fails over the ceiling, wasted cost included', () => {
      const verdict = check({ type: 'cost', maxUsd: 0.5 }, records);
      expect(verdict.passed).toBe(false);
      expect(verdict.evidence).toEqual({ costUsd: 0.75, wastedCostUsd: 0.5 });
    });
    it('sums without floating-point noise: $0.10 and $0.20 are within a ceiling of $0.30', () => {
      const cheap = [0.1, 0.2].map((costUsd, index) =>
        record({ atMs: index, attempts: [attempt('claude-eu', { costUsd })] }),
      );
      const verdict = check({ type: 'cost', maxUsd: 0.3 }, cheap);
      expect(verdict.passed).toBe(true);
      expect(verdict.evidence).toEqual({ costUsd: 0.3, wastedCostUsd: 0 });
    });
  });

  describe('fallback-depth', () => {
    const records = [
      record({
        atMs: 0,
        attempts: [
          attempt('frontier-us', { outcome: 'failure', failureKind: 'transient' }),
          attempt('claude-eu', { outcome: 'failure', failureKind: 'transient' }),
          attempt('llama-local'),
        ],
      }),
    ];
    it('passes at the maximum', () => {
      expect(check({ type: 'fallback-depth', max: 2 }, records).passed).toBe(true);
    });
    it('fails above it', () => {
      expect(check({ type: 'fallback-depth', max: 1 }, records).passed).toBe(false);
    });
  });

  describe('all-accounted', () => {
    const records = [record({ atMs: 0, attempts: [attempt('frontier-us')] })];
    it('passes when every sent request has one record and a typed outcome', () => {
      expect(check({ type: 'all-accounted' }, records).passed).toBe(true);
    });
    it('fails when a request has no record', () => {
      expect(
        check({ type: 'all-accounted' }, records, { sent: 2, outcomes: { served: 1, failed: 1, lost: 0 } })
          .passed,
      ).toBe(false);
    });
    it('fails when a call ended with an untyped error', () => {
      expect(
        check({ type: 'all-accounted' }, records, { outcomes: { served: 0, failed: 0, lost: 1 } }).passed,
      ).toBe(false);
    });
    it('fails on duplicate records', () => {
      const [only] = records;
      expect(
        check({ type: 'all-accounted' }, [only as DecisionRecord, only as DecisionRecord], { sent: 2 })
          .passed,
      ).toBe(false);
    });
  });

  describe('served-only-by', () => {
    const assertion: Assertion = {
      type: 'served-only-by',
      where: { jurisdiction: ['EU'], dataClass: ['regulated'] },
      targets: ['claude-eu', 'llama-local'],
    };
    it('passes when matching requests stay on the listed targets, groups expanded', () => {
      const records = [
        record({ atMs: 0, jurisdiction: 'DE', dataClass: 'regulated', attempts: [attempt('claude-eu')] }),
        record({ atMs: 0, jurisdiction: 'US', dataClass: 'regulated', attempts: [attempt('frontier-us')] }),
      ];
      const verdict = check(assertion, records);
      expect(verdict.passed).toBe(true);
      expect(verdict.evidence.concerned).toBe(1);
    });
    it('matches a caller given as a group wholly inside the filter (EU callers in an EEA filter), not one only partly inside', () => {
      const inEea: Assertion = {
        type: 'served-only-by',
        where: { jurisdiction: ['EEA'] },
        targets: ['claude-eu'],
      };
      const records = [
        record({ atMs: 0, jurisdiction: 'EU', attempts: [attempt('claude-eu')] }),
        record({ atMs: 0, jurisdiction: 'EEA', attempts: [attempt('claude-eu')] }),
        record({ atMs: 0, jurisdiction: 'NO', attempts: [attempt('claude-eu')] }),
      ];
      expect(check(inEea, records).evidence.concerned).toBe(3);
      const inEu: Assertion = {
        type: 'served-only-by',
        where: { jurisdiction: ['EU'] },
        targets: ['claude-eu'],
      };
      // An EEA caller may be Norwegian: not certainly in the EU.
      expect(check(inEu, records).evidence.concerned).toBe(1);
    });
    it('fails when one is even attempted elsewhere', () => {
      const records = [
        record({
          atMs: 0,
          jurisdiction: 'FR',
          dataClass: 'regulated',
          attempts: [
            attempt('frontier-us', { outcome: 'failure', failureKind: 'transient' }),
            attempt('claude-eu'),
          ],
        }),
      ];
      expect(check(assertion, records).passed).toBe(false);
    });
    it('filters on a list of tenants like on a list of jurisdictions', () => {
      const byTenant: Assertion = {
        type: 'served-only-by',
        where: { tenant: ['acme', 'globex'] },
        targets: ['llama-local'],
      };
      const records = [
        record({ atMs: 0, tenant: 'acme', attempts: [attempt('llama-local')] }),
        record({ atMs: 0, tenant: 'globex', attempts: [attempt('llama-local')] }),
        record({ atMs: 0, tenant: 'initech', attempts: [attempt('frontier-us')] }),
        record({ atMs: 0, attempts: [attempt('frontier-us')] }),
      ];
      expect(check(byTenant, records).evidence).toMatchObject({ concerned: 2, violations: 0 });
      records.push(record({ atMs: 0, tenant: 'globex', attempts: [attempt('frontier-us')] }));
      expect(check(byTenant, records).passed).toBe(false);
    });
    it('fails, saying so, when no request matches: it would hold vacuously', () => {
      const records = [record({ atMs: 0, jurisdiction: 'US', attempts: [attempt('frontier-us')] })];
      const verdict = check(assertion, records);
      expect(verdict.passed).toBe(false);
      expect(verdict.summary).toMatch(/^no request matched .*"EU".*: nothing was checked$/);
    });
  });

  describe('served-by-share', () => {
    const assertion: Assertion = {
      type: 'served-by-share',
      where: { jurisdiction: ['CN', 'RU'] },
      targets: ['llama-local'],
      minShare: 1,
      from: 2000,
    };
    it('passes when the targets carry the matching requests from the offset on', () => {
      const records = [
        record({ atMs: 0, jurisdiction: 'CN', attempts: [attempt('frontier-us')] }),
        record({ atMs: 2500, jurisdiction: 'CN', attempts: [attempt('llama-local')] }),
      ];
      expect(check(assertion, records).passed).toBe(true);
    });
    it('fails when another target carries some, or none match', () => {
      const records = [record({ atMs: 2500, jurisdiction: 'RU', attempts: [attempt('claude-eu')] })];
      expect(check(assertion, records).passed).toBe(false);
      expect(check(assertion, []).passed).toBe(false);
    });
  });
});
