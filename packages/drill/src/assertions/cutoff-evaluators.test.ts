import type { AttemptRecord, DecisionRecord, Target } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../scenario/parse-scenario.js';
import type { Assertion } from '../scenario/scenario-schema.js';
import {
  sortedNoAttemptsAfterCutoff,
  sortedWastedAttemptsPerCutoff,
} from '../test-fixtures/sorted-cutoff-evaluators.js';
import { fixtureScenario } from '../testing/fixture-scenario.js';
import { seededRandom } from '../workload/seeded-random.js';
import type { AssertionEvaluator } from './assertion-evaluator.js';
import type { AssertionFacts } from './assertion-verdict.js';
import { noAttemptsAfterCutoff, wastedAttemptsPerCutoff } from './cutoff-evaluators.js';
import { createPolicyTimeline } from './policy-timeline.js';

const scenario = validateScenario(fixtureScenario());
const startMs = Date.parse(scenario.start);
const targets = scenario.config.targets as Target[];
const policy = createPolicyTimeline({ config: scenario.config, timeline: scenario.timeline, startMs });
const outcomes = { sent: 0, outcomes: { served: 0, failed: 0, lost: 0 } };
const noAttempts: Extract<Assertion, { type: 'no-attempts-after-cutoff' }> = {
  type: 'no-attempts-after-cutoff',
};
const wasted: Extract<Assertion, { type: 'wasted-attempts-per-cutoff' }> = {
  type: 'wasted-attempts-per-cutoff',
  max: 3,
};
const reasons = [
  'model_withdrawn',
  'region_blocked',
  'legal_block',
  'model_not_found',
  'key_revoked',
  undefined,
] as const;

/** A random run: requests at random instants (ties included), each a few attempts one after another. */
function randomRun(seed: number) {
  const random = seededRandom(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const ms = (max: number) => Math.floor(random() * max);
  // Short spans make ties; long ones make the 5-minute probes of a model not found.
  const spanMs = pick([200, 5_000, 900_000]);
  const requests = Array.from({ length: 1 + ms(80) }, (_, index) => {
    const time = startMs + ms(spanMs);
    let offset = ms(3) === 0 ? 0 : ms(spanMs / 20);
    const attempts: AttemptRecord[] = Array.from({ length: 1 + ms(4) }, () => {
      const target = pick(targets);
      const kind = ms(3);
      const latencyMs = ms(3) === 0 ? 0 : ms(spanMs / 10);
      const attempt: AttemptRecord = {
        targetId: target.id,
        provider: target.provider,
        model: 'm',
        startMs: offset,
        latencyMs,
        outcome: kind === 0 ? 'success' : 'failure',
        retry: 0,
        costUsd: 0,
        ...(kind === 1
          ? { failureKind: 'cutoff' as const }
          : kind === 2
            ? { failureKind: 'transient' as const }
            : {}),
      };
      const reason = pick(reasons);
      if (kind === 1 && reason !== undefined) attempt.cutoffReason = reason;
      offset += latencyMs + (ms(2) === 0 ? 0 : ms(spanMs / 20));
      return attempt;
    });
    const record = {
      requestId: `r${index}`,
      time: new Date(time).toISOString(),
      context: { jurisdiction: pick(['US', 'DE', 'CN', undefined]) },
      attempts,
    } as unknown as DecisionRecord;
    return { record, sentAt: time - ms(3), finish: time + offset, tie: random() };
  });
  const restores = Array.from({ length: ms(4) }, () => {
    const at = startMs + ms(spanMs);
    const which = ms(3);
    return which === 0
      ? { at }
      : which === 1
        ? { at, target: pick(targets).id }
        : { at, provider: pick(targets).provider };
  });
  // Records arrive in the order the requests finished.
  const arrivals = [...requests].sort((a, b) => a.finish - b.finish || a.tie - b.tie);
  return { arrivals, restores };
}

/** Feeds a run to an evaluator as a drill's runner does: each record, then the watermark of what is still to come. */
function feed(evaluator: AssertionEvaluator, run: ReturnType<typeof randomRun>, watermark: boolean) {
  const pending = run.arrivals.map((arrival) => arrival.sentAt);
  run.arrivals.forEach((arrival, index) => {
    evaluator.add(arrival.record);
    if (!watermark) return;
    // Sent and not yet finished, or not yet sent: each starts at or after its send.
    let earliest = arrival.finish;
    for (let later = index + 1; later < pending.length; later++)
      earliest = Math.min(earliest, pending[later] as number);
    evaluator.advance?.(earliest);
  });
  return evaluator.verdict(outcomes);
}

const factsOf = (run: ReturnType<typeof randomRun>): AssertionFacts => ({
  targets,
  policy,
  startMs,
  restores: run.restores,
});

describe('noAttemptsAfterCutoff', () => {
  it('gives the verdict of every attempt sorted by start, however records arrive and the watermark moves', () => {
    let violated = 0;
    let probed = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const run = randomRun(seed);
      const expected = feed(sortedNoAttemptsAfterCutoff(noAttempts, factsOf(run)), run, false);
      expect(feed(noAttemptsAfterCutoff(noAttempts, factsOf(run)), run, true), `seed ${seed}`).toEqual(
        expected,
      );
      expect(feed(noAttemptsAfterCutoff(noAttempts, factsOf(run)), run, false), `seed ${seed}`).toEqual(
        expected,
      );
      if (Number(expected.evidence.violations) > 0) violated++;
      if (expected.evidence.probes !== undefined) probed++;
    }
    // The runs cover what the check tells apart: violations and probes of a model not found.
    expect(violated).toBeGreaterThan(50);
    expect(probed).toBeGreaterThan(5);
  });

  it('fails saying so when an attempt arrives after one that started later was checked', () => {
    const record = (requestId: string, atMs: number) =>
      ({
        requestId,
        time: new Date(startMs + atMs).toISOString(),
        context: { jurisdiction: 'US' },
        attempts: [
          {
            targetId: 'frontier-us',
            provider: 'openai',
            model: 'm',
            startMs: 0,
            latencyMs: 10,
            outcome: 'failure',
            failureKind: 'cutoff',
            cutoffReason: 'model_withdrawn',
            retry: 0,
            costUsd: 0,
          },
        ],
      }) as unknown as DecisionRecord;
    for (const evaluator of [
      noAttemptsAfterCutoff(noAttempts, { targets, policy, startMs, restores: [] }),
      wastedAttemptsPerCutoff(wasted, { targets, policy, startMs, restores: [] }),
    ]) {
      evaluator.add(record('r1', 1_000));
      evaluator.advance?.(startMs + 2_000);
      evaluator.add(record('r2', 500));
      const verdict = evaluator.verdict(outcomes);
      expect(verdict.passed).toBe(false);
      expect(verdict.evidence.lateAttempts).toBe(1);
      expect(verdict.summary).toContain(
        '1 attempt(s) arrived after attempts that started later were checked',
      );
    }
  });
});

describe('wastedAttemptsPerCutoff', () => {
  it('gives the verdict of every attempt sorted by start, however records arrive and the watermark moves', () => {
    let restored = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const run = randomRun(seed);
      const expected = feed(sortedWastedAttemptsPerCutoff(wasted, factsOf(run)), run, false);
      expect(feed(wastedAttemptsPerCutoff(wasted, factsOf(run)), run, true), `seed ${seed}`).toEqual(
        expected,
      );
      if (JSON.stringify(expected.evidence).includes('after restore')) restored++;
    }
    expect(restored).toBeGreaterThan(20);
  });
});
