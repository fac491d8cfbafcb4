import { ProviderError } from '../errors/provider-error.js';
import type { ClassifiedFailure } from './failure-kind.js';

/**
 * The failure of a call whose abort signal fired, from the signal's reason:
 * a `ProviderError` keeps its own failure; a `TimeoutError` (a timeout, the
 * router's attempt timer) is `timeout`; anything else (the caller's abort) is
 * `transient` with code `aborted`. Adapters call it when the signal they were
 * given is aborted, whatever their SDK threw.
 *
 * @param reason `signal.reason` of the aborted signal.
 * @returns the failure.
 * @example
 * ```ts
 * abortFailure(new DOMException('late', 'TimeoutError')).kind; // 'timeout'
 * ```
 */
export function abortFailure(reason: unknown): ClassifiedFailure {
  if (ProviderError.isInstance(reason)) return reason.failure;
  if (isTimeoutError(reason))
    return { kind: 'timeout', code: 'timeout', message: 'the request was aborted by a timeout' };
  return { kind: 'transient', code: 'aborted', message: 'the request was aborted' };
}

/** Whether `error` is a `TimeoutError` (a `DOMException` or any error of that name). */
export function isTimeoutError(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

/** Whether `error` is an abort (`AbortError`, or `TimeoutError`) rather than a failure of the provider. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}
