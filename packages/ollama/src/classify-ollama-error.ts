import { type ClassifiedFailure, ProviderError, parseRetryAfter, redactSecrets } from '@switchyard/core';
import { malformedLinePrefix } from './check-ndjson-framing.js';

const regionPattern = /region|country|territor|location/i;
const quotaPattern = /usage limit|upgrade|quota|billing|credit/i;
const contextLengthPattern = /context length|context window|too long/i;

/**
 * Classifies any error the `ollama` client can throw into a Switchyard
 * failure. The client throws a `ResponseError` (not exported; recognised by
 * `name === 'ResponseError'` and its `status_code`) for HTTP errors, a plain
 * `Error` for an `{"error": ...}` line inside a 200 stream and for a stream
 * without its `done` part, fetch's `TypeError` for connection failures, and
 * the abort signal's reason (`AbortError`, `TimeoutError`) when aborted.
 * The client drops response headers, so pass them (the adapter captures them)
 * to read `retry-after`.
 *
 * | signal | failure |
 * |---|---|
 * | 404 `model '...' not found` | `cutoff`, `model_withdrawn`, scope `target` |
 * | 403 naming a region/country | `cutoff`, `region_blocked`, scope `jurisdiction` |
 * | 451 | `cutoff`, `legal_block`, scope `jurisdiction` |
 * | 401 (ollama.com: `unauthorized`) | `cutoff`, `key_revoked`, scope `target` |
 * | 402, 429 naming a usage limit / upgrade | `cutoff`, `quota_exhausted`, scope `target` |
 * | 429 other | `rate_limited`, with `retryAfterMs` from the headers |
 * | 400 naming the context length | `context_length` |
 * | 408, 409, 499, 5xx | `transient` |
 * | an `{"error": ...}` line inside a 200 stream | `transient`, code `stream_error` (`context_length` when it names the context length) |
 * | a stream that ends without `done: true` | `transient`, code `stream_truncated` |
 * | a connection closed mid-answer (`TypeError: terminated`) | `transient`, code `connection_closed` |
 * | connection refused or reset (`TypeError: fetch failed`) | `transient`, code `connection_error` |
 * | a body that is not JSON (`SyntaxError`), an NDJSON line that is not a JSON object (the adapter's framing check) | `transient`, code `malformed_response` |
 * | an abort whose reason is a `TimeoutError` | `timeout` |
 * | any other abort (`AbortError`) | `transient`, code `aborted` |
 * | other 403 | `auth`; other 4xx | `invalid_request` |
 *
 * @param error what the client threw (a `ProviderError` is returned as classified).
 * @param options.headers the HTTP response headers, when known (for `retry-after`).
 * @returns the classified failure.
 * @example
 * ```ts
 * try { await ollama.chat({ model: 'llama3.2', messages }) }
 * catch (error) { console.log(classifyOllamaError(error).kind) }
 * ```
 */
export function classifyOllamaError(error: unknown, options: { headers?: Headers } = {}): ClassifiedFailure {
  if (ProviderError.isInstance(error)) return error.failure;
  if (!(error instanceof Error))
    return { kind: 'transient', code: 'connection_error', message: redactSecrets(String(error)) };
  if (error.name === 'TimeoutError')
    return { kind: 'timeout', code: 'timeout', message: 'the request was aborted by a timeout' };
  if (error.name === 'AbortError')
    return { kind: 'transient', code: 'aborted', message: 'the request was aborted' };
  const statusCode = (error as { status_code?: unknown }).status_code;
  if (error.name === 'ResponseError' && typeof statusCode === 'number') {
    return classifyStatus(statusCode, redactSecrets(error.message), parseRetryAfter(options.headers));
  }
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
  if (error.message.startsWith(malformedLinePrefix))
    return { kind: 'transient', code: 'malformed_response', message: error.message };
  if (error.message === doneMissing) {
    return { kind: 'transient', code: 'stream_truncated', message: 'the stream ended without its done part' };
  }
  const message = redactSecrets(error.message);
  if (contextLengthPattern.test(message)) return { kind: 'context_length', message };
  return { kind: 'transient', code: 'stream_error', message };
}

/** What the `ollama` client throws when a stream ends without `done: true`. */
const doneMissing = 'Did not receive done or success response in stream.';

function causeOf(error: Error): string {
  const cause = error.cause;
  if (!(cause instanceof Error)) return '';
  const code = (cause as { code?: unknown }).code;
  return `: ${typeof code === 'string' ? `${code} ` : ''}${cause.message}`;
}

function classifyStatus(
  status: number,
  message: string,
  retryAfterMs: number | undefined,
): ClassifiedFailure {
  const base = { status, message, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  if (status === 404) return { kind: 'cutoff', cutoffReason: 'model_withdrawn', scope: 'target', ...base };
  if (status === 451) return { kind: 'cutoff', cutoffReason: 'legal_block', scope: 'jurisdiction', ...base };
  if (status === 403) {
    return regionPattern.test(message)
      ? { kind: 'cutoff', cutoffReason: 'region_blocked', scope: 'jurisdiction', ...base }
      : { kind: 'auth', ...base };
  }
  if (status === 401) return { kind: 'cutoff', cutoffReason: 'key_revoked', scope: 'target', ...base };
  if (status === 402) return { kind: 'cutoff', cutoffReason: 'billing', scope: 'target', ...base };
  if (status === 429) {
    return quotaPattern.test(message)
      ? { kind: 'cutoff', cutoffReason: 'quota_exhausted', scope: 'target', ...base }
      : { kind: 'rate_limited', ...base };
  }
  if (status === 400 && contextLengthPattern.test(message)) return { kind: 'context_length', ...base };
  if (status === 408 || status === 409 || status === 499 || status >= 500)
    return { kind: 'transient', ...base };
  return { kind: 'invalid_request', ...base };
}
