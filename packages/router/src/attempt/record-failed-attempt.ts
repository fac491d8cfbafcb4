import type { PreparedTarget } from '../prepare/prepared-target.js';
import { attemptRecord } from '../record/attempt-record.js';
import { pushAttempt } from '../record/push-attempt.js';
import type { RequestState } from '../request/request-state.js';
import type { RouterState } from '../router-state.js';
import type { AttemptOutcome, AttemptStart } from './attempt-outcome.js';

/** Records a failed attempt, settling its budget reservation with what it used. */
export function recordFailedAttempt(
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
