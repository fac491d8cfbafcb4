import { ProviderError } from '../errors/provider-error.js';
import type { ClassifiedFailure } from '../failure/failure-kind.js';

/** The call a response belongs to: the names its errors are reported under. */
export interface ProviderCall {
  /** The adapter's provider name, e.g. `openai`. */
  readonly provider: string;
  /** The model id of the call. */
  readonly model: string;
}

/**
 * A `ProviderError` of `call` with `failure`: what the body helpers of the
 * adapter kit throw, so a hostile body reaches the router as one classified value.
 *
 * @param call the call the response belongs to.
 * @param failure what went wrong.
 * @param cause the underlying error, if any.
 * @returns the error (not thrown).
 */
export function callFailure(call: ProviderCall, failure: ClassifiedFailure, cause?: unknown): ProviderError {
  return new ProviderError({
    provider: call.provider,
    model: call.model,
    failure,
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * The failure of a body that is not what the API documents (not JSON, an
 * HTML page, the wrong shape, a truncated or foreign stream): `transient`,
 * code `malformed_response`. Another attempt, or another target, may answer well.
 *
 * @param message what was wrong, readable (secrets already removed).
 */
export function malformedResponse(message: string): ClassifiedFailure {
  return { kind: 'transient', code: 'malformed_response', message };
}
