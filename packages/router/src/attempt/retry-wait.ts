import type { ClassifiedFailure } from '@switchyard/core';
import { isRetryableKind } from '@switchyard/core';
import type { PreparedTarget } from '../prepare/prepared-target.js';
import type { RouterState } from '../router-state.js';
import { retryDelay } from './retry-delay.js';

/**
 * How long to wait before retrying a failed attempt on the same target, or
 * undefined when it is not retried: its kind is not retryable, `maxRetries`
 * are spent, a timeout with other candidates left, or the provider asked to
 * wait longer than `maxRetryAfterMs`.
 *
 * @param retries the retries already made (attempts made again at once not counted).
 * @param last the target is the last candidate.
 */
export function retryWait(
  state: RouterState,
  entry: PreparedTarget,
  failure: ClassifiedFailure,
  retries: number,
  last: boolean,
): number | undefined {
  const options = entry.health.options;
  const retryAfter = failure.retryAfterMs;
  if (
    !isRetryableKind(failure.kind) ||
    retries >= options.maxRetries ||
    (failure.kind === 'timeout' && !last) ||
    (retryAfter !== undefined && retryAfter > options.maxRetryAfterMs)
  )
    return undefined;
  return retryDelay({
    retry: retries,
    retryAfterMs: retryAfter,
    initialBackoffMs: options.initialBackoffMs,
    maxBackoffMs: options.maxBackoffMs,
    random: state.random,
  });
}
