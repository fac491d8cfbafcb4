import {
  type AppliedBudget,
  type BudgetRefusal,
  type BudgetShortfall,
  describeShortfall,
  inputTokenBound,
  planReservation,
  type ReserveResult,
  selfHosted,
} from '@switchyard/core';
import type { PreparedTarget } from '../prepare/prepared-target.js';
import type { RequestState } from '../request/request-state.js';
import type { RouterState } from '../router-state.js';
import { continueInstruction } from '../stream/continuation-prompt.js';
import { AttemptBudget } from './attempt-budget.js';
import type { RouterBudgets } from './router-budgets.js';

/** What the budgets say of one attempt. */
export type BudgetAdmission =
  /** No budget counts this attempt. */
  | { readonly kind: 'free' }
  /** Reserved (or, store down, admitted uncounted): go ahead, then settle it. */
  | { readonly kind: 'reserved'; readonly budget: AttemptBudget }
  /**
   * A `reroute` budget cannot pay, or the store is down (`local-only`): skip this target
   * (`refusals`: the counters' state, for the record; `shortfalls`: what could not pay, empty when
   * the store was down).
   */
  | {
      readonly kind: 'skip';
      readonly detail: string;
      readonly budgetIds: readonly string[];
      readonly refusals: readonly BudgetRefusal[];
      readonly shortfalls: readonly BudgetShortfall[];
    }
  /**
   * A `deny` budget cannot pay: the request fails with `BudgetExceededError` (`shortfalls`: every
   * budget that could not pay; `denyBudgetIds`: those with `onExhausted: deny`, absent when `reroute`
   * budgets set every candidate aside).
   */
  | {
      readonly kind: 'deny';
      readonly shortfalls: readonly BudgetShortfall[];
      readonly denyBudgetIds?: readonly string[];
    }
  /**
   * The store is down and a budget's `onStoreDown` is `deny` (or, for the request as a whole,
   * `local-only` set aside every candidate): the request fails with `BudgetUnavailableError`.
   */
  | {
      readonly kind: 'unavailable';
      readonly budgetIds: readonly string[];
      readonly onStoreDown?: 'local-only';
    };

const free: BudgetAdmission = { kind: 'free' };

/** UTF-8 bytes the explicit continuation's instruction adds to a prompt. */
const instructionBytes = Buffer.byteLength(continueInstruction, 'utf8');

/**
 * The input bound of one attempt: the caller's prompt bound, plus, for an
 * attempt that continues a stream, the answer handed back in its prompt (at
 * most 3 UTF-8 bytes per character delivered) and the continuation's
 * instruction, at most the target's context window (no provider bills more).
 */
function attemptInputBound(request: RequestState, contextWindow: number): number {
  const prompt = request.inputTokens ?? 0;
  if (request.continuesFrom === undefined) return prompt;
  return Math.max(prompt, Math.min(prompt + request.continuesFrom * 3 + instructionBytes, contextWindow));
}

/** Slack past an attempt's own timeouts before its reservation lapses (ms). */
const lapseSlackMs = 30_000;

/**
 * Reserves an attempt's upper-bound cost on every budget that counts it
 * (`planReservation`: the prompt's bound, the call's `maxOutputTokens` or an
 * output cap clamped to what the tightest budget affords), all or nothing.
 * The reservation lapses after the attempt's own timeouts (first token and
 * whole attempt) plus 30 s, so a process killed mid-attempt leaks nothing
 * beyond that. Answers synchronously with the memory store (no promise on the
 * request path), with a promise with a shared one.
 *
 * @returns whether to go ahead (with the reservation to settle), skip the target, or fail the request.
 */
