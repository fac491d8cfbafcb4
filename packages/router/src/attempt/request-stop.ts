import {
  BudgetExceededError,
  BudgetUnavailableError,
  type ClassifiedFailure,
  type ErrorCode,
  errorCodes,
} from '@switchyard/core';
import type { BudgetAdmission } from '../budget/reserve-attempt-budget.js';
import { NoEligibleTargetError } from '../errors/no-eligible-target-error.js';
import { promptFreeCause } from '../errors/prompt-free-cause.js';
import { RequestFailedError } from '../errors/request-failed-error.js';
import type { PreparedTarget } from '../prepare/prepared-target.js';
import { finishRequest } from '../record/finish-request.js';
import type { RequestState } from '../request/request-state.js';
import type { RouterState } from '../router-state.js';

/** Why the loop stopped before trying everyone. */
export interface Stop {
  readonly code: ErrorCode;
  readonly message: string;
  readonly cause: unknown;
  /** A budget refused (`deny`) or its store is down (`onStoreDown: deny`): thrown as the budget's error. */
  readonly budget?: Extract<BudgetAdmission, { kind: 'deny' | 'unavailable' }>;
}

/**
 * Stops the request for a budget: a `deny` budget cannot pay (the message names the `deny` budgets,
 * then any `reroute` budget that could not pay either), or its store is down with `onStoreDown: deny`.
 */
export function stopForBudget(admission: Extract<BudgetAdmission, { kind: 'deny' | 'unavailable' }>): Stop {
  if (admission.kind === 'unavailable') {
    return {
      code: errorCodes.BUDGET_UNAVAILABLE,
      message: `the budget store cannot be reached for ${admission.budgetIds.join(', ')} (onStoreDown: deny)`,
      cause: undefined,
      budget: admission,
    };
  }
  const short = [...new Set(admission.shortfalls.map((shortfall) => shortfall.budgetId))];
  const deny = admission.denyBudgetIds ?? short;
  const others = short.filter((budgetId) => !deny.includes(budgetId));
  return {
    code: errorCodes.BUDGET_EXCEEDED,
    message: `budget ${deny.join(', ')} cannot pay (onExhausted: deny)${others.length === 0 ? '' : `; ${others.join(', ')} cannot pay either (onExhausted: reroute)`}`,
    cause: undefined,
    budget: admission,
  };
}

/**
 * Stops a request no attempt was made for because budgets set aside every
 * candidate the loop reached: it fails as a budget refused it, not as if
 * targets had failed. `reroute` budgets that cannot pay give the budget's
 * `BudgetExceededError` (with each shortfall); a store that is down
 * (`onStoreDown: local-only`, no self-hosted candidate able to serve) gives a
 * `BudgetUnavailableError` naming the budgets it could not check, also when
 * shortfalls set aside the rest. Undefined when an attempt was made or a
 * candidate was passed over for another reason.
 */
export function setAsideByBudgets(request: RequestState): Stop | undefined {
  const skips = request.budgetSkips;
  if (request.attempts.length > 0 || skips === undefined) return undefined;
  const skipped = request.skipped ?? [];
  for (let index = request.planSkipped; index < skipped.length; index++)
    if (skipped[index]?.reason !== 'budget') return undefined;
  const route = request.route.name;
  if (skips.storeDown) {
    const budgetIds = [
      ...new Set(skips.refusals.flatMap((refusal) => (refusal.storeDown === true ? [refusal.budgetId] : []))),
    ];
    return {
      code: errorCodes.BUDGET_UNAVAILABLE,
      message: `the budget store cannot be reached for ${budgetIds.join(', ')} and no self-hosted candidate of route "${route}" could serve (onStoreDown: local-only)`,
      cause: undefined,
      budget: { kind: 'unavailable', budgetIds, onStoreDown: 'local-only' },
    };
  }
  const shortfalls = skips.shortfalls;
  if (shortfalls.length === 0) return undefined;
  const budgetIds = [...new Set(shortfalls.map((shortfall) => shortfall.budgetId))];
  return {
    code: errorCodes.BUDGET_EXCEEDED,
    message: `budget ${budgetIds.join(', ')} cannot pay for any candidate of route "${route}" (onExhausted: reroute set every one aside)`,
    cause: undefined,
    budget: { kind: 'deny', shortfalls },
  };
}

