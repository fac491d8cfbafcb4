import { type ClassifiedFailure, ProviderError, SwitchyardError } from '@switchyard/core';
import { isTimeoutError, redactSecrets, thrownMessage } from '@switchyard/core/failure';
import { classifyAPICallError, isAPICallError } from './classify-api-call-error.js';

/** A user-supplied classifier; return `undefined` to fall back to the built-in ones. */
export type Classifier = (
  error: unknown,
  target: { id: string; provider: string; model: string },
) => ClassifiedFailure | undefined;

/**
 * Classifies any error an attempt can end with: a Switchyard `ProviderError`
 * carries its classification (adapters classify once, the router never
 * again); an AI SDK `APICallError` goes through {@link classifyAPICallError};
 * a `TimeoutError` is `timeout`; anything else (a network error, a bug in a
 * model) is `transient`, with its message (and its code when it is a
 * Switchyard error). Messages no adapter classified have their secrets
 * removed (`redactSecrets`): keys, bearer tokens, credentials in URLs.
 *
 * @example
 * ```ts
 * classifyError(new DOMException('late', 'TimeoutError')).kind; // 'timeout'
 * ```
 */
export function classifyError(error: unknown): ClassifiedFailure {
  if (ProviderError.isInstance(error)) return error.failure;
  if (isAPICallError(error)) return classifyAPICallError(error);
  if (isTimeoutError(error)) return { kind: 'timeout', message: redactSecrets((error as Error).message) };
  if (SwitchyardError.isInstance(error))
    return { kind: 'transient', code: error.code, message: redactSecrets(error.message) };
  const message = thrownMessage(error);
  return { kind: 'transient', message: redactSecrets(message) };
}