export function reserveAttemptBudget(
  state: RouterState,
  budgets: RouterBudgets,
  request: RequestState,
  entry: PreparedTarget,
  startedAt: number,
): BudgetAdmission | Promise<BudgetAdmission> {
  const target = entry.target;
  const applied = budgets.compiled.applicable(request.route.name, target, request.context);
  if (applied.length === 0) return free;
  request.inputTokens ??= inputTokenBound(request.callOptions);
  const attemptId = `${request.requestId}:${request.budgetAttempts++}`;
  const options = entry.health.options;
  const planned = planReservation({
    attemptId,
    applied,
    inputTokens: attemptInputBound(request, target.contextWindow),
    maxOutputTokens: request.callOptions.maxOutputTokens,
    target,
    price: entry.price,
    now: startedAt,
    expiresAt: startedAt + options.ttftTimeoutMs + options.attemptTimeoutMs + lapseSlackMs,
  });
  const admit = (result: ReserveResult): BudgetAdmission => {
    budgets.crossed(result.crossings);
    const events = state.events;
    if (result.ok) {
      const exceeded =
        result.warnings.length > 0 ? [...new Set(result.warnings.map((w) => w.budgetId))] : undefined;
      if (exceeded && events.has('budget-exceeded'))
        events.emit('budget-exceeded', {
          requestId: request.requestId,
          targetId: target.id,
          shortfalls: result.warnings,
        });
      return {
        kind: 'reserved',
        budget: new AttemptBudget(
          budgets,
          attemptId,
          planned.request.counters,
          result.amount,
          Math.min(request.inputTokens ?? 0, target.contextWindow),
          planned.capOutput ? result.outputTokens : undefined,
          entry.price,
          exceeded,
          result.lease ? 'lease' : undefined,
        ),
      };
    }
    if (result.storeDown) {
      if (events.has('budget-store-down'))
        events.emit('budget-store-down', {
          requestId: request.requestId,
          targetId: target.id,
          budgetIds: [...new Set(applied.map((entry) => entry.budget.id))],
        });
      return storeDown(applied, entry, request, budgets, attemptId, planned.request.counters);
    }
    const denyBudgetIds = [
      ...new Set(
        result.shortfalls
          .filter((shortfall) => budgets.compiled.byId(shortfall.budgetId)?.budget.onExhausted === 'deny')
          .map((shortfall) => shortfall.budgetId),
      ),
    ];
    const denied = denyBudgetIds.length > 0;
    if (events.has('budget-exhausted'))
      events.emit('budget-exhausted', {
        requestId: request.requestId,
        targetId: target.id,
        action: denied ? 'deny' : 'reroute',
        shortfalls: result.shortfalls,
      });
    if (denied) return { kind: 'deny', shortfalls: result.shortfalls, denyBudgetIds };
    return {
      kind: 'skip',
      budgetIds: [...new Set(result.shortfalls.map((shortfall) => shortfall.budgetId))],
      shortfalls: result.shortfalls,
      refusals: result.shortfalls.map((shortfall) => ({
        targetId: target.id,
        budgetId: shortfall.budgetId,
        key: shortfall.key,
        unit: shortfall.unit,
        limit: shortfall.limit,
        committed: shortfall.committed,
        needed: shortfall.needed,
      })),
      detail: `budget cannot pay: ${result.shortfalls
        .map((shortfall) => `${shortfall.key}: ${describeShortfall(shortfall)}`)
        .join('; ')}`,
    };
  };
  let reserved: ReturnType<typeof budgets.store.reserve>;
  try {
    reserved = budgets.store.reserve(planned.request);
  } catch {
    // A store that throws is a store that cannot be reached.
    reserved = { ok: false, shortfalls: [], crossings: [], storeDown: true };
  }
  if (!(reserved instanceof Promise)) return admit(reserved);
  return reserved.then(admit, () => admit({ ok: false, shortfalls: [], crossings: [], storeDown: true }));
}

/**
 * The store cannot be reached and the lease cannot cover the attempt: a
 * budget whose `onStoreDown` is `deny` fails the request; otherwise
 * (`local-only`) a self-hosted target goes ahead uncounted and any other is
 * skipped.
 */
function storeDown(
  applied: readonly AppliedBudget[],
  entry: PreparedTarget,
  request: RequestState,
  budgets: RouterBudgets,
  attemptId: string,
  counters: AttemptBudget['counters'],
): BudgetAdmission {
  const budgetIds = [...new Set(applied.map((entry) => entry.budget.id))];
  if (applied.some((entry) => entry.budget.budget.onStoreDown === 'deny'))
    return { kind: 'unavailable', budgetIds };
  if (entry.target.hostedIn === selfHosted) {
    return {
      kind: 'reserved',
      budget: new AttemptBudget(
        budgets,
        attemptId,
        counters,
        { microUsd: 0, tokens: 0, requests: 0 },
        Math.min(request.inputTokens ?? 0, entry.target.contextWindow),
        undefined,
        entry.price,
        undefined,
        'uncounted',
      ),
    };
  }
  return {
    kind: 'skip',
    budgetIds,
    shortfalls: [],
    refusals: budgetIds.map((budgetId) => ({
      targetId: entry.target.id,
      budgetId,
      storeDown: true as const,
    })),
    detail: `the budget store cannot be reached and this process's lease is spent for ${budgetIds.join(', ')} (onStoreDown: local-only: self-hosted targets only)`,
  };
}
