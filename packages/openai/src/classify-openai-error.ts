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
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

/**
 * OpenAI's own signals; the status ladder around them is core's
 * `classifyResponseFailure`.
 */
export const openAISignals: ProviderSignals = {
  // OpenAI's code; llama.cpp's `exceed_context_size_error`; vLLM, LM Studio and others say it in words.
  contextLength: matchSignal({
    codes: ['context_length_exceeded', 'exceed_context_size_error'],
    pattern:
      /context_length_exceeded|maximum context length|context window|exceeds the available context size|context length (?:is|of) \d+|prompt is too long/i,
  }),
  // `content_filter` (Azure OpenAI), `content_policy_violation` (the safety system rejected the
  // request), `invalid_prompt` (a prompt flagged as violating the usage policy).
  contentFiltered: matchSignal({ codes: ['content_filter', 'content_policy_violation', 'invalid_prompt'] }),
  regionBlocked: matchSignal({
    codes: ['unsupported_country_region_territory'],
    pattern: /country, region, or territory not supported/i,
  }),
  quotaExhausted: matchSignal({
    codes: [
      'insufficient_quota',
      'credit_balance_exhausted',
      'organization_spend_limit_exceeded',
      'project_spend_limit_exceeded',
      'organization_usage_limit_exceeded',
      'billing_hard_limit_reached',
      'billing_not_active',
    ],
  }),
  keyRevoked: matchSignal({ codes: ['invalid_api_key', 'account_deactivated'] }),
  modelMissing: matchSignal({ codes: ['model_not_found'], pattern: /\bmodel\b/i }),
  rateLimited: matchSignal({ codes: ['rate_limit_exceeded'] }),
};

/**
 * Classifies any error the `openai` SDK (or an OpenAI-compatible server
 * behind it) can throw into a Switchyard failure: the SDK's envelope is read
 * here, and core's status ladder (`classifyResponseFailure`) applies
 * {@link openAISignals}. Errors inside a 200 stream (`status` undefined) are
 * classified from their body alone.
 *
 * | signal | failure |
 * |---|---|
 * | 403 `unsupported_country_region_territory` | `cutoff`, `region_blocked`, scope `jurisdiction` |
 * | 451 | `cutoff`, `legal_block`, scope `jurisdiction` |
 * | 401 `invalid_api_key` / `account_deactivated` | `cutoff`, `key_revoked`, scope `target` |
 * | 404 `model_not_found` saying "deprecated" | `cutoff`, `model_withdrawn`, scope `target` |
 * | 404 `model_not_found` otherwise (unknown model, a typo) | `cutoff`, `model_not_found`, scope `target` |
 * | 429 (or in-stream) `insufficient_quota` and the billing/spend-limit codes | `cutoff`, `quota_exhausted`, scope `target` |
 * | 402 | `cutoff`, `billing`, scope `target` |
 * | 429 other (`rate_limit_exceeded`, ...) | `rate_limited`, with `retryAfterMs` |
 * | `context_length_exceeded` | `context_length` |
 * | `content_filter`, `content_policy_violation`, `invalid_prompt` | `content_filtered` |
 * | 408, 409, 5xx, in-stream `server_error`, connection errors, a cut or malformed stream | `transient` (`retryAfterMs` when sent) |
 * | `APIConnectionTimeoutError` | `timeout` |
 * | the caller's abort (`APIUserAbortError`) | `transient`, code `aborted` |
 * | no API key configured (the SDK's missing-credentials error) | `auth`, code `missing_credentials` |
 * | other 401/403 (IP not allowed, not in org) | `auth` |
 * | other 4xx | `invalid_request` |
 *
 * Messages are the provider's own, with secrets removed and an HTML error
 * page (a gateway's) named by its title (`readableMessage`).
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
        code: typeof error.code === 'string' && error.code !== '' ? error.code : envelope.code,
        type: typeof error.type === 'string' && error.type !== '' ? error.type : envelope.type,
        message: readableMessage(envelope.message ?? error.message),
      },
      signals: openAISignals,
      retryAfterMs: parseRetryAfter(error.headers),
      blockedBy: blockedByOf(error.headers),
    });
  }
  return classifyTransportError(error);
}
