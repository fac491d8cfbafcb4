import type { AttemptRecord, DecisionRecord, Target } from '@switchyard/core';
import type { Assertion, RequestFilter } from '../scenario/scenario-schema.js';
import { type AssertionInput, type AssertionVerdict, pushExample } from './assertion-verdict.js';

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
export function matchesFilter(record: DecisionRecord, filter: RequestFilter, input: AssertionInput): boolean {
  const { context } = record;
  if (filter.jurisdiction) {
    const jurisdiction = context.jurisdiction;
    if (jurisdiction === undefined) return false;
    const jurisdictions = input.policy.at(input.startMs).jurisdictions;
    if (
      !filter.jurisdiction.some((code) => code === jurisdiction || jurisdictions.contains(code, jurisdiction))
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

function attemptInstant(record: DecisionRecord, attempt: AttemptRecord): number {
  return Date.parse(record.time) + attempt.startMs;
}

/** The scope key of a cut-off signal: region blocks are per caller jurisdiction, the rest per target. */
function cutoffScope(record: DecisionRecord, attempt: AttemptRecord): string {
  return attempt.cutoffReason === 'region_blocked' || attempt.cutoffReason === 'legal_block'
    ? `${attempt.targetId} for ${record.context.jurisdiction ?? 'unknown'} callers`
    : attempt.targetId;
}

function lastRestoreBefore(input: AssertionInput, target: Target | undefined, instant: number): number {
  let last = -Infinity;
  for (const restore of input.restores) {
    if (restore.at > instant) continue;
    const hits =
      (restore.target === undefined && restore.provider === undefined) ||
      restore.target === target?.id ||
      (restore.provider !== undefined && restore.provider === target?.provider);
    if (hits && restore.at > last) last = restore.at;
  }
  return last;
}

/** Attempts in time order with their record, for cut-off analysis. */
function attemptsByTime(records: readonly DecisionRecord[]) {
  const all: { record: DecisionRecord; attempt: AttemptRecord; start: number; end: number }[] = [];
  for (const record of records) {
    for (const attempt of record.attempts) {
      const start = attemptInstant(record, attempt);
      all.push({ record, attempt, start, end: start + attempt.latencyMs });
    }
  }
  return all.sort((a, b) => a.start - b.start);
}

/**
 * Evaluates one assertion over a drill's decision records. Pure: the same
 * input always gives the same verdict. Policy checks re-evaluate the policy
 * in force at each attempt's instant; they never trust the recorded verdicts.
 *
 * @param assertion the assertion, from the scenario.
 * @param input the records and the drill's facts.
 * @returns the verdict with its evidence.
 */
export function evaluateAssertion(assertion: Assertion, input: AssertionInput): AssertionVerdict {
  const { records } = input;
  const targetsById = new Map(input.targets.map((target) => [target.id, target]));
  switch (assertion.type) {
    case 'success-rate': {
      const served = records.filter((record) => record.outcome === 'served').length;
      const total = Math.max(input.sent, records.length);
      const rate = total === 0 ? 1 : served / total;
      const failures: Record<string, number> = {};
      for (const record of records) {
        if (record.outcome === 'failed') {
          const code = record.error?.code ?? 'unknown';
          failures[code] = (failures[code] ?? 0) + 1;
        }
      }
      return verdict(
        assertion,
        rate >= assertion.min,
        `${percent(rate)} served (${served}/${total}), required >= ${percent(assertion.min)}`,
        { served, total, rate, failuresByCode: failures },
      );
    }
    case 'no-denied-attempts': {
      const examples: unknown[] = [];
      let violations = 0;
      let checked = 0;
      for (const record of records) {
        for (const attempt of record.attempts) {
          checked++;
          const instant = attemptInstant(record, attempt);
          const [found] = input.policy
            .at(instant)
            .evaluate(record.context, { at: instant, targets: [attempt.targetId] });
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
      }
      return verdict(
        assertion,
        violations === 0,
        `${violations} attempt(s) against a target the policy denied at that instant (of ${checked} attempts)`,
        { violations, attemptsChecked: checked, examples },
      );
    }
    case 'no-attempts-after-cutoff': {
      const detected = new Map<string, number>();
      const examples: unknown[] = [];
      let violations = 0;
      for (const entry of attemptsByTime(records)) {
        const scope = cutoffScope(entry.record, entry.attempt);
        const target = targetsById.get(entry.attempt.targetId);
        const jurisdictionScope = `${entry.attempt.targetId} for ${entry.record.context.jurisdiction ?? 'unknown'} callers`;
        for (const key of [entry.attempt.targetId, jurisdictionScope]) {
          const at = detected.get(key);
          if (at !== undefined && entry.start > at && lastRestoreBefore(input, target, entry.start) < at) {
            violations++;
            pushExample(examples, {
              requestId: entry.record.requestId,
              targetId: entry.attempt.targetId,
              cutOff: key,
              detectedAt: new Date(at).toISOString(),
              attemptAt: new Date(entry.start).toISOString(),
            });
            break;
          }
        }
        if (entry.attempt.failureKind === 'cutoff') {
          const previous = detected.get(scope);
          if (previous === undefined || previous < lastRestoreBefore(input, target, entry.end)) {
            detected.set(scope, entry.end);
          } else if (entry.end < previous) detected.set(scope, entry.end);
        }
      }
      return verdict(
        assertion,
        violations === 0,
        `${violations} attempt(s) started after their target's cut-off was detected (${detected.size} cut-off(s) detected)`,
        {
          violations,
          cutoffs: Object.fromEntries([...detected].map(([key, at]) => [key, new Date(at).toISOString()])),
          examples,
        },
      );
    }
    case 'wasted-attempts-per-cutoff': {
      const counts = new Map<string, number>();
      for (const entry of attemptsByTime(records)) {
        if (entry.attempt.failureKind !== 'cutoff') continue;
        const target = targetsById.get(entry.attempt.targetId);
        const restoredAt = lastRestoreBefore(input, target, entry.start);
        const key = `${cutoffScope(entry.record, entry.attempt)}${restoredAt === -Infinity ? '' : ` (after restore at ${new Date(restoredAt).toISOString()})`}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const worst = Math.max(0, ...counts.values());
      const over = [...counts].filter(([, count]) => count > assertion.max);
      return verdict(
        assertion,
        over.length === 0,
        `at most ${worst} attempt(s) hit one cut-off, allowed ${assertion.max}`,
        { perCutoff: Object.fromEntries(counts), over: Object.fromEntries(over) },
      );
    }
    case 'latency': {
      const values: number[] = [];
      for (const record of records) {
        if (record.outcome !== 'served') continue;
        const value = assertion.metric === 'ttft' ? record.totals.ttftMs : record.totals.latencyMs;
        if (value !== undefined) values.push(value);
      }
      values.sort((a, b) => a - b);
      const measured = percentile(values, assertion.percentile);
      return verdict(
        assertion,
        measured <= assertion.maxMs,
        `${assertion.metric} p${assertion.percentile} ${measured.toFixed(0)} ms over ${values.length} served request(s), allowed ${assertion.maxMs} ms`,
        {
          metric: assertion.metric,
          samples: values.length,
          p50: percentile(values, 50),
          p90: percentile(values, 90),
          p99: percentile(values, 99),
          measured,
        },
      );
    }
    case 'cost': {
      let cost = 0;
      let wasted = 0;
      for (const record of records) {
        cost += record.totals.costUsd;
        wasted += record.totals.wastedCostUsd;
      }
      return verdict(
        assertion,
        cost <= assertion.maxUsd,
        `cost $${cost.toFixed(4)} (wasted $${wasted.toFixed(4)}), ceiling $${assertion.maxUsd}`,
        { costUsd: cost, wastedCostUsd: wasted },
      );
    }
    case 'fallback-depth': {
      let max = 0;
      const examples: unknown[] = [];
      for (const record of records) {
        const depth = record.totals.fallbackDepth;
        if (depth > max) max = depth;
        if (depth > assertion.max) {
          pushExample(examples, {
            requestId: record.requestId,
            depth,
            targets: record.attempts.map((a) => a.targetId),
          });
        }
      }
      return verdict(
        assertion,
        max <= assertion.max,
        `maximum fallback depth ${max}, allowed ${assertion.max}`,
        {
          max,
          examples,
        },
      );
    }
    case 'all-accounted': {
      const ids = new Set<string>();
      let duplicates = 0;
      let untyped = 0;
      for (const record of records) {
        if (ids.has(record.requestId)) duplicates++;
        ids.add(record.requestId);
        if (record.outcome === 'failed' && (record.error === undefined || record.error.code === ''))
          untyped++;
        if (record.outcome === 'served' && record.servedBy === null) untyped++;
      }
      const missing = input.sent - ids.size;
      const { served, failed, lost } = input.outcomes;
      const passed =
        missing === 0 && duplicates === 0 && untyped === 0 && lost === 0 && served + failed === input.sent;
      return verdict(
        assertion,
        passed,
        `${input.sent} sent: ${served} served, ${failed} failed with a typed error, ${lost} lost; ${ids.size} record(s), ${duplicates} duplicate(s), ${untyped} without outcome evidence`,
        { sent: input.sent, records: ids.size, missing, duplicates, untyped, ...input.outcomes },
      );
    }
    case 'served-only-by': {
      const allowed = new Set(assertion.targets);
      const examples: unknown[] = [];
      let concerned = 0;
      let violations = 0;
      for (const record of records) {
        if (!matchesFilter(record, assertion.where, input)) continue;
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
      }
      return verdict(
        assertion,
        violations === 0,
        `${violations} of ${concerned} matching request(s) reached a target outside ${assertion.targets.join(', ')}`,
        { concerned, violations, examples },
      );
    }
    case 'served-by-share': {
      const allowed = new Set(assertion.targets);
      const from = assertion.from === undefined ? -Infinity : input.startMs + assertion.from;
      let concerned = 0;
      let carried = 0;
      const servedBy: Record<string, number> = {};
      for (const record of records) {
        if (Date.parse(record.time) < from || !matchesFilter(record, assertion.where, input)) continue;
        concerned++;
        const by = record.servedBy ?? '(failed)';
        servedBy[by] = (servedBy[by] ?? 0) + 1;
        if (record.servedBy !== null && allowed.has(record.servedBy)) carried++;
      }
      const share = concerned === 0 ? 0 : carried / concerned;
      return verdict(
        assertion,
        concerned > 0 && share >= assertion.minShare,
        `${percent(share)} of ${concerned} matching request(s) served by ${assertion.targets.join(', ')}, required >= ${percent(assertion.minShare)}`,
        { concerned, carried, share, servedBy },
      );
    }
  }
}

/**
 * Evaluates every assertion of a scenario.
 *
 * @returns one verdict per assertion, in the scenario's order.
 */
export function evaluateAssertions(
  assertions: readonly Assertion[],
  input: AssertionInput,
): AssertionVerdict[] {
  return assertions.map((assertion) => evaluateAssertion(assertion, input));
}
