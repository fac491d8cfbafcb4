import { abortFailure, isAbortError } from './abort-failure.js';
import type { ClassifiedFailure } from './failure-kind.js';
import { redactSecrets } from './redact-secrets.js';
import { thrownMessage } from './thrown-message.js';

function causeOf(error: Error): string {
  const cause = error.cause;
  if (!(cause instanceof Error)) return '';
  const code = (cause as { code?: unknown }).code;
  return `: ${typeof code === 'string' ? `${code} ` : ''}${cause.message}`;
}

/**
 * Classifies an error that is not a provider's answer: an abort or timeout,
 * fetch's `TypeError` (`fetch failed`: refused or reset; `terminated`: closed
 * mid-answer), a body that is not JSON (`SyntaxError`), or anything else. All
 * are `transient` except a timeout (`timeout`); messages have secrets removed.
 *
 * | error | failure |
 * |---|---|
 * | `TimeoutError` | `timeout` |
 * | `AbortError` | `transient`, code `aborted` |
 * | `TypeError: terminated` | `transient`, code `connection_closed` |
 * | other `TypeError` (`fetch failed`) | `transient`, code `connection_error` |
 * | `SyntaxError` | `transient`, code `malformed_response` |
 * | anything else | `transient`, code `connection_error` |
 *
 * @param error what was thrown.
 * @returns the failure.
 * @example
 * ```ts
 * classifyTransportError(new TypeError('fetch failed')).code; // 'connection_error'
 * ```
 */
export function classifyTransportError(error: unknown): ClassifiedFailure {
  if (!(error instanceof Error))
    return { kind: 'transient', code: 'connection_error', message: redactSecrets(thrownMessage(error)) };
  if (isAbortError(error)) return abortFailure(error);
  if (error instanceof TypeError) {
    if (error.message === 'terminated') {
      return {
        kind: 'transient',
        code: 'connection_closed',
        message: redactSecrets(`the connection closed mid-answer (terminated${causeOf(error)})`),
      };
    }
    return {
      kind: 'transient',
      code: 'connection_error',
      message: redactSecrets(`${error.message}${causeOf(error)}`),
    };
  }
  if (error instanceof SyntaxError)
    return { kind: 'transient', code: 'malformed_response', message: redactSecrets(error.message) };
  return {
    kind: 'transient',
    code: 'connection_error',
    message: redactSecrets(`${error.message}${causeOf(error)}`),
  };
}
