import { type ClassifiedFailure, ProviderError, parseRetryAfter, redactSecrets } from '@switchyard/core';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

const quotaCodes = new Set([
  'insufficient_quota',
  'credit_balance_exhausted',
  'organization_spend_limit_exceeded',
  'project_spend_limit_exceeded',
  'organization_usage_limit_exceeded',
  'billing_hard_limit_reached',
  'billing_not_active',
]);
const revokedKeyCodes = new Set(['invalid_api_key', 'account_deactivated']);
const contextLengthPattern = /context_length_exceeded|maximum context length|context window/i;
const regionPattern = /country, region, or territory not supported/i;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Classifies any error the `openai` SDK (or an OpenAI-compatible server
 * behind it) can throw into a Switchyard failure, from the HTTP status, the
 * body's `error.code`/`error.type` and message, and `retry-after-ms` /
 * `retry-after`. Errors inside a 200 stream (`status` undefined) are
 * classified from their body alone.
 *
 * | signal | failure |
 * |---|---|
 * | 403 `unsupported_country_region_territory` | `cutoff`, `region_blocked`, scope `jurisdiction` |
 * | 451 | `cutoff`, `legal_block`, scope `jurisdiction` |
 * | 401 `invalid_api_key` / `account_deactivated` | `cutoff`, `key_revoked`, scope `target` |
 * | 404 `model_not_found` (withdrawn, deprecated or unknown model) | `cutoff`, `model_withdrawn`, scope `target` |
 * | 429 (or in-stream) `insufficient_quota` and the billing/spend-limit codes; 402 | `cutoff`, `quota_exhausted` / `billing`, scope `target` |
 * | 429 other (`rate_limit_exceeded`, ...) | `rate_limited`, with `retryAfterMs` |
 * | `context_length_exceeded` | `context_length` |
 * | `content_filter` | `content_filtered` |
 * | 408, 409, 5xx, in-stream `server_error`, connection errors, a cut or malformed stream | `transient` (`retryAfterMs` when sent) |
 * | `APIConnectionTimeoutError` | `timeout` |
 * | the caller's abort (`APIUserAbortError`) | `transient`, code `aborted` |
 * | other 401/403 (no key, IP not allowed, not in org) | `auth` |
 * | other 4xx | `invalid_request` |
 *
 * Messages are the provider's own, with anything shaped like an API key removed.
 *
 * @param error what the SDK threw (a `ProviderError` is returned as classified).
 * @returns the classified failure.
 * @example
 * ```ts
 * try { await client.chat.completions.create(body) }
 * catch (error) { if (classifyOpenAIError(error).kind === 'cutoff') quarantine() }
 * ```
 */
export function classifyOpenAIError(error: unknown): ClassifiedFailure {
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
  if (error instanceof SyntaxError) {
    return { kind: 'transient', code: 'malformed_response', message: redactSecrets(error.message) };
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return { kind: 'transient', code: 'aborted', message: 'the request was aborted' };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'transient', code: 'connection_error', message: redactSecrets(message) };
}

function classifyApiError(error: APIError): ClassifiedFailure {
  const status = error.status;
  const body = (typeof error.error === 'object' && error.error !== null ? error.error : {}) as Record<
    string,
    unknown
  >;
  const type = text(error.type) ?? text(body.type);
  const providerCode = text(error.code) ?? text(body.code);
  const message = redactSecrets(text(body.message) ?? error.message);
  const retryAfterMs = parseRetryAfter(error.headers);
  const code = providerCode ?? type;
  const base = {
    ...(status === undefined ? {} : { status }),
    ...(code === undefined ? {} : { code }),
    message,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };

  if (providerCode === 'context_length_exceeded' || contextLengthPattern.test(message))
    return { kind: 'context_length', ...base };
  if (providerCode === 'content_filter' || type === 'content_filter')
    return { kind: 'content_filtered', ...base };
  if (status === 451) return { kind: 'cutoff', cutoffReason: 'legal_block', scope: 'jurisdiction', ...base };
  if (providerCode === 'unsupported_country_region_territory' || regionPattern.test(message)) {
    return { kind: 'cutoff', cutoffReason: 'region_blocked', scope: 'jurisdiction', ...base };
  }
  if (quotaCodes.has(providerCode ?? '') || quotaCodes.has(type ?? '')) {
    return { kind: 'cutoff', cutoffReason: 'quota_exhausted', scope: 'target', ...base };
  }
  if (status === 402) return { kind: 'cutoff', cutoffReason: 'billing', scope: 'target', ...base };
  if (status === 401) {
    return revokedKeyCodes.has(providerCode ?? '')
      ? { kind: 'cutoff', cutoffReason: 'key_revoked', scope: 'target', ...base }
      : { kind: 'auth', ...base };
  }
  if (status === 404) {
    return providerCode === 'model_not_found' || /\bmodel\b/i.test(message)
      ? { kind: 'cutoff', cutoffReason: 'model_withdrawn', scope: 'target', ...base }
      : { kind: 'invalid_request', ...base };
  }
  if (status === 403) return { kind: 'auth', ...base };
  if (status === 429 || providerCode === 'rate_limit_exceeded') return { kind: 'rate_limited', ...base };
  if (status === undefined || status === 408 || status === 409 || status >= 500)
    return { kind: 'transient', ...base };
  return { kind: 'invalid_request', ...base };
}
