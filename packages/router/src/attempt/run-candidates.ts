import type { AttemptBudget } from '../budget/attempt-budget.js';
import { type BudgetAdmission, reserveAttemptBudget } from '../budget/reserve-attempt-budget.js';
import type { PreparedTarget } from '../prepare/prepared-target.js';
import { attemptRecord } from '../record/attempt-record.js';
import { pushAttempt } from '../record/push-attempt.js';
import type { RequestState } from '../request/request-state.js';
import type { RouterState } from '../router-state.js';
import type { AttemptOutcome, AttemptStart } from './attempt-outcome.js';
import { type AttemptGate, gateAttempt } from './gate-attempt.js';
import { noteFailure } from './note-failure.js';
import {
  allFailed,
  failRequest,
  noEligibleTarget,
  type Stop,
  stopFor,
  stopForBudget,
  stopForSignal,
} from './request-stop.js';
import { retryWait } from './retry-wait.js';
import { tripsBreaker } from './target-resilience.js';
import { wait } from './wait.js';

/** One attempt on one target: resolves with its outcome, never rejects. */
export type RunAttempt<T> = (
  state: RouterState,
  request: RequestState,
  entry: PreparedTarget,
  start: AttemptStart,
) => Promise<AttemptOutcome<T>>;

/** The options of a call that passes none (one object for every call). */
const noOptions = {};

/**
 * Tells the fleet how the half-open trial this process held the lease for
 * went: a success closes the circuit everywhere, a failure that trips the
 * breaker re-opens it for `breakerHalfOpenAfterMs`; then gives the lease back.
 */
function noteFleetTrial(entry: PreparedTarget, outcome: AttemptOutcome<unknown> | 'open', now: number): void {
  const record = entry.health.record;
  if (outcome !== 'open') {
    if (outcome.failure === undefined) record.noteCircuit?.('closed');
    else if (tripsBreaker(outcome.failure))
      record.noteCircuit?.('open', now + entry.health.options.breakerHalfOpenAfterMs);
  }
  record.releaseProbe?.();
}

/**
 * Skips a candidate before any attempt on it (recorded as skipped): its
 * context window is no larger than one that already rejected the prompt as
 * too long, or it was cut off while the request ran (a probe the request
 * claimed counts only a cut-off newer than the request).
 */
function skippedBeforeAttempts(
  state: RouterState,
  request: RequestState,
  entry: PreparedTarget,
  largestFailedWindow: number,
): boolean {
  const targetId = entry.target.id;
  if (entry.target.contextWindow <= largestFailedWindow) {
    request.skip({
      targetId,
      reason: 'context_window',
      detail: `a target with a context window of ${largestFailedWindow} already rejected the prompt as too long`,
    });
    return true;
  }
  if (entry.health.record.hasCutoffs) {
    const found = entry.health.cutoffFor(request.context.jurisdiction, state.clock.now());
    const probing = request.plan.probes.includes(entry);
    if (found !== undefined && (!probing || found.cutoff.since >= request.startedAt)) {
      request.skip({
        targetId,
        reason: 'cutoff',
        detail: 'cut off while this request was running',
      });
      return true;
    }
  }
  return false;
}

/** Records a candidate a budget skipped (`onExhausted: skip`), with the budgets' refusals. */
function skipForBudget(
  request: RequestState,
  targetId: string,
  admission: Extract<BudgetAdmission, { kind: 'skip' }>,
): void {
  request.skip({
    targetId,
    reason: 'budget',
    detail: admission.detail,
    budgetIds: [...admission.budgetIds],
  });
  request.budgetRefusals ??= [];
  request.budgetRefusals.push(...admission.refusals);
}

/**
 * Runs the attempt as its gate says: directly, or as the breaker's trial (the
 * closure the trial needs is made here, not in the runner's frame).
 */
function attemptThrough<T>(
  gate: AttemptGate,
  attempt: RunAttempt<T>,
  state: RouterState,
  request: RequestState,
  entry: PreparedTarget,
  start: AttemptStart,
): Promise<AttemptOutcome<T> | 'open'> {
  if (gate === 'closed') return attempt(state, request, entry, start);
  return entry.resilience.trial(() => attempt(state, request, entry, start));
}

