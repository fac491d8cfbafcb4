import type { PreparedTarget } from '../prepare/prepared-target.js';
import type { RequestState } from '../request/request-state.js';
import type { RouterState } from '../router-state.js';
import { type AttemptControl, attemptTimedOut, callAborted } from './attempt-control.js';
import type { AttemptOutcome } from './attempt-outcome.js';
import { classifyAttemptError } from './classify-attempt-error.js';

/**
 * The outcome of an attempt that threw: its own timeout (even when the model
 * honoured the aborted signal and rejected first) is `timeout`, saying what
 * did not happen in time; the call's abort (caller, deadline) is recorded as
 * `aborted`; anything else is classified once ({@link classifyAttemptError}).
 */
export function failedAttempt(options: {
  state: RouterState;
  request: RequestState;
  entry: PreparedTarget;
  control: AttemptControl;
  error: unknown;
}): AttemptOutcome<never> {
  const { state, request, entry, control, error } = options;
  if (error === attemptTimedOut || control.timedOut) {
    const message = control.timeoutMessage;
    return {
      failure: { kind: 'timeout', message },
      error: error === attemptTimedOut ? new DOMException(message, 'TimeoutError') : error,
      aborted: false,
    };
  }
  if (error === callAborted || request.signal.reason !== undefined) {
    const cause = error === callAborted ? request.signal.signal?.reason : error;
    return {
      failure: {
        kind: 'transient',
        code: 'aborted',
        message:
          request.signal.reason === 'deadline'
            ? 'the deadline of the call passed'
            : 'the caller aborted the call',
      },
      error: cause,
      aborted: true,
    };
  }
  return { failure: classifyAttemptError(state, request, entry, error), error, aborted: false };
}
