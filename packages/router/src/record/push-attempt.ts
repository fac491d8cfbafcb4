import type { AttemptRecord } from '@switchyard/core';
import { thrownMessage } from '@switchyard/core/failure';
import type { AttemptHookInfo } from '../attempt/attempt-hooks.js';
import type { PreparedTarget } from '../prepare/prepared-target.js';
import type { RequestState } from '../request/request-state.js';
import type { RouterState } from '../router-state.js';

/** What an attempt hook is told of `entry`'s attempt in `request`. */
export function attemptHookInfo(
  request: RequestState,
  entry: PreparedTarget,
  retry: number,
  startedAt: number,
): AttemptHookInfo {
  const info: AttemptHookInfo = {
    requestId: request.requestId,
    route: request.route.name,
    operation: request.operation,
    context: request.context,
    targetId: entry.target.id,
    retry,
    startedAt,
  };
  return request.continuesFrom === undefined ? info : { ...info, continuesFrom: request.continuesFrom };
}

/**
 * Adds an ended attempt to the request's evidence: its record, the
 * `attempt-end` event and every `afterAttempt` hook (a hook that throws is
 * reported as an `error` event, never to the request).
 */
export function pushAttempt(
  state: RouterState,
  request: RequestState,
  entry: PreparedTarget,
  attempt: AttemptRecord,
  startedAt: number,
): void {
  request.addAttempt(attempt);
  if (state.events.has('attempt-end'))
    state.events.emit('attempt-end', { requestId: request.requestId, attempt });
  if (state.hooks.length === 0) return;
  const info = attemptHookInfo(request, entry, attempt.retry, startedAt);
  for (const hooks of state.hooks) {
    try {
      hooks.afterAttempt?.(info, attempt);
    } catch (error) {
      state.events.emit('error', {
        source: 'listener',
        origin: 'afterAttempt',
        message: `an afterAttempt hook threw: ${thrownMessage(error)}`,
        error,
      });
    }
  }
}
