import type { CompiledPolicy, DecisionRecord } from '@switchyard/core';
import { decide, routeVerdicts } from './decide.js';
import type { DecisionBasis } from './decision-basis.js';
import { refusalFails } from './refusal-fails.js';
import { isGap, type ReplayBasis } from './replay-basis.js';

const noSkipped: readonly { targetId: string; reason: string; detail: string }[] = [];

/** One difference between a record and its replay. */
export interface ReplayDifference {
  /** Where, e.g. `verdicts[2].effect`, `decision.order`, `skipped[0]`, `attempts[1]`. */
  readonly path: string;
  /** What the record says (JSON). */
  readonly recorded: string;
  /** What the replay gives (JSON), or why it cannot. */
  readonly replayed: string;
}

/** The self-check of one record: reproduced, or its differences. */
export interface SelfCheckResult {
  readonly requestId: string;
  readonly reproduced: boolean;
  readonly differences: readonly ReplayDifference[];
}

const json = (value: unknown) => JSON.stringify(value) ?? 'undefined';

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

function sameSkipped(
  a: readonly { targetId: string; reason: string; detail: string }[],
  b: readonly { targetId: string; reason: string; detail: string }[],
): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) {
    const left = a[index] as { targetId: string; reason: string; detail: string };
    const right = b[index] as { targetId: string; reason: string; detail: string };
    if (left.targetId !== right.targetId || left.reason !== right.reason || left.detail !== right.detail)
      return false;
  }
  return true;
}

/**
 * Replays one record under its own policy, catalog, prices and state (the
 * basis documents beside it, by the versions it names), at its own instant,
 * and compares: every verdict (target, allowed, effect, rule ids, reason
 * when recorded), the order, the candidates the plan set aside (reason and
 * detail), the demoted candidates never reached, the candidates a budget
 * set aside (the recorded counter state must still refuse under the
 * recorded budgets), and the attempts: each on a
 * target of the plan, in its order, allowed by the policy in force at the
 * attempt's instant; the served target served by its last attempt. A
 * version 1 record cannot be replayed (it does not carry its inputs): that
 * is a difference too.
 *
 * @param options.record the record.
 * @param options.basis the basis documents beside the records.
 * @returns whether it was reproduced, with every difference.
 * @example
 * ```ts
 * const result = selfCheck({ record, basis: await ReplayBasis.read('records.basis.jsonl') });
 * if (!result.reproduced) console.log(result.differences);
 * ```
 */