/** The `fallback` event (first attempt on a new target) and the `attempt-start` event, when listened to. */
function announceAttempt(state: RouterState, request: RequestState, targetId: string, retry: number): void {
  if (retry === 0) {
    const previous = request.previousTarget;
    if (previous !== undefined && state.events.has('fallback'))
      state.events.emit('fallback', { requestId: request.requestId, from: previous, to: targetId });
    request.previousTarget = targetId;
  }
  if (state.events.has('attempt-start'))
    state.events.emit('attempt-start', { requestId: request.requestId, targetId, retry });
}

/** Records a failed attempt, settling its budget reservation with what it used. */
function recordFailedAttempt(
  state: RouterState,
  request: RequestState,
  entry: PreparedTarget,
  start: AttemptStart,
  outcome: Extract<AttemptOutcome<unknown>, { failure: object }>,
  now: number,
): void {
  const facts = outcome.facts;
  pushAttempt(
    state,
    request,
    entry,
    attemptRecord({
      entry,
      requestStartedAt: request.startedAt,
      startedAt: start.startedAt,
      now,
      retry: start.retry,
      failure: outcome.failure,
      aborted: outcome.aborted,
      usage: facts?.usage,
      usageEstimated: facts?.usageEstimated === true,
      continuation: facts?.continuation,
      budget: start.budget?.settle({ usage: facts?.usage, sent: true, now }),
    }),
    start.startedAt,
  );
}

/**
 * Runs attempts over the plan's candidates, in order, until one serves:
 *
 * 1. a candidate whose context window is no larger than one that already
 *    rejected the prompt as too long, or that was cut off while the request
 *    ran, is skipped;
 * 2. each attempt is admitted by the policy in force at its start
 *    ({@link admitAttempt}), then by the target's circuit and bulkhead (and,
 *    with a fleet store, the fleet's circuit: open everywhere, or half-open
 *    with one prober holding the lease), then by the attempt hooks, then by
 *    the budgets, which reserve its upper-bound cost
 *    ({@link reserveAttemptBudget}); a candidate that is not is recorded as
 *    skipped (a `deny` budget stops the request instead); every reservation
 *    is settled exactly once when its attempt ends;
 * 3. a failure (classified once by the attempt) is recorded, applied to the
 *    target's health and counted by its circuit breaker (timeouts included);
 *    `rate_limited` and `transient` are retried on the same target within
 *    `maxRetries` (waiting what the provider asked, up to `maxRetryAfterMs`,
 *    else backoff), and so is `timeout`, but only on the last candidate (a
 *    silent target is not waited on twice while there is somewhere else to
 *    go); `invalid_request` (except in a continuation: the router's own form of
 *    a request the first target accepted) and, unless `contentFiltered:
 *    'fallback'`, `content_filtered` stop the request; the caller's abort and
 *    the deadline stop it too. An outcome marked `again` (a rejected prefill)
 *    is recorded and the same target tried again at once, outside its budget.
 *
 * @param options.candidates the targets to try, in order (default: the plan's order).
 * @param options.continuing the attempts continue an answer a failed stream started.
 * @param options.successAtEnd the attempt's value is a stream whose end decides its success: the
 *   breaker is told then (by the served stream), not when it opened.
 * @returns the target that served and the attempt's value.
 * @throws {NoEligibleTargetError} when no candidate may serve.
 * @throws {RequestFailedError} when every candidate failed or the request stopped, with its decision record.
 * @throws {BudgetExceededError} when a budget with `onExhausted: deny` cannot pay.
 * @throws {BudgetUnavailableError} when the budget store is down and a budget's `onStoreDown` is `deny`.
 */
