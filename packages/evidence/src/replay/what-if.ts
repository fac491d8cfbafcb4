import {
  type AttemptRecord,
  costMicroUsd,
  costOf,
  type DecisionRecord,
  type FailureKind,
  microUsdToUsd,
  type Price,
  type RequestContext,
  type TokenUsage,
} from '@switchyard/core';
import { decide, recordedNeeds } from './decide.js';
import type { DecisionBasis } from './decision-basis.js';
import { type Figure, type FigureBasis, weaker } from './figure.js';
import { refusalFails } from './refusal-fails.js';
import { type ReplayHealth, setByFleet } from './replay-candidates.js';
import { setAsideWhileRunning } from './set-aside-while-running.js';

/** What a record would have become under another config. */
export type WhatIfKind = 'as-was' | 'elsewhere' | 'denied' | 'failed';

/** One record's counterfactual under another config. */
export interface WhatIfOutcome {
  readonly requestId: string;
  readonly route: string;
  /** When the request started (ISO 8601, as recorded). */
  readonly time: string;
  readonly context: RequestContext;
  /** What happened: who served (null: it failed) and what it cost. */
  readonly was: { readonly servedBy: string | null; readonly costUsd: number };
  /**
   * `as-was` (the same target serves, or it fails again), `elsewhere`
   * (another target serves), `denied` (the policy allows no candidate), or
   * `failed` (allowed candidates, none could serve).
   */
  readonly kind: WhatIfKind;
  /** Who serves under the other config: observed when it served in the record, estimated when it was never called. */
  readonly servedBy: Figure<string>;
  /** The rules that made the difference (the one denying the original target, the one allowing the new one). */
  readonly rules: readonly string[];
  /** Why, readable. */
  readonly reason: string;
  /** Cost under the new plan: the recorded tokens at the serving target's price, plus the attempts that fail again. */
  readonly costUsd: Figure<number>;
  /** Latency of the serving attempt (and the attempts that fail again before it). */
  readonly latencyMs: Figure<number>;
  /** The answer's quality: observed when the same target serves; unknowable for another model. */
  readonly quality: Figure<'as recorded'>;
  /**
   * `local-only`: targets the new plan tries that the record's health says
   * the fleet had set aside (cut off, rate limited, circuit open), estimated
   * to fail: the attempts the shared view saved. Absent otherwise.
   */
  readonly wastedAttempts?: readonly string[];
}

/** Failures the health state explains (and `all-healthy` replays as if they had not happened). */
const healthFailures = new Set<FailureKind>(['cutoff', 'rate_limited', 'transient', 'timeout']);

/**
 * An attempt's cost at `price`, as the router would have recorded it: a
 * budgeted attempt (`budget` in the record) is charged in whole micro-dollars
 * rounded up, so the same price gives the recorded cost again (observed).
 */
function priced(attempt: AttemptRecord, price: Price | undefined): { cost: number; basis: FigureBasis } {
  if (attempt.usage === undefined) return { cost: attempt.costUsd, basis: 'observed' };
  const cost =
    attempt.budget === undefined
      ? costOf({ usage: attempt.usage, price })
      : microUsdToUsd(costMicroUsd({ usage: attempt.usage, price }));
  return { cost, basis: Math.abs(cost - attempt.costUsd) <= 1e-12 ? 'observed' : 'estimated' };
}

/** The tokens a target never called would be priced on: the answer that was served, else the plan's estimates. */
function tokensFor(record: DecisionRecord): TokenUsage {
  const served = record.attempts.find((attempt) => attempt.outcome === 'success' && attempt.usage);
  if (served?.usage) return served.usage;
  const needs = recordedNeeds(record);
  return {
    inputTokens: needs.promptTokens,
    outputTokens: needs.outputTokens,
    cachedInputTokens: 0,
    reasoningTokens: 0,
  };
}

