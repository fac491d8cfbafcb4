import { APICallError } from '@ai-sdk/provider';
import type { ClassifiedFailure } from '@switchyard/core';

function header(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  return headers[name] ?? headers[name.toLowerCase()];
}

/** Milliseconds to wait from `retry-after-ms` or `retry-after` (seconds or HTTP date), if given. */
export function retryAfterFromHeaders(
  headers: Record<string, string> | undefined,
  now = Date.now(),
): number | undefined {
  const milliseconds = Number.parseFloat(header(headers, 'retry-after-ms') ?? '');
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = header(headers, 'retry-after');
  if (value === undefined) return undefined;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function bodyOf(error: APICallError): { type?: string; code?: string; message?: string; status?: string } {
  const data = (error.data ?? tryParse(error.responseBody)) as Record<string, unknown> | undefined;
  const inner = (data && typeof data.error === 'object' && data.error !== null ? data.error : data) as
    | Record<string, unknown>
    | undefined;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    type: text(inner?.type),
    code: text(inner?.code) ?? (typeof inner?.code === 'number' ? undefined : undefined),
    message: text(inner?.message) ?? (typeof data?.error === 'string' ? data.error : undefined),
    status: text(inner?.status),
  };
}

function tryParse(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Classifies an AI SDK `APICallError` from any provider (Google, Mistral,
 * OpenAI-compatible, ...) into a failure kind, from its status code, the
 * provider's error type/code in the body, and retry headers:
 *
 * | signal | kind |
 * |---|---|
 * | 451; 403 region/country/"not allowed"; 400 `FAILED_PRECONDITION` location/country (Gemini) | `cutoff` (`region_blocked`, scope jurisdiction) |
 * | 401 revoked/invalid key, `account_deactivated` | `cutoff` (`key_revoked`) |
 * | 404 model not found / deprecated | `cutoff` (`model_withdrawn`) |
 * | 402, 429 `insufficient_quota` / billing | `cutoff` (`quota_exhausted`) |
 * | 429 | `rate_limited` with retry-after |
 * | `context_length_exceeded`, "maximum context length", "prompt is too long" | `context_length` |
 * | `content_filter`, "content management policy" | `content_filtered` |
 * | 408, 409, 5xx, 529 | `transient` |
 * | other 4xx | `invalid_request` |
 */
export function classifyAPICallError(error: APICallError): ClassifiedFailure {
  const status = error.statusCode;
  const body = bodyOf(error);
  const code = body.code ?? body.type ?? body.status;
  const message = body.message ?? error.message;
  const text = `${code ?? ''} ${message}`.toLowerCase();
  const retryAfterMs = retryAfterFromHeaders(error.responseHeaders);
  const base = { status, code, message, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };

  if (/context_length|context length|too many tokens|prompt is too long|maximum context/.test(text)) {
    return { kind: 'context_length', ...base };
  }
  if (/content_filter|content management policy|safety/.test(text) && status !== 403) {
    return { kind: 'content_filtered', ...base };
  }
  if (status === 451) return { kind: 'cutoff', cutoffReason: 'legal_block', scope: 'jurisdiction', ...base };
  if (
    (status === 403 && /region|country|territory|location|forbidden|not allowed/.test(text)) ||
    (status === 400 && /failed_precondition/.test(text) && /location|country|region/.test(text))
  ) {
    return { kind: 'cutoff', cutoffReason: 'region_blocked', scope: 'jurisdiction', ...base };
  }
  if (status === 401) return { kind: 'cutoff', cutoffReason: 'key_revoked', scope: 'target', ...base };
  if (status === 402 || /insufficient_quota|billing|credit balance|quota exceeded|spend limit/.test(text)) {
    return {
      kind: 'cutoff',
      cutoffReason: status === 402 ? 'billing' : 'quota_exhausted',
      scope: 'target',
      ...base,
    };
  }
  if (status === 404) return { kind: 'cutoff', cutoffReason: 'model_withdrawn', scope: 'target', ...base };
  if (status === 403) return { kind: 'auth', ...base };
  if (status === 429) return { kind: 'rate_limited', ...base };
  if (status === undefined || status === 408 || status === 409 || status >= 500)
    return { kind: 'transient', ...base };
  return { kind: 'invalid_request', ...base };
}

/** Whether `error` is an AI SDK APICallError (of any copy of `@ai-sdk/provider`). */
export function isAPICallError(error: unknown): error is APICallError {
  return APICallError.isInstance(error);
}
