import type { AttemptBudget } from '../budget/attempt-budget.js';
import { type BudgetAdmission, reserveAttemptBudget } from '../budget/reserve-attempt-budget.js';
import type { PreparedTarget } from '../prepare/prepared-target.js';
import type { RequestState } from '../request/request-state.js';
import type { RouterState } from '../router-state.js';
import type { AttemptOutcome, AttemptStart } from './attempt-outcome.js';
import { type AttemptGate, gateAttempt } from './gate-attempt.js';
import { noteFailure } from './note-failure.js';
import { noteFleetTrial } from './note-fleet-trial.js';
import { recordFailedAttempt } from './record-failed-attempt.js';
import {
  allFailed,
  failRequest,
  noEligibleTarget,
  type Stop,
  setAsideByBudgets,
  stopFor,
  stopForBudget,
  stopForSignal,
} from './request-stop.js';
import { retryWait } from './retry-wait.js';
import { skippedBeforeAttempts } from './skipped-before-attempts.js';
import { StreamTrial } from './stream-trial.js';
import { wait } from './wait.js';

/** One attempt on one target: resolves with its outcome, never rejects. */
export type RunAttempt<T> = (
  state: RouterState,
  request: RequestState,
  entry: PreparedTarget,
  start: AttemptStart,
) => Promise<AttemptOutcome<T>>;

/** How {@link runCandidates} runs. */
interface RunOptions {
  candidates?: readonly PreparedTarget[];
  continuing?: boolean;
  successAtEnd?: boolean;
}

/** The target that served, the attempt's value and its start. */
type Served<T> = { entry: PreparedTarget; value: T; start: AttemptStart };

/** The first attempt, run before the loop: how it was gated, its start and its outcome. */
interface FirstAttempt<T> {
  readonly gate: AttemptGate;
  readonly start: AttemptStart;
  readonly outcome: AttemptOutcome<T> | 'open';
}

/** The options of a call that passes none (one object for every call). */
const noOptions: RunOptions = {};

/**
 * The start of an attempt: with a {@link StreamTrial} when it runs as the
 * circuit's trial and its value is a stream judged at its end.
 */
