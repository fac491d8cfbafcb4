import { type ClassifiedFailure, ProviderError } from '@switchyard/core';
import {
  blockedByOf,
  classifyResponseFailure,
  classifyTransportError,
  matchSignal,
  type ProviderSignals,
  parseRetryAfter,
  readableMessage,
} from '@switchyard/core/failure';

const contextLengthPattern = /context length|context window|too long/i;

/**
 * Ollama's own signals (ollama.com adds region, quota and key signals to a
 * local server's); the status ladder around them is core's `classifyResponseFailure`.
 * Ollama has no content filter: a refusal arrives as ordinary text.
 */
export const ollamaSignals: ProviderSignals = {
  contextLength: matchSignal({ pattern: contextLengthPattern, statuses: [400] }),
  regionBlocked: matchSignal({ pattern: /region|country|territor|location/i, statuses: [403] }),
  quotaExhausted: matchSignal({ pattern: /usage limit|upgrade|quota|billing|credit/i, statuses: [429] }),
  transient: matchSignal({ statuses: [499] }),
};

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
 * | 404 `model '...' not found` (a model not pulled, a typo) | `cutoff`, `model_not_found`, scope `target` (the router calls it `model_withdrawn` when the target served before) |
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
 * | a body that is not JSON (`SyntaxError`) | `transient`, code `malformed_response` |
 * | an NDJSON line that is not a JSON object (thrown by the adapter's reader, already classified), the line quoted (core `malformedStreamFailure`) | `transient`, code `malformed_stream` |
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
  if (!(error instanceof Error)) return classifyTransportError(error);
  const statusCode = (error as { status_code?: unknown }).status_code;
  if (error.name === 'ResponseError' && typeof statusCode === 'number') {
    return classifyResponseFailure({
      signal: {
        status: statusCode,
        code: undefined,
        type: undefined,
        // The client says `Error 500: ` for an error without a body.
        message: /^Error \d+:\s*$/.test(error.message)
          ? `${statusCode} status code (no body)`
          : readableMessage(error.message),
      },
      signals: ollamaSignals,
      retryAfterMs: parseRetryAfter(options.headers),
      blockedBy: blockedByOf(options.headers),
    });
  }
  if (
    error instanceof TypeError ||
    error instanceof SyntaxError ||
    error.name === 'AbortError' ||
    error.name === 'TimeoutError'
  )
    return classifyTransportError(error);
  if (error.message === doneMissing) {
    return { kind: 'transient', code: 'stream_truncated', message: 'the stream ended without its done part' };
  }
  const message = readableMessage(error.message);
  if (contextLengthPattern.test(message)) return { kind: 'context_length', message };
  return { kind: 'transient', code: 'stream_error', message };
}

/** What the `ollama` client throws when a stream ends without `done: true`. */
const doneMissing = 'Did not receive done or success response in stream.';
