import type { LanguageModelV4Usage } from '@ai-sdk/provider';
import type { OpenAIUsage } from './openai-wire.js';

/**
 * AI SDK usage of a Chat Completions `usage`, every billed token counted,
 * across the servers that speak the format:
 *
 * - cached input: `prompt_tokens_details.cached_tokens`, else DeepSeek's
 *   `prompt_cache_hit_tokens`; when it exceeds `prompt_tokens` (xAI reports
 *   some prompts without their cached part) the input total is their sum;
 * - cache writes: `prompt_tokens_details.cache_write_tokens` (inside
 *   `prompt_tokens`, as `@ai-sdk/openai` reads it), `undefined` when not sent;
 * - reasoning: `completion_tokens_details.reasoning_tokens`, else a top-level
 *   `reasoning_tokens`;
 * - billed output: `completion_tokens`, plus the reasoning when the server
 *   reports it outside (xAI: `total_tokens` = prompt + completion + reasoning,
 *   or more reasoning than completion tokens); text = output − reasoning,
 *   never negative.
 *
 * @param usage the `usage` (or Groq's `x_groq.usage`).
 * @returns the AI SDK usage, with the raw usage.
 * @example
 * ```ts
 * // xAI: 1 text token, 228 reasoning tokens reported outside completion_tokens
 * mapOpenAIUsage({ prompt_tokens: 12, completion_tokens: 1, total_tokens: 241,
 *   completion_tokens_details: { reasoning_tokens: 228 } }).outputTokens; // { total: 229, text: 1, reasoning: 228 }
 * ```
 */
export function mapOpenAIUsage(usage: OpenAIUsage | null | undefined): LanguageModelV4Usage {
  if (usage == null) {
    return {
      inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: undefined, text: undefined, reasoning: undefined },
    };
  }
  const prompt = usage.prompt_tokens ?? 0;
  const completion = usage.completion_tokens ?? 0;
  const cached = usage.prompt_tokens_details?.cached_tokens ?? usage.prompt_cache_hit_tokens ?? 0;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens ?? usage.reasoning_tokens ?? 0;
  const cacheWrite = usage.prompt_tokens_details?.cache_write_tokens ?? undefined;
  const input = cached > prompt ? prompt + cached : prompt;
  const total = usage.total_tokens;
  const reasoningOutside =
    reasoning > 0 &&
    (reasoning > completion ||
      (total != null && total !== input + completion && total === input + completion + reasoning));
  const output = reasoningOutside ? completion + reasoning : completion;
  return {
    inputTokens: {
      total: input,
      noCache: Math.max(0, input - cached - (cacheWrite ?? 0)),
      cacheRead: cached,
      cacheWrite,
    },
    outputTokens: { total: output, text: Math.max(0, output - reasoning), reasoning },
    raw: usage as NonNullable<LanguageModelV4Usage['raw']>,
  };
}

/**
 * The predicted output's accepted and rejected tokens (`prediction`), as
 * `@ai-sdk/openai` keeps them in `providerMetadata.openai`:
 * `acceptedPredictionTokens`, `rejectedPredictionTokens`, each when sent.
 *
 * @param usage the `usage`.
 * @returns the fields (none without them).
 */
export function predictionTokensOf(usage: OpenAIUsage | null | undefined): Record<string, number> {
  const details = usage?.completion_tokens_details;
  if (details == null) return {};
  const accepted = details.accepted_prediction_tokens;
  const rejected = details.rejected_prediction_tokens;
  return {
    ...(accepted == null ? {} : { acceptedPredictionTokens: accepted }),
    ...(rejected == null ? {} : { rejectedPredictionTokens: rejected }),
  };
}
