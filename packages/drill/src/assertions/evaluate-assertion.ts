import { type DecisionRecord, roundUsd } from '@switchyard/core';
import { callerWithin } from '../scenario/caller-within.js';
import type { Assertion, RequestFilter } from '../scenario/scenario-schema.js';
import { answerEvaluator } from './answer-evaluators.js';
import type { AssertionEvaluator } from './assertion-evaluator.js';
import { namedAssertions } from './assertion-names.js';
import {
  type AssertionFacts,
  type AssertionInput,
  type AssertionVerdict,
  pushExample,
} from './assertion-verdict.js';
import { abortedStreamsCharged, budgetNeverExceeded, reroutedOnBudget } from './budget-evaluators.js';
import { noAttemptsAfterCutoff, wastedAttemptsPerCutoff } from './cutoff-evaluators.js';
import { RequestIdSet } from './request-id-set.js';
import { targetVerdict } from './target-verdict.js';

const percent = (value: number) => `${(value * 100).toFixed(2)} %`;

function verdict(
  assertion: Assertion,
  passed: boolean,
  summary: string,
  evidence: Record<string, unknown>,
): AssertionVerdict {
  return { name: assertion.name ?? assertion.type, type: assertion.type, passed, summary, evidence };
}

/** Whether a record's context matches a filter (jurisdiction groups expanded with the policy's resolver). */
export function matchesFilter(record: DecisionRecord, filter: RequestFilter, facts: AssertionFacts): boolean {
  const { context } = record;
  if (filter.jurisdiction) {
    const jurisdiction = context.jurisdiction;
    if (jurisdiction === undefined) return false;
    const jurisdictions = facts.policy.at(facts.startMs).jurisdictions;
    if (
      !filter.jurisdiction.some((code) => callerWithin({ jurisdictions, filter: code, caller: jurisdiction }))
    ) {
      return false;
    }
  }
  if (
    filter.dataClass &&
    (context.dataClass === undefined || !filter.dataClass.includes(context.dataClass))
  ) {
    return false;
  }
  if (filter.tenant && (context.tenant === undefined || !filter.tenant.includes(context.tenant)))
    return false;
  return true;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/**
 * Builds the evaluator of one assertion: records are added one at a time
 * (as a drill produces them) and the verdict is asked for at the end.
 * Policy checks re-evaluate the policy in force at each attempt's instant;
 * they never trust the recorded verdicts.
 *
 * @param assertion the assertion, from the scenario.
 * @param facts the drill's facts (targets, policy timeline, start, restores).
 */
export function createAssertionEvaluator(assertion: Assertion, facts: AssertionFacts): AssertionEvaluator {
  switch (assertion.type) {
    case 'continuations':
    case 'complete-answers':
    case 'no-repeated-text':
      return answerEvaluator(assertion, facts);
    case 'success-rate': {
      let served = 0;
      let records = 0;
      const failures: Record<string, number> = {};
      return {
        add(record) {
          records++;
          if (record.outcome === 'served') served++;
          else {
            const code = record.error?.code ?? 'unknown';
            failures[code] = (failures[code] ?? 0) + 1;
          }
        },
        verdict({ sent }) {
          const total = Math.max(sent, records);
          const rate = total === 0 ? 1 : served / total;
          return verdict(
            assertion,
            rate >= assertion.min,
            `${percent(rate)} served (${served}/${total}), required >= ${percent(assertion.min)}`,
            { served, total, rate, failuresByCode: failures },
          );
        },
      };
    }
    case 'no-denied-attempts': {
      const examples: unknown[] = [];
      let violations = 0;
      let checked = 0;
      const verdictOf = targetVerdict();
      return {
        add(record) {
          const time = Date.parse(record.time);
          for (const attempt of record.attempts) {
            checked++;
            const instant = time + attempt.startMs;
            const found = verdictOf(facts.policy.at(instant), attempt.targetId, record.context, instant);
            if (found && !found.allowed) {
              violations++;
              pushExample(examples, {
                requestId: record.requestId,
                targetId: attempt.targetId,
                served: record.servedBy === attempt.targetId && attempt.outcome === 'success',
                at: new Date(instant).toISOString(),
                context: record.context,
                reason: found.reason,
              });
            }
          }
        },
        verdict: () =>
          verdict(
            assertion,
            violations === 0,
            `${violations} attempt(s) against a target the policy denied at that instant (of ${checked} attempts)`,
            { violations, attemptsChecked: checked, examples },
          ),
      };
    }
    case 'no-attempts-after-cutoff':
      return noAttemptsAfterCutoff(assertion, facts);
    case 'wasted-attempts-per-cutoff':
      return wastedAttemptsPerCutoff(assertion, facts);
    case 'budget-never-exceeded':
      return budgetNeverExceeded(assertion, facts);
    case 'rerouted-on-budget':
      return reroutedOnBudget(assertion, facts);
    case 'aborted-streams-charged':
      return abortedStreamsCharged(assertion, facts);
    case 'latency': {
      const values: number[] = [];
      return {
        add(record) {
          if (record.outcome !== 'served') return;
          const value = assertion.metric === 'ttft' ? record.totals.ttftMs : record.totals.latencyMs;
          if (value !== undefined) values.push(value);
        },
        verdict() {
          values.sort((a, b) => a - b);
          const measured = percentile(values, assertion.percentile);
          // Over no served request (every one failed, or no stream for ttft) it would hold vacuously: it fails, saying so.
          return verdict(
            assertion,
            values.length > 0 && measured <= assertion.maxMs,
            values.length === 0
              ? `no served request had a ${assertion.metric === 'ttft' ? 'time to first token (only streams have one)' : 'latency'}: nothing was checked`
              : `${assertion.metric} p${assertion.percentile} ${measured.toFixed(0)} ms over ${values.length} served request(s), allowed ${assertion.maxMs} ms`,
            {
              metric: assertion.metric,
              samples: values.length,
              p50: percentile(values, 50),
              p90: percentile(values, 90),
              p99: percentile(values, 99),
              measured,
            },
          );
        },
      };
    }
    case 'cost': {
      let cost = 0;
      let wasted = 0;
      return {
        add(record) {
          cost += record.totals.costUsd;
          wasted += record.totals.wastedCostUsd;
        },
        verdict: () => {
          // The sums without their additions' noise: $0.10 + $0.20 is within a ceiling of $0.30.
          const costUsd = roundUsd(cost);
          const wastedCostUsd = roundUsd(wasted);
          return verdict(
            assertion,
            costUsd <= assertion.maxUsd,
            `cost $${costUsd.toFixed(4)} (wasted $${wastedCostUsd.toFixed(4)}), ceiling $${assertion.maxUsd}`,
            { costUsd, wastedCostUsd },
          );
        },
      };
    }
    case 'fallback-depth': {
      let max = 0;
      const examples: unknown[] = [];
      return {
        add(record) {
          const depth = record.totals.fallbackDepth;
          if (depth > max) max = depth;
          if (depth > assertion.max) {
            pushExample(examples, {
              requestId: record.requestId,
              depth,
              targets: record.attempts.map((attempt) => attempt.targetId),
            });
          }
        },
        verdict: () =>
          verdict(
            assertion,
            max <= assertion.max,
            `maximum fallback depth ${max}, allowed ${assertion.max}`,
            {
              max,
              examples,
            },
          ),
      };
    }
    case 'all-accounted': {
      // One bit per drill request id instead of a string in a hash table: the set lives for the whole run.
      const ids = new RequestIdSet();
      let duplicates = 0;
      let untyped = 0;
      return {
        add(record) {
          if (!ids.add(record.requestId)) duplicates++;
          if (record.outcome === 'failed' && (record.error === undefined || record.error.code === ''))
            untyped++;
          if (record.outcome === 'served' && record.servedBy === null) untyped++;
        },
        verdict({ sent, outcomes }) {
          const missing = sent - ids.size;
          const { served, failed, lost } = outcomes;
          const passed =
            missing === 0 && duplicates === 0 && untyped === 0 && lost === 0 && served + failed === sent;
          return verdict(
            assertion,
            passed,
            `${sent} sent: ${served} served, ${failed} failed with a typed error, ${lost} lost; ${ids.size} record(s), ${duplicates} duplicate(s), ${untyped} without outcome evidence`,
            { sent, records: ids.size, missing, duplicates, untyped, ...outcomes },
          );
        },
      };
    }
    case 'served-only-by': {
      const allowed = new Set(assertion.targets);
      const examples: unknown[] = [];
      let concerned = 0;
      let violations = 0;
      return {
        add(record) {
          if (!matchesFilter(record, assertion.where, facts)) return;
          concerned++;
          const outside = record.attempts.filter((attempt) => !allowed.has(attempt.targetId));
          if (outside.length > 0) {
            violations++;
            pushExample(examples, {
              requestId: record.requestId,
              context: record.context,
              targets: outside.map((attempt) => attempt.targetId),
            });
          }
        },
        // Over no matching request it would hold vacuously: it fails, saying so.
        verdict: () =>
          verdict(
            assertion,
            concerned > 0 && violations === 0,
            concerned === 0
              ? `no request matched ${JSON.stringify(assertion.where)}: nothing was checked`
              : `${violations} of ${concerned} matching request(s) reached a target outside ${assertion.targets.join(', ')}`,
            { concerned, violations, examples },
          ),
      };
    }
    case 'served-by-share': {
      const allowed = new Set(assertion.targets);
      const from = assertion.from === undefined ? -Infinity : facts.startMs + assertion.from;
      let concerned = 0;
      let carried = 0;
      const servedBy: Record<string, number> = {};
      return {
        add(record) {
          if (Date.parse(record.time) < from || !matchesFilter(record, assertion.where, facts)) return;
          concerned++;
          const by = record.servedBy ?? '(failed)';
          servedBy[by] = (servedBy[by] ?? 0) + 1;
          if (record.servedBy !== null && allowed.has(record.servedBy)) carried++;
        },
        verdict() {
          const share = concerned === 0 ? 0 : carried / concerned;
          return verdict(
            assertion,
            concerned > 0 && share >= assertion.minShare,
            `${percent(share)} of ${concerned} matching request(s) served by ${assertion.targets.join(', ')}, required >= ${percent(assertion.minShare)}`,
            { concerned, carried, share, servedBy },
          );
        },
      };
    }
  }
}

/**
 * Evaluates one assertion over a drill's decision records. Pure: the same
 * input always gives the same verdict.
 *
 * @param assertion the assertion, from the scenario.
 * @param input the records and the drill's facts.
 * @returns the verdict with its evidence.
 */
export function evaluateAssertion(assertion: Assertion, input: AssertionInput): AssertionVerdict {
  const evaluator = createAssertionEvaluator(assertion, input);
  for (const record of input.records) evaluator.add(record);
  return evaluator.verdict(input);
}

/**
 * Evaluates every assertion of a scenario.
 *
 * @returns one verdict per assertion, in the scenario's order, named by {@link namedAssertions}.
 */
export function evaluateAssertions(
  assertions: readonly Assertion[],
  input: AssertionInput,
): AssertionVerdict[] {
  return namedAssertions(assertions).map((assertion) => evaluateAssertion(assertion, input));
}