/**
 * What a recorded request would have become under another config: the
 * record's inputs replayed with `decide()` under `basis` (at the record's
 * instant, or `at`), then the new plan walked with what the record observed:
 * a target the record tried fails or serves again as it did (observed); a
 * target it never called is assumed to answer (estimated), priced on the
 * recorded tokens at its price, its latency and quality unknowable. With
 * `health: 'all-healthy'`, recorded cut-offs and demotions are ignored and
 * failures health explains (cut-off, rate limit, transient, timeout) are not
 * replayed: the policy and capabilities alone decide. With `local-only`, the
 * health facts another process of the fleet set are left out of the plan; a
 * target they had set aside that the new plan tries (and the record never
 * did) is estimated to fail, cost nothing, and make the latency unknowable:
 * `wastedAttempts` names it. A target a budget set aside when the request
 * ran is set aside again unless the other config's budgets would pay for the
 * recorded counter state (a budget removed, raised, or no longer `reroute`);
 * budgets the record has no counter state for are not applied (unknowable).
 *
 * @param options.record the record.
 * @param options.basis the other config's basis (`configBasis`).
 * @param options.at the instant to decide at (default: the record's).
 * @param options.health `as-recorded` (default) or `all-healthy`.
 * @returns the counterfactual, every figure labelled observed, estimated or unknowable.
 * @example
 * ```ts
 * const outcome = whatIf({ record, basis: configBasis({ config: before }) });
 * outcome.kind; // 'elsewhere'
 * ```
 */