/** The caller aborted, or the deadline passed. */
export function stopForSignal(request: RequestState, cause: unknown): Stop {
  if (request.signal.reason === 'deadline') {
    return {
      code: errorCodes.DEADLINE_EXCEEDED,
      message: `the deadline of ${request.deadlineMs} ms passed before any target served`,
      cause,
    };
  }
  // The cause of an abort is the caller's reason (as a provider's call rejects with it), else what failed.
  const signal = request.callOptions.abortSignal;
  return {
    code: errorCodes.ABORTED,
    message: 'the caller aborted the request',
    cause: signal?.aborted === true ? signal.reason : cause,
  };
}

/** What a failure means for the request: retry this target, move on, or stop. */
export function stopFor(
  state: RouterState,
  entry: PreparedTarget,
  failure: ClassifiedFailure,
  cause: unknown,
  continuing = false,
): Stop | undefined {
  // A continuation's request is the router's own form of one the first target accepted: move on.
  if (failure.kind === 'invalid_request' && !continuing) {
    return {
      code: errorCodes.INVALID_REQUEST,
      message: `${entry.target.id} rejected the request as invalid; it would fail on every target: ${failure.message}`,
      cause,
    };
  }
  if (failure.kind === 'content_filtered' && state.options.contentFiltered !== 'fallback') {
    return {
      code: errorCodes.CONTENT_FILTERED,
      message: `${entry.target.id} refused the content: ${failure.message}`,
      cause,
    };
  }
  return undefined;
}

/**
 * Ends a request that no target served: records the decision (always: its
 * error carries it) and returns the error to throw: the budget's error when a
 * budget stopped it, else a {@link RequestFailedError} with the stop's code.
 */
export function failRequest(
  state: RouterState,
  request: RequestState,
  stop: Stop,
): BudgetExceededError | BudgetUnavailableError | RequestFailedError {
  const record = finishRequest(state, request, {
    servedBy: null,
    error: { code: stop.code, message: stop.message },
    force: true,
  }) as NonNullable<ReturnType<typeof finishRequest>>;
  const route = request.route.name;
  const refused = stop.budget;
  if (refused?.kind === 'deny')
    return new BudgetExceededError({ shortfalls: refused.shortfalls, route, record });
  if (refused?.kind === 'unavailable')
    return new BudgetUnavailableError({
      budgetIds: refused.budgetIds,
      route,
      record,
      ...(refused.onStoreDown === undefined ? {} : { onStoreDown: refused.onStoreDown }),
    });
  return new RequestFailedError({
    code: stop.code,
    route,
    message: stop.message,
    record,
    cause: promptFreeCause(state, request, stop.cause),
  });
}

/** Ends a request no candidate may serve: its decision record, in the error. */
export function noEligibleTarget(state: RouterState, request: RequestState): NoEligibleTargetError {
  const record = finishRequest(state, request, {
    servedBy: null,
    error: { code: errorCodes.NO_ELIGIBLE_TARGET, message: 'no eligible target' },
    force: true,
  });
  return new NoEligibleTargetError({
    route: request.route.name,
    candidates: request.plan.ineligible ?? [],
    requestId: request.requestId,
    record: record as NonNullable<typeof record>,
  });
}

/** Why a request whose every candidate failed (or could not be tried) stopped. */
export function allFailed(request: RequestState, lastError: unknown): Stop {
  const tried = request.attempts
    .map((record) => `${record.targetId}: ${record.failureKind ?? record.outcome}`)
    .join(', ');
  return {
    code: errorCodes.ALL_TARGETS_FAILED,
    message: `every eligible target of route "${request.route.name}" failed (${
      tried || `none could be tried: ${notTried(request)}`
    })`,
    cause: lastError,
  };
}

/** Why each candidate passed over was (`bulkhead_full`, `circuit_open`, ...), for a request that tried none. */
function notTried(request: RequestState): string {
  const skipped = request.skipped ?? [];
  if (skipped.length === 0) return 'no candidate left';
  return skipped.map((entry) => `${entry.targetId}: ${entry.reason}`).join(', ');
}