function attemptStart(
  gate: AttemptGate,
  options: RunOptions,
  retry: number,
  startedAt: number,
  budget: AttemptBudget | undefined,
): AttemptStart {
  if (gate === 'closed' || options.successAtEnd !== true) return { retry, startedAt, budget };
  return { retry, startedAt, budget, trial: new StreamTrial() };
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
  request.budgetSkips ??= { refusals: [], shortfalls: [], storeDown: false };
  const skips = request.budgetSkips;
  skips.refusals.push(...admission.refusals);
  if (admission.shortfalls.length === 0) skips.storeDown = true;
  else skips.shortfalls.push(...admission.shortfalls);
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
  return entry.resilience.trial(() => attempt(state, request, entry, start), start.trial);
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
 *    else backoff; not when the failure opened the target's circuit, which
 *    would refuse the retry), and so is `timeout`, but only on the last candidate (a
 *    silent target is not waited on twice while there is somewhere else to
 *    go); `invalid_request` (except in a continuation: the router's own form of
 *    a request the first target accepted) and, unless `contentFiltered:
 *    'fallback'`, `content_filtered` stop the request; the caller's abort and
 *    the deadline stop it too. An outcome marked `again` (a rejected prefill)
 *    is recorded and the same target tried again at once, outside its budget.
 *
 * Without budgets, the first attempt on the first candidate is admitted and
 * awaited before the loop (the same steps, in the same order): a request it
 * serves never enters the loop's large async frame; one it does not serve
 * enters it with that outcome, as if the loop had run the attempt.
 *
 * @param options.candidates the targets to try, in order (default: the plan's order).
 * @param options.continuing the attempts continue an answer a failed stream started.
 * @param options.successAtEnd the attempt's value is a stream whose end decides its success: the
 *   breaker is told then (by the served stream), not when it opened.
 * @returns the target that served and the attempt's value.
 * @throws {NoEligibleTargetError} when no candidate may serve.
 * @throws {RequestFailedError} when every candidate failed or the request stopped, with its decision record.
 * @throws {BudgetExceededError} when a budget with `onExhausted: deny` cannot pay, or `reroute`
 *   budgets set aside every candidate and none was attempted.
 * @throws {BudgetUnavailableError} when the budget store is down and a budget's `onStoreDown` is `deny`.
 */
export function runCandidates<T>(
  state: RouterState,
  request: RequestState,
  attempt: RunAttempt<T>,
  options: RunOptions = noOptions,
): Promise<Served<T>> {
  try {
    const ordered = options.candidates ?? request.plan.ordered;
    if (ordered.length === 0) throw noEligibleTarget(state, request);
    // With a budget (a reservation may wait), or the call already aborted: the loop does it all.
    if (state.budgets !== undefined || request.signal.reason !== undefined)
      return tryCandidates(state, request, attempt, options, ordered, 0, undefined);
    // The first attempt on the first candidate, admitted and started here as the loop would;
    // awaited by one small closure, the loop (a large async frame) entered only if it did not serve.
    const entry = ordered[0] as PreparedTarget;
    if (skippedBeforeAttempts(state, request, entry, 0))
      return tryCandidates(state, request, attempt, options, ordered, 1, undefined);
    const startedAt = state.clock.now();
    const gate = gateAttempt(state, request, entry, 0, startedAt);
    if (gate === undefined) return tryCandidates(state, request, attempt, options, ordered, 1, undefined);
    announceAttempt(state, request, entry.target.id, 0);
    const start = attemptStart(gate, options, 0, startedAt, undefined);
    return attemptThrough(gate, attempt, state, request, entry, start).then((outcome) => {
      if (gate !== 'closed' || outcome === 'open' || outcome.failure !== undefined)
        return tryCandidates(state, request, attempt, options, ordered, 0, { gate, start, outcome });
      if (options.successAtEnd !== true) entry.resilience.recordSuccess();
      return { entry, value: outcome.value, start };
    });
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * The loop of {@link runCandidates}, from candidate `from`; `first`, when
 * given, is the first attempt on `ordered[0]`, already run (it did not serve,
 * or ran as a trial), whose outcome the loop takes up where it would have.
 */
async function tryCandidates<T>(
  state: RouterState,
  request: RequestState,
  attempt: RunAttempt<T>,
  options: RunOptions,
  ordered: readonly PreparedTarget[],
  from: number,
  first: FirstAttempt<T> | undefined,
): Promise<Served<T>> {
  const continuing = options.continuing === true;
  let lastError: unknown;
  let stop: Stop | undefined;
  let largestFailedWindow = 0;
  candidates: for (let index = from; index < ordered.length; index++) {
    const entry = ordered[index] as PreparedTarget;
    const targetId = entry.target.id;
    if (first === undefined) {
      if (request.signal.reason !== undefined) {
        stop = stopForSignal(request, lastError);
        break;
      }
      if (skippedBeforeAttempts(state, request, entry, largestFailedWindow)) continue;
    }
    // Attempts made again at once (a rejected prefill): outside the retry budget.
    let again = 0;
    for (let retry = 0; ; retry++) {
      let gate: AttemptGate;
      let budget: AttemptBudget | undefined;
      let start: AttemptStart;
      let outcome: AttemptOutcome<T> | 'open';
      if (first !== undefined) {
        ({ gate, start, outcome } = first);
        first = undefined;
      } else {
        const startedAt = state.clock.now();
        const admitted = gateAttempt(state, request, entry, retry, startedAt);
        if (admitted === undefined) continue candidates;
        gate = admitted;
        if (state.budgets !== undefined) {
          const pending = reserveAttemptBudget(state, state.budgets, request, entry, startedAt);
          const admission = pending instanceof Promise ? await pending : pending;
          if (admission.kind === 'skip' || admission.kind === 'deny' || admission.kind === 'unavailable') {
            // The fleet's probe lease was taken for this trial, which will not run: given back.
            if (gate === 'fleet-trial') entry.health.record.releaseProbe?.();
            if (admission.kind === 'skip') {
              skipForBudget(request, targetId, admission);
              continue candidates;
            }
            stop = stopForBudget(admission);
            break candidates;
          }
          if (admission.kind === 'reserved') budget = admission.budget;
        }
        announceAttempt(state, request, targetId, retry);
        start = attemptStart(gate, options, retry, startedAt, budget);
        try {
          outcome = await attemptThrough(gate, attempt, state, request, entry, start);
        } catch (error) {
          // An attempt never rejects; should one, its reservation is still settled (nothing leaks).
          budget?.settle({ usage: undefined, sent: true, now: state.clock.now() });
          throw error;
        }
      }
      if (gate === 'fleet-trial') noteFleetTrial(state, entry, outcome, start.trial);
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
      // The circuit this failure opened would refuse the retry after the wait: go on at once. The
      // breaker keeps its time on Date.now, as cockatiel does; a clock with its own (scaled) wait
      // counts `delay` in its time, which can only make this wait where it need not, as before.
      const openUntil = entry.resilience.openUntil;
      if (openUntil !== undefined && entry.resilience.circuit === 'open' && Date.now() + delay < openUntil) {
        request.skip({
          targetId,
          reason: 'circuit_open',
          detail: 'its circuit is open after this failure: a retry would be refused, so none is waited for',
        });
        continue candidates;
      }
      const waited = state.clock.wait
        ? state.clock.wait(delay, request.signal.signal)
        : wait(delay, request.signal.signal);
      if (!(await waited)) {
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
  throw failRequest(state, request, stop ?? setAsideByBudgets(request) ?? allFailed(request, lastError));
}