export function whatIf(options: {
  record: DecisionRecord;
  basis: DecisionBasis;
  at?: number;
  health?: ReplayHealth;
}): WhatIfOutcome {
  const { record, basis } = options;
  const health = options.health ?? 'as-recorded';
  const base = {
    requestId: record.requestId,
    route: record.route,
    time: record.time,
    context: record.context,
    was: { servedBy: record.servedBy, costUsd: record.totals.costUsd },
  };
  const estimatedInputs: FigureBasis = record.decision === undefined ? 'estimated' : 'observed';
  const plan = decide({ record, basis, ...(options.at === undefined ? {} : { at: options.at }), health });
  if (plan === undefined) {
    return {
      ...base,
      kind: record.servedBy === null ? 'as-was' : 'failed',
      servedBy: { value: null, basis: estimatedInputs },
      rules: [],
      reason: `route "${record.route}" is not in the other config: the request would fail`,
      costUsd: { value: 0, basis: estimatedInputs },
      latencyMs: { value: null, basis: 'unknowable' },
      quality: { value: null, basis: 'unknowable' },
    };
  }
  const prices = basis.prices.prices;
  let cost = 0;
  let costBasis: FigureBasis = estimatedInputs;
  let latency = 0;
  let latencyBasis: FigureBasis = estimatedInputs;
  let servedBy: string | null = null;
  let servedBasis: FigureBasis = estimatedInputs;
  let stopped: string | undefined;
  const replayedTargets: string[] = [];
  const setAside =
    health === 'local-only'
      ? new Set((record.decision?.health ?? []).filter(setByFleet).map((state) => state.targetId))
      : undefined;
  let wastedAttempts: string[] | undefined;
  let budgetPaid: string[] | undefined;
  // With every target healthy, only a budget's refusal still sets a target aside (budgets are not health).
  const setAsideAtRun = setAsideWhileRunning({ record, budgetOnly: health === 'all-healthy' });
  for (const id of plan.order) {
    const tried = record.attempts.filter((attempt) => attempt.targetId === id);
    if (tried.length === 0 && setAside?.has(id)) {
      // This process alone would have tried it; the fleet had seen it fail: estimated to fail again.
      wastedAttempts ??= [];
      wastedAttempts.push(id);
      costBasis = weaker(costBasis, 'estimated');
      latencyBasis = 'unknowable';
      continue;
    }
    if (tried.length === 0 && setAsideAtRun?.has(id)) {
      // A budget's refusal: set aside again only if the other config's budgets refuse the recorded counter state too.
      const refusals = (record.decision?.budget ?? []).filter((refusal) => refusal.targetId === id);
      const paid =
        refusals.length > 0 &&
        refusals.every((refusal) => refusalFails({ refusal, budgets: basis.budgets }) !== undefined);
      if (!paid) continue; // set aside again, as recorded (observed)
      budgetPaid ??= [];
      budgetPaid.push(id);
    }

    const success = tried.find((attempt) => attempt.outcome === 'success');
    const replay =
      tried.length > 0 &&
      (success !== undefined ||
        health === 'as-recorded' ||
        tried.some(
          (attempt) => attempt.failureKind !== undefined && !healthFailures.has(attempt.failureKind),
        ));
    if (replay) {
      replayedTargets.push(id);
      for (const attempt of tried) {
        const { cost: attemptCost, basis: attemptBasis } = priced(attempt, prices[id] ?? undefined);
        cost += attemptCost;
        costBasis = weaker(costBasis, attemptBasis);
        latency += attempt.latencyMs;
      }
      if (success) {
        servedBy = id;
        break;
      }
      const stop = tried.find(
        (attempt) => attempt.failureKind === 'invalid_request' || attempt.outcome === 'aborted',
      );
      if (stop) {
        stopped = `${id} ${stop.outcome === 'aborted' ? 'was aborted' : 'rejected the request as invalid'}: the request stops there`;
        break;
      }
      continue;
    }
    // Never called (or its health failures not replayed): assumed to answer, on the recorded tokens.
    servedBy = id;
    servedBasis = 'estimated';
    cost += costOf({ usage: tokensFor(record), price: prices[id] ?? undefined });
    costBasis = weaker(costBasis, 'estimated');
    latencyBasis = 'unknowable';
    break;
  }
  const sameAttempts =
    servedBy !== null &&
    servedBy === record.servedBy &&
    replayedTargets.length === new Set(record.attempts.map((attempt) => attempt.targetId)).size;
  if (servedBy !== null && servedBasis !== 'estimated' && !sameAttempts)
    latencyBasis = weaker(latencyBasis, 'estimated');
  const wastedNote =
    (wastedAttempts === undefined
      ? ''
      : `; without the fleet's health this process would have tried ${wastedAttempts.join(', ')} too (set aside by another process: estimated to fail)`) +
    (budgetPaid === undefined
      ? ''
      : `; the other config's budgets would have paid for ${budgetPaid.join(', ')} (set aside by a budget when it ran)`);
  const verdictOf = (id: string) =>
    plan.verdicts[plan.candidates.findIndex((entry) => entry.target.id === id)];
  const figures = {
    servedBy: { value: servedBy, basis: servedBy === null ? estimatedInputs : servedBasis },
    costUsd: { value: cost, basis: costBasis },
    latencyMs:
      servedBy === null || latencyBasis === 'unknowable'
        ? { value: null, basis: servedBy === null ? estimatedInputs : ('unknowable' as const) }
        : { value: latency, basis: latencyBasis },
    quality:
      servedBy !== null && servedBy === record.servedBy
        ? { value: 'as recorded' as const, basis: 'observed' as const }
        : { value: null, basis: 'unknowable' as const },
    ...(wastedAttempts === undefined ? {} : { wastedAttempts }),
  };
  if (servedBy === null) {
    const denied = plan.verdicts.every((verdict) => !verdict.allowed);
    const rules = denied ? [...new Set(plan.verdicts.flatMap((verdict) => verdict.ruleIds))] : [];
    const reason = denied
      ? `the policy allows no candidate: ${plan.verdicts.map((verdict) => `${verdict.targetId}: ${verdict.reason}`).join('; ')}`
      : (stopped ??
        (plan.order.length === 0
          ? `no allowed candidate could serve: ${plan.skipped.map((entry) => `${entry.targetId}: ${entry.detail}`).join('; ')}`
          : `every allowed candidate failed again: ${plan.order.join(', ')}`));
    return {
      ...base,
      kind: record.servedBy === null && !denied ? 'as-was' : denied ? 'denied' : 'failed',
      rules,
      reason: reason + wastedNote,
      ...figures,
    };
  }
  if (servedBy === record.servedBy)
    return {
      ...base,
      kind: 'as-was',
      rules: [],
      reason: `${servedBy} serves, as it did${wastedNote}`,
      ...figures,
    };
  const rules: string[] = [];
  const parts: string[] = [];
  if (record.servedBy !== null) {
    const before = verdictOf(record.servedBy);
    if (before === undefined)
      parts.push(`${record.servedBy} is not a candidate of route ${record.route} in the other config`);
    else if (!before.allowed) {
      rules.push(...before.ruleIds);
      parts.push(`${record.servedBy}: ${before.reason}`);
    } else {
      const skipped = plan.skipped.find((entry) => entry.targetId === record.servedBy);
      parts.push(
        skipped
          ? `${record.servedBy} is set aside: ${skipped.detail}`
          : `${record.servedBy} is allowed but ordered after ${servedBy}`,
      );
    }
  }
  const after = verdictOf(servedBy);
  if (after && (after.effect === 'allow' || after.effect === 'require')) rules.push(...after.ruleIds);
  const recorded = record.verdicts.find((verdict) => verdict.targetId === servedBy);
  if (recorded && !recorded.allowed) {
    // The rules that kept it out when the request ran, which the other config does not apply.
    rules.push(...recorded.ruleIds);
    parts.push(
      `${servedBy} was denied then (${recorded.ruleIds.join(', ') || recorded.effect}), not under the other config`,
    );
  }
  parts.push(`${servedBy} serves${after ? ` (${after.reason})` : ''}`);
  return {
    ...base,
    kind: 'elsewhere',
    rules: [...new Set(rules)],
    reason: parts.join('; ') + wastedNote,
    ...figures,
  };
}