export async function runCandidates<T>(
  state: RouterState,
  request: RequestState,
  attempt: RunAttempt<T>,
  options: {
    candidates?: readonly PreparedTarget[];
    continuing?: boolean;
    successAtEnd?: boolean;
  } = noOptions,
): Promise<{ entry: PreparedTarget; value: T; start: AttemptStart }> {
  const ordered = options.candidates ?? request.plan.ordered;
  const continuing = options.continuing === true;
  if (ordered.length === 0) throw noEligibleTarget(state, request);
  let lastError: unknown;
  let stop: Stop | undefined;
  let largestFailedWindow = 0;
  candidates: for (let index = 0; index < ordered.length; index++) {
    const entry = ordered[index] as PreparedTarget;
    const targetId = entry.target.id;
    if (request.signal.reason !== undefined) {
      stop = stopForSignal(request, lastError);
      break;
    }
    if (skippedBeforeAttempts(state, request, entry, largestFailedWindow)) continue;
    // Attempts made again at once (a rejected prefill): outside the retry budget.
    let again = 0;
    for (let retry = 0; ; retry++) {
      const startedAt = state.clock.now();
      const gate = gateAttempt(state, request, entry, retry, startedAt);
      if (gate === undefined) continue candidates;
      let budget: AttemptBudget | undefined;
      if (state.budgets !== undefined) {
        const pending = reserveAttemptBudget(state, state.budgets, request, entry, startedAt);
        const admission = pending instanceof Promise ? await pending : pending;
        if (admission.kind === 'skip') {
          skipForBudget(request, targetId, admission);
          continue candidates;
        }
        if (admission.kind === 'deny' || admission.kind === 'unavailable') {
          stop = stopForBudget(admission);
          break candidates;
        }
        if (admission.kind === 'reserved') budget = admission.budget;
      }
      announceAttempt(state, request, targetId, retry);
      const start: AttemptStart = { retry, startedAt, budget };
      let outcome: AttemptOutcome<T> | 'open';
      try {
        outcome = await attemptThrough(gate, attempt, state, request, entry, start);
      } catch (error) {
        // An attempt never rejects; should one, its reservation is still settled (nothing leaks).
        budget?.settle({ usage: undefined, sent: true, now: state.clock.now() });
        throw error;
      }
      if (gate === 'fleet-trial') noteFleetTrial(entry, outcome, state.clock.now());
      if (outcome === 'open') {
        budget?.settle({ usage: undefined, sent: false, now: state.clock.now() });
        request.skip({
          targetId,
          reason: 'circuit_open',
          detail: 'its circuit re-opened while waiting for a trial',
        });
        continue candidates;
      }
      if (outcome.failure === undefined) {
        if (gate === 'closed' && options.successAtEnd !== true) entry.resilience.recordSuccess();
        return { entry, value: outcome.value, start };
      }
      const failure = outcome.failure;
      const now = state.clock.now();
      recordFailedAttempt(state, request, entry, start, outcome, now);
      if (outcome.again === true && !outcome.aborted && request.signal.reason === undefined) {
        again++;
        continue;
      }
      request.noteFailedTarget(targetId);
      noteFailure({ state, entry, context: request.context, failure, now });
      if (gate === 'closed') await entry.resilience.recordFailure(failure);
      lastError = outcome.error;
      if (outcome.aborted || request.signal.reason !== undefined) {
        stop = stopForSignal(request, outcome.error);
        break candidates;
      }
      stop = stopFor(state, entry, failure, outcome.error, continuing);
      if (stop) break candidates;
      if (failure.kind === 'context_length')
        largestFailedWindow = Math.max(largestFailedWindow, entry.target.contextWindow);
      const delay = retryWait(state, entry, failure, retry - again, index === ordered.length - 1);
      if (delay === undefined) continue candidates;
      if (!(await wait(delay, request.signal.signal))) {
        stop = stopForSignal(request, lastError);
        break candidates;
      }
      if (entry.health.isCutOff(request.context.jurisdiction, state.clock.now())) {
        request.skip({
          targetId,
          reason: 'cutoff',
          detail: 'cut off while this request was running',
        });
        continue candidates;
      }
    }
  }
  throw failRequest(state, request, stop ?? allFailed(request, lastError));
}
