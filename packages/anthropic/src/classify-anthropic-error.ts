import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from '@anthropic-ai/sdk';
import { type ClassifiedFailure, ProviderError } from '@switchyard/core';
import {
  abortFailure,
  blockedByOf,
  classifyResponseFailure,
  classifyTransportError,
  matchSignal,
  type ProviderSignals,
  parseRetryAfter,
  readableMessage,
  readErrorEnvelope,
} from '@switchyard/core/failure';

const authMissingPattern = /^Could not resolve authentication method/;
const streamingRequiredPattern = /^Streaming is required for operations that may take longer/;

/**
 * Anthropic's own signals; the status ladder around them is core's
 * `classifyResponseFailure`.
 */
export const anthropicSignals: ProviderSignals = {
  contextLength: matchSignal({
    pattern: /prompt is too long|context window|maximum context length|context_length/i,
    statuses: [400, 413, undefined],
  }),
  // Its output filter: 400 `invalid_request_error` "Output blocked by content filtering policy",
  // also as an `event: error` inside a stream that had started (no status).
  contentFiltered: matchSignal({ pattern: /content filtering policy/i, statuses: [400, undefined] }),
  // The edge's region block: 403 `{"error":{"type":"forbidden","message":"Request not allowed"}}`.
  regionBlocked: (signal) =>
    signal.status === 403 &&
    (signal.type === 'forbidden' ||
      /^request not allowed$|unsupported countr|not available in your region/i.test(signal.message)),
  quotaExhausted: matchSignal({
    pattern: /spend limit|usage limit|credit balance|billing/i,
    statuses: [400, 429],
  }),
  billing: (signal) => signal.status === 402 || signal.type === 'billing_error',
  keyRevoked: (signal) => !/required|cors/i.test(signal.message),
  rateLimited: matchSignal({ codes: ['rate_limit_error'] }),
};

/**
 * Classifies any error the `@anthropic-ai/sdk` client can throw into a
 * Switchyard failure: the SDK's envelope is read here, and core's status
 * ladder (`classifyResponseFailure`) applies {@link anthropicSignals} to the
 * status, the body's `error.type` and message, and `retry-after-ms` / `retry-after`. Errors inside a 200 stream
 * (`event: error`, `status` undefined) are classified from their body alone.
 *
 * | signal | failure |
 * |---|---|
 * | 403 `{"error":{"type":"forbidden","message":"Request not allowed"}}` (the edge's region block, no `request-id`) | `cutoff`, `region_blocked`, scope `jurisdiction` |
 * | 451 | `cutoff`, `legal_block`, scope `jurisdiction` |
 * | 401 `authentication_error` (invalid, revoked or expired key) | `cutoff`, `key_revoked`, scope `target` |
 * | 404 `not_found_error` saying the model is retired or deprecated | `cutoff`, `model_withdrawn`, scope `target` |
 * | 404 `not_found_error` otherwise (`model: sonnet4`: unknown model) | `cutoff`, `model_not_found`, scope `target` |
 * | 402 `billing_error` | `cutoff`, `billing`, scope `target` |
 * | 400/429 naming a spend limit or credit balance | `cutoff`, `quota_exhausted`, scope `target` |
 * | 429 `rate_limit_error` | `rate_limited`, with `retryAfterMs` |
 * | 400 `prompt is too long` | `context_length` |
 * | 400 `invalid_request_error` "Output blocked by content filtering policy" (or the same error inside a stream) | `content_filtered` |
 * | 408, 409, 5xx, 529 `overloaded_error`, in-stream `overloaded_error`/`api_error`, connection errors, a cut or malformed stream | `transient` |
 * | `APIConnectionTimeoutError` | `timeout` |
 * | the caller's abort (`APIUserAbortError`) | `transient`, code `aborted` |
 * | 403 `permission_error`, 401 missing key / CORS, no key configured (the SDK's `Could not resolve authentication method`) | `auth` |
 * | the SDK's own guard `Streaming is required for operations that may take longer than 10 minutes` | `invalid_request` |
 * | other 4xx | `invalid_request` |
 *
 * A refusal (`stop_reason: refusal` with no content) is not an error the SDK
 * throws: the adapter turns it into `content_filtered`.
 *
 * Messages are the provider's own, with secrets removed and an HTML error
 * page (a gateway's) named by its title (`readableMessage`).
 *
 * @param error what the SDK threw (a `ProviderError` is returned as classified).
 * @returns the classified failure.
 * @example
 * ```ts
 * try { await client.messages.create(body) }
 * catch (error) { if (classifyAnthropicError(error).kind === 'cutoff') quarantine() }
 * ```
 */
export function classifyAnthropicError(error: unknown): ClassifiedFailure {
  if (ProviderError.isInstance(error)) return error.failure;
  if (error instanceof APIUserAbortError) return abortFailure(error);
  if (error instanceof APIConnectionTimeoutError)
    return { kind: 'timeout', code: 'timeout', message: 'the request timed out' };
  if (error instanceof APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return {
      kind: 'transient',
      code: 'connection_error',
      message: readableMessage(`${error.message}${cause}`),
    };
  }
  if (error instanceof APIError) {
    const envelope = readErrorEnvelope(error.error);
    return classifyResponseFailure({
      signal: {
        status: error.status,
        code: undefined,
        type: typeof error.type === 'string' && (error.type as string) !== '' ? error.type : envelope.type,
        message: readableMessage(envelope.message ?? error.message),
      },
      signals: anthropicSignals,
      retryAfterMs: parseRetryAfter(error.headers),
      blockedBy: blockedByOf(error.headers),
    });
  }
  if (error instanceof Error && authMissingPattern.test(error.message))
    return { kind: 'auth', code: 'missing_credentials', message: readableMessage(error.message) };
  if (error instanceof Error && streamingRequiredPattern.test(error.message))
    return { kind: 'invalid_request', code: 'streaming_required', message: readableMessage(error.message) };
  return classifyTransportError(error);
}
