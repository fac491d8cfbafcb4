import { type ClassifiedFailure, ProviderError, SwitchyardError } from '@switchyard/core';
import { isBrokenCircuitError, isBulkheadRejectedError, isTaskCancelledError } from 'cockatiel';
import { classifyAPICallError, isAPICallError } from './classify-api-call-error.js';

/** A user-supplied classifier; return `undefined` to fall back to the built-in ones. */
export type Classifier = (
  error: unknown,
  target: { id: string; provider: string; model: string },
) => ClassifiedFailure | undefined;

/**
 * Classifies any error an attempt can end with: a Switchyard `ProviderError`
 * carries its classification; an AI SDK `APICallError` goes through
 * {@link classifyAPICallError}; cockatiel's timeout and a `TimeoutError` are `timeout`; anything
 * else (a network error, a bug in a model) is `transient`, with its message.
 */
export function classifyError(error: unknown): ClassifiedFailure {
  if (ProviderError.isInstance(error)) return error.failure;
  if (isAPICallError(error)) return classifyAPICallError(error);
  if (isTaskCancelledError(error)) return { kind: 'timeout', message: 'the attempt timed out' };
  // An abort whose reason is a TimeoutError (AbortSignal.timeout, the router's stream timer) is a timeout.
  if (error instanceof Error && error.name === 'TimeoutError')
    return { kind: 'timeout', message: error.message };
  if (isBrokenCircuitError(error))
    return { kind: 'transient', code: 'circuit_open', message: 'the circuit is open' };
  if (isBulkheadRejectedError(error))
    return { kind: 'transient', code: 'bulkhead_full', message: 'too many requests in flight' };
  if (SwitchyardError.isInstance(error))
    return { kind: 'transient', code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'transient', message };
}
