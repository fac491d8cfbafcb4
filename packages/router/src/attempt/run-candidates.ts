import { errorCodes, isRetryableKind } from '@switchyard/core';
import type { AttemptBudget } from '../budget/attempt-budget.js';
import { reserveAttemptBudget } from '../budget/reserve-attempt-budget.js';
import { NoEligibleTargetError } from '../errors/no-eligible-target-error.js';
import type { PreparedTarget } from '../prepare/prepared-target.js';
import { attemptRecord } from '../record/attempt-record.js';
import { finishRequest } from '../record/finish-request.js';
import { attemptHookInfo, pushAttempt } from '../record/push-attempt.js';
import type { RequestState } from '../request/request-state.js';
import type { RouterState } from '../router-state.js';
import { admitAttempt } from './admit-attempt.js';
import type { AttemptOutcome, AttemptStart } from './attempt-outcome.js';
import { noteFailure } from './note-failure.js';
import { failRequest, type Stop, stopFor, stopForBudget, stopForSignal } from './request-stop.js';
import { retryDelay } from './retry-delay.js';
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
  const { plan } = request;
  const ordered = options.candidates ?? plan.ordered;
  const continuing = options.continuing === true;
  if (ordered.length === 0) {
    const record = finishRequest(state, request, {
      servedBy: null,
      error: { code: errorCodes.NO_ELIGIBLE_TARGET, message: 'no eligible target' },
      force: true,
    });
    throw new NoEligibleTargetError({
      route: request.route.name,
      candidates: plan.ineligible ?? [],
      requestId: request.requestId,
      record: record as NonNullable<typeof record>,
    });
  }
  const jurisdiction = request.context.jurisdiction;
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
    if (entry.target.contextWindow <= largestFailedWindow) {
      request.skip({
        targetId,
        reason: 'context_window',
        detail: `a target with a context window of ${largestFailedWindow} already rejected the prompt as too long`,
      });
      continue;
    }
    if (entry.health.record.hasCutoffs) {
      const found = entry.health.cutoffFor(jurisdiction, state.clock.now());
      const probing = plan.probes.includes(entry);
      if (found !== undefined && (!probing || found.cutoff.since >= request.startedAt)) {
        request.skip({
          targetId,
          reason: 'cutoff',
          detail: 'cut off while this request was running',
        });
        continue;
      }
    }
    const maxRetries = entry.health.options.maxRetries;
    // Attempts made again at once (a rejected prefill): outside the retry budget.
    let again = 0;
    for (let retry = 0; ; retry++) {
      const startedAt = state.clock.now();
      const denial = admitAttempt(request, entry, startedAt);
      if (denial !== undefined) {
        request.skip({ targetId, reason: 'policy', detail: denial });
        continue candidates;
      }
      if (request.route.policy !== request.policy && state.policy.version !== request.policyVersion)
        request.admittedUnder = state.policy.version;
      let gate = entry.resilience.gate(entry.health.inFlight);
      // A fleet store's shared circuit: open everywhere, or half-open with one prober (by lease).
      const fleetGate =
        gate === 'full' || entry.health.record.sharedCircuit === undefined
          ? undefined
          : entry.health.fleetGate(startedAt);
      if (fleetGate !== undefined) gate = fleetGate;
      if (gate === 'open' || gate === 'full') {
        request.skip(
          gate === 'open'
            ? {
                targetId,
                reason: 'circuit_open',
                detail:
                  fleetGate === 'open'
                    ? 'its circuit is open in the fleet (another process is probing it, or will)'
                    : 'its circuit is open after repeated failures',
              }
            : {
                targetId,
                reason: 'bulkhead_full',
                detail: `${entry.health.inFlight} attempts already in flight`,
              },
        );
        continue candidates;
      }
      if (state.hooks.length > 0) {
        const info = attemptHookInfo(request, entry, retry, startedAt);
        for (const hooks of state.hooks) {
          let verdict: ReturnType<NonNullable<typeof hooks.beforeAttempt>>;
          try {
            verdict = hooks.beforeAttempt?.(info);
          } catch (error) {
            verdict = {
              decline: `a beforeAttempt hook threw: ${error instanceof Error ? error.message : String(error)}`,
            };
          }
          if (verdict !== undefined) {
            request.skip({ targetId, reason: 'declined', detail: verdict.decline });
            continue candidates;
          }
        }
      }
      let budget: AttemptBudget | undefined;
      if (state.budgets !== undefined) {
        const pending = reserveAttemptBudget(state, state.budgets, request, entry, startedAt);
        const admission = pending instanceof Promise ? await pending : pending;
        if (admission.kind === 'skip') {
          request.skip({
            targetId,
            reason: 'budget',
            detail: admission.detail,
            budgetIds: [...admission.budgetIds],
          });
          request.budgetRefusals ??= [];
          request.budgetRefusals.push(...admission.refusals);
          continue candidates;
        }
        if (admission.kind === 'deny' || admission.kind === 'unavailable') {
          stop = stopForBudget(admission);
          break candidates;
        }
        if (admission.kind === 'reserved') budget = admission.budget;
      }
      if (retry === 0) {
        const previous = request.previousTarget;
        if (previous !== undefined && state.events.has('fallback'))
          state.events.emit('fallback', { requestId: request.requestId, from: previous, to: targetId });
        request.previousTarget = targetId;
      }
      if (state.events.has('attempt-start'))
        state.events.emit('attempt-start', { requestId: request.requestId, targetId, retry });
      const start: AttemptStart = { retry, startedAt, budget };
      let outcome: AttemptOutcome<T> | 'open';
      try {
        outcome =
          gate === 'closed'
            ? await attempt(state, request, entry, start)
            : await entry.resilience.trial(() => attempt(state, request, entry, start));
      } catch (error) {
        // An attempt never rejects; should one, its reservation is still settled (nothing leaks).
        budget?.settle({ usage: undefined, sent: true, now: state.clock.now() });
        throw error;
      }
      if (fleetGate === 'trial') noteFleetTrial(entry, outcome, state.clock.now());
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
      pushAttempt(
        state,
        request,
        entry,
        attemptRecord({
          entry,
          requestStartedAt: request.startedAt,
          startedAt,
          now,
          retry,
          failure,
          aborted: outcome.aborted,
          usage: outcome.facts?.usage,
          usageEstimated: outcome.facts?.usageEstimated === true,
          continuation: outcome.facts?.continuation,
          budget: budget?.settle({ usage: outcome.facts?.usage, sent: true, now }),
        }),
        startedAt,
      );
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
      const retryAfter = failure.retryAfterMs;
      if (
        !isRetryableKind(failure.kind) ||
        retry - again >= maxRetries ||
        (failure.kind === 'timeout' && index < ordered.length - 1) ||
        (retryAfter !== undefined && retryAfter > entry.health.options.maxRetryAfterMs)
      ) {
        continue candidates;
      }
      const delay = retryDelay({
        retry: retry - again,
        retryAfterMs: retryAfter,
        initialBackoffMs: entry.health.options.initialBackoffMs,
        maxBackoffMs: entry.health.options.maxBackoffMs,
        random: state.random,
      });
      if (!(await wait(delay, request.signal.signal))) {
        stop = stopForSignal(request, lastError);
        break candidates;
      }
      if (entry.health.isCutOff(jurisdiction, state.clock.now())) {
        request.skip({
          targetId,
          reason: 'cutoff',
          detail: 'cut off while this request was running',
        });
        continue candidates;
      }
    }
  }
  throw failRequest(
    state,
    request,
    stop ?? {
      code: errorCodes.ALL_TARGETS_FAILED,
      message: `every eligible target of route "${request.route.name}" failed (${
        request.attempts
          .map((record) => `${record.targetId}: ${record.failureKind ?? record.outcome}`)
          .join(', ') || 'none could be tried'
      })`,
      cause: lastError,
    },
  );
}