export function selfCheck(options: { record: DecisionRecord; basis: ReplayBasis }): SelfCheckResult {
  const { record } = options;
  const differences: ReplayDifference[] = [];
  const result = () => ({ requestId: record.requestId, reproduced: differences.length === 0, differences });
  const decision = record.decision;
  if (decision === undefined) {
    differences.push({
      path: 'schemaVersion',
      recorded: json(record.schemaVersion),
      replayed: 'not replayable: a version 1 record does not carry the inputs of its decision',
    });
    return result();
  }
  const found = options.basis.forRecord({
    policyVersion: record.policyVersion,
    catalogVersion: decision.catalogVersion,
    priceVersion: decision.priceVersion,
    budgetsVersion: decision.budgetsVersion,
  });
  if (isGap(found)) {
    differences.push({
      path: 'policyVersion',
      recorded: json(record.policyVersion),
      replayed: found.message,
    });
    return result();
  }
  const basis = found as DecisionBasis;
  const plan = decide({ record, basis });
  if (plan === undefined) {
    differences.push({
      path: 'route',
      recorded: json(record.route),
      replayed: 'no such route in the recorded catalog',
    });
    return result();
  }
  // Verdicts.
  if (plan.verdicts.length !== record.verdicts.length)
    differences.push({
      path: 'verdicts',
      recorded: json(record.verdicts.map((verdict) => verdict.targetId)),
      replayed: json(plan.verdicts.map((verdict) => verdict.targetId)),
    });
  record.verdicts.forEach((recorded, index) => {
    const replayed = plan.verdicts[index];
    if (!replayed) return;
    for (const key of ['targetId', 'allowed', 'effect'] as const)
      if (recorded[key] !== replayed[key])
        differences.push({
          path: `verdicts[${index}].${key}`,
          recorded: json(recorded[key]),
          replayed: json(replayed[key]),
        });
    if (!sameStrings(recorded.ruleIds, replayed.ruleIds))
      differences.push({
        path: `verdicts[${index}].ruleIds`,
        recorded: json(recorded.ruleIds),
        replayed: json(replayed.ruleIds),
      });
    if (recorded.reason !== undefined && recorded.reason !== replayed.reason)
      differences.push({
        path: `verdicts[${index}].reason`,
        recorded: json(recorded.reason),
        replayed: json(replayed.reason),
      });
  });
  // The plan.
  if (!sameStrings(decision.order, plan.order))
    differences.push({ path: 'decision.order', recorded: json(decision.order), replayed: json(plan.order) });
  const planSkipped =
    decision.planSkipped === undefined ? noSkipped : record.skipped.slice(0, decision.planSkipped);
  if (!sameSkipped(planSkipped, plan.skipped))
    differences.push({
      path: 'skipped (by the plan)',
      recorded: json(planSkipped),
      replayed: json(plan.skipped),
    });
  for (const demotion of plan.demoted) {
    if (record.attempts.some((attempt) => attempt.targetId === demotion.targetId)) continue;
    // Never reached: the record says why (this demotion, or what happened to it while the request ran).
    const entry = record.skipped.find((skipped) => skipped.targetId === demotion.targetId);
    const demotionEntry = entry?.detail.endsWith(': ordered after the healthy candidates') === true;
    if (!entry || (demotionEntry && (entry.reason !== demotion.reason || entry.detail !== demotion.detail)))
      differences.push({
        path: `skipped ${demotion.targetId}`,
        recorded: json(entry ?? null),
        replayed: json({ targetId: demotion.targetId, reason: demotion.reason, detail: demotion.detail }),
      });
  }
  // Candidates set aside by a budget while the request ran: the recorded counter state still refuses under the budgets.
  for (const entry of record.skipped.slice(decision.planSkipped ?? 0)) {
    if (entry.reason !== 'budget') continue;
    const refusals = (decision.budget ?? []).filter((refusal) => refusal.targetId === entry.targetId);
    const ids = entry.budgetIds ?? [];
    const missing = ids.filter((id) => !refusals.some((refusal) => refusal.budgetId === id));
    if (missing.length > 0 || (refusals.length === 0 && ids.length > 0))
      differences.push({
        path: `skipped ${entry.targetId} (budget)`,
        recorded: json(entry),
        replayed: `no budget state recorded for ${missing.join(', ') || 'it'}`,
      });
    for (const refusal of refusals) {
      const why = refusalFails({ refusal, budgets: basis.budgets });
      if (why !== undefined)
        differences.push({
          path: `decision.budget ${entry.targetId} ${refusal.budgetId}`,
          recorded: json(refusal),
          replayed: why,
        });
    }
  }
  // Attempts: on the plan's targets, in its order, allowed by the policy when each started.
  const at = plan.at;
  let ids: string[] | undefined;
  let lastIndex = -1;
  record.attempts.forEach((attempt, index) => {
    const position = plan.order.indexOf(attempt.targetId);
    if (position === -1) {
      differences.push({
        path: `attempts[${index}].targetId`,
        recorded: json(attempt.targetId),
        replayed: `not in the plan's order ${json(plan.order)}`,
      });
      return;
    }
    if (position < lastIndex)
      differences.push({
        path: `attempts[${index}].targetId`,
        recorded: json(attempt.targetId),
        replayed: `out of the plan's order ${json(plan.order)}`,
      });
    lastIndex = Math.max(lastIndex, position);
    if (attempt.startMs > 0) {
      const candidate = plan.candidates.findIndex((entry) => entry.target.id === attempt.targetId);
      const versions = [record.policyVersion, ...(decision.admittedUnder ? [decision.admittedUnder] : [])];
      ids ??= plan.candidates.map((entry) => entry.target.id);
      const candidateIds = ids;
      const allowed = versions.some((version) => {
        const policy = options.basis.policy(version);
        if (isGap(policy)) return false;
        const verdicts = routeVerdicts({
          policy: policy as CompiledPolicy,
          route: record.route,
          ids: candidateIds,
          context: record.context,
          at: at + attempt.startMs,
        });
        return verdicts[candidate]?.allowed === true;
      });
      if (!allowed)
        differences.push({
          path: `attempts[${index}]`,
          recorded: json({ targetId: attempt.targetId, startMs: attempt.startMs }),
          replayed: 'denied by the policy in force when the attempt started',
        });
    }
  });
  if (record.servedBy !== null) {
    const last = record.attempts.at(-1);
    if (last?.targetId !== record.servedBy || last.outcome !== 'success')
      differences.push({
        path: 'servedBy',
        recorded: json(record.servedBy),
        replayed: `the last attempt was ${json(last ? { targetId: last.targetId, outcome: last.outcome } : null)}`,
      });
  }
  return result();
}
