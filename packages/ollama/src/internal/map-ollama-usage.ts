import type { LanguageModelV4Usage } from '@ai-sdk/provider';
import type { OllamaChatResponse } from './ollama-wire.js';

/**
 * AI SDK usage of Ollama's `prompt_eval_count` (input) and `eval_count`
 * (output). Ollama reports no cache split, and counts thinking inside
 * `eval_count` without a separate figure: the output's text share is
 * `eval_count` when the answer did not think, unknown (`undefined`) when it
 * did; the reasoning share stays `undefined`.
 *
 * @param response the final (`done: true`) response.
 * @param thought whether the answer held thinking.
 * @returns the usage, with the raw counts and durations.
 * @example
 * ```ts
 * mapOllamaUsage({ prompt_eval_count: 12, eval_count: 5 }).outputTokens.total; // 5
 * ```
 */
export function mapOllamaUsage(
  response: OllamaChatResponse | undefined,
  thought = false,
): LanguageModelV4Usage {
  const input = response?.prompt_eval_count ?? undefined;
  const output = response?.eval_count ?? undefined;
  return {
    inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: output, text: thought ? undefined : output, reasoning: undefined },
    ...(response === undefined
      ? {}
      : {
          raw: {
            prompt_eval_count: input ?? null,
            eval_count: output ?? null,
            total_duration: response.total_duration ?? null,
            load_duration: response.load_duration ?? null,
            prompt_eval_duration: response.prompt_eval_duration ?? null,
            eval_duration: response.eval_duration ?? null,
          },
        }),
  };
}
