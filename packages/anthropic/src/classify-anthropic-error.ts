import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from '@anthropic-ai/sdk';
import { type ClassifiedFailure, ProviderError, parseRetryAfter, redactSecrets } from '@switchyard/core';

const regionPattern = /^request not allowed$|unsupported countr|not available in your region/i;
const spendPattern = /spend limit|usage limit|credit balance|billing/i;
const authMissingPattern = /^Could not resolve authentication method/;
const streamingRequiredPattern = /^Streaming is required for operations that may take longer/;
const contextLengthPattern = /prompt is too long|context window|maximum context length|context_length/i;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/**
 * Classifies any error the `@anthropic-ai/sdk` client can throw into a
 * Switchyard failure, from the HTTP status, the body's `error.type` and
 * message, and `retry-after-ms` / `retry-after`. Errors inside a 200 stream
 * (`event: error`, `status` undefined) are classified from their body alone.
 *
 * | signal | failure |
 * |---|---|
 * | 403 `{"error":{"type":"forbidden","message":"Request not allowed"}}` (the edge's region block, no `request-id`) | `cutoff`, `region_blocked`, scope `jurisdiction` |
 * | 451 | `cutoff`, `legal_block`, scope `jurisdiction` |
 * | 401 `authentication_error` (invalid, revoked or expired key) | `cutoff`, `key_revoked`, scope `target` |
 * | 404 `not_found_error` (unknown or retired model) | `cutoff`, `model_withdrawn`, scope `target` |
 * | 402 `billing_error` | `cutoff`, `billing`, scope `target` |
 * | 400/429 naming a spend limit or credit balance | `cutoff`, `quota_exhausted`, scope `target` |
 * | 429 `rate_limit_error` | `rate_limited`, with `retryAfterMs` |
 * | 400 `prompt is too long` | `context_length` |
 * | 408, 409, 5xx, 529 `overloaded_error`, in-stream `overloaded_error`/`api_error`, connection errors, a cut or malformed stream | `transient` |
 * | `APIConnectionTimeoutError` | `timeout` |
 * | the caller's abort (`APIUserAbortError`) | `transient`, code `aborted` |
 * | 403 `permission_error`, 401 missing key / CORS, no key configured (the SDK's `Could not resolve authentication method`) | `auth` |
 * | the SDK's own guard `Streaming is required for operations that may take longer than 10 minutes` | `invalid_request` |
 * | other 4xx | `invalid_request` |
 *
 * Messages are the provider's own, with anything shaped like an API key removed.
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
  if (error instanceof APIUserAbortError)
    return { kind: 'transient', code: 'aborted', message: 'the request was aborted' };
  if (error instanceof APIConnectionTimeoutError)
    return { kind: 'timeout', code: 'timeout', message: 'the request timed out' };
  if (error instanceof APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return {
      kind: 'transient',
      code: 'connection_error',
      message: redactSecrets(`${error.message}${cause}`),
    };
  }
  if (error instanceof APIError) return classifyApiError(error);
  if (error instanceof Error && authMissingPattern.test(error.message))
    return { kind: 'auth', code: 'missing_credentials', message: redactSecrets(error.message) };
  if (error instanceof Error && streamingRequiredPattern.test(error.message))
    return { kind: 'invalid_request', code: 'streaming_required', message: redactSecrets(error.message) };
  if (error instanceof SyntaxError)
    return { kind: 'transient', code: 'malformed_response', message: redactSecrets(error.message) };
  if (error instanceof Error && error.name === 'AbortError')
    return { kind: 'transient', code: 'aborted', message: 'the request was aborted' };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'transient', code: 'connection_error', message: redactSecrets(message) };
}

function classifyApiError(error: APIError): ClassifiedFailure {
  const status = error.status;
  const body = record(error.error);
  const inner = record(body.error);
  const type = text(error.type) ?? text(inner.type);
  const message = redactSecrets(text(inner.message) ?? text(body.message) ?? error.message);
  const retryAfterMs = parseRetryAfter(error.headers);
  const base = {
    ...(status === undefined ? {} : { status }),
    ...(type === undefined ? {} : { code: type }),
    message,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };

  if (contextLengthPattern.test(message) && (status === 400 || status === 413 || status === undefined))
    return { kind: 'context_length', ...base };
  if (status === 451) return { kind: 'cutoff', cutoffReason: 'legal_block', scope: 'jurisdiction', ...base };
  if (status === 403 && (type === 'forbidden' || regionPattern.test(message))) {
    return { kind: 'cutoff', cutoffReason: 'region_blocked', scope: 'jurisdiction', ...base };
  }
  if (status === 402 || type === 'billing_error')
    return { kind: 'cutoff', cutoffReason: 'billing', scope: 'target', ...base };
  if ((status === 400 || status === 429) && spendPattern.test(message)) {
    return { kind: 'cutoff', cutoffReason: 'quota_exhausted', scope: 'target', ...base };
  }
  if (status === 401) {
    return /required|cors/i.test(message)
      ? { kind: 'auth', ...base }
      : { kind: 'cutoff', cutoffReason: 'key_revoked', scope: 'target', ...base };
  }
  if (status === 404) return { kind: 'cutoff', cutoffReason: 'model_withdrawn', scope: 'target', ...base };
  if (status === 403) return { kind: 'auth', ...base };
  if (status === 429 || type === 'rate_limit_error') return { kind: 'rate_limited', ...base };
  if (status === undefined || status === 408 || status === 409 || status >= 500)
    return { kind: 'transient', ...base };
  return { kind: 'invalid_request', ...base };
}
