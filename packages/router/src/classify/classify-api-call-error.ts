import { APICallError } from '@ai-sdk/provider';
import type { ClassifiedFailure } from '@switchyard/core';
import {
  blockedByOf,
  classifyResponseFailure,
  matchSignal,
  type ProviderSignals,
  parseRetryAfter,
  readErrorEnvelope,
  redactSecrets,
} from '@switchyard/core/failure';

/**
 * The signals of AI SDK providers in general (Google, Mistral,
 * OpenAI-compatible servers, ...), read from the message and the body's
 * error type, code and status.
 */
export const apiCallErrorSignals: ProviderSignals = {
  contextLength: matchSignal({
    pattern: /context_length|context length|too many tokens|prompt is too long|maximum context/i,
  }),
  contentFiltered: (signal) =>
    signal.status !== 403 &&
    /content_filter|content filtering|content_policy|content management policy|safety/i.test(
      `${signal.code ?? ''} ${signal.type ?? ''} ${signal.message}`,
    ),
  regionBlocked: (signal) =>
    (signal.status === 403 &&
      /region|country|territory|location|forbidden|not allowed/i.test(signal.message)) ||
    (signal.status === 400 &&
      /failed_precondition/i.test(signal.code ?? '') &&
      /location|country|region/i.test(signal.message)),
  quotaExhausted: (signal) =>
    signal.status !== 402 &&
    /insufficient_quota|billing|credit balance|quota exceeded|spend limit/i.test(
      `${signal.code ?? ''} ${signal.message}`,
    ),
};

/**
 * Classifies an AI SDK `APICallError` from any provider (Google, Mistral,
 * OpenAI-compatible, ...) with core's status ladder (`classifyResponseFailure`)
 * and {@link apiCallErrorSignals}:
 *
 * | signal | kind |
 * |---|---|
 * | 451; 403 region/country/"not allowed"; 400 `FAILED_PRECONDITION` location/country (Gemini) | `cutoff` (`region_blocked` / `legal_block`, scope jurisdiction) |
 * | 401 | `cutoff` (`key_revoked`) |
 * | 404 saying deprecated/withdrawn | `cutoff` (`model_withdrawn`); other 404: `cutoff` (`model_not_found`) |
 * | 402 | `cutoff` (`billing`); `insufficient_quota` / billing / spend limit: `cutoff` (`quota_exhausted`) |
 * | 429 | `rate_limited` with retry-after |
 * | `context_length_exceeded`, "maximum context length", "prompt is too long" | `context_length` |
 * | `content_filter`, `content_policy_violation`, "content filtering policy" (Anthropic), "content management policy", "safety" | `content_filtered` |
 * | 408, 409, 5xx, 529 | `transient` |
 * | other 4xx | `invalid_request` |
 *
 * @param error the AI SDK error.
 * @returns the classified failure.
 * @example
 * ```ts
 * classifyAPICallError(error).kind; // 'rate_limited'
 * ```
 */
export function classifyAPICallError(error: APICallError): ClassifiedFailure {
  const envelope = readErrorEnvelope(error.data ?? error.responseBody);
  return classifyResponseFailure({
    signal: {
      status: error.statusCode,
      code: envelope.code ?? envelope.status,
      type: envelope.type,
      message: redactSecrets(envelope.message ?? error.message),
    },
    signals: apiCallErrorSignals,
    retryAfterMs: parseRetryAfter(error.responseHeaders),
    blockedBy: blockedByOf(error.responseHeaders),
  });
}

/** Whether `error` is an AI SDK APICallError (of any copy of `@ai-sdk/provider`). */
export function isAPICallError(error: unknown): error is APICallError {
  return APICallError.isInstance(error);
}
