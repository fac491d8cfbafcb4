import type { LanguageModelV4Usage } from '@ai-sdk/provider';

/** The token counts of one generation, as the adapter measured them. */
export interface LlamaTokenCounts {
  /** Tokens of the rendered prompt (the chat template applied). */
  readonly inputTokens: number;
  /** Of them, tokens reused from the sequence's cache (not evaluated again). */
  readonly cachedInputTokens: number;
  /** Tokens generated. */
  readonly outputTokens: number;
}

/**
 * The AI SDK usage of a generation: input = the rendered prompt's tokens,
 * `cacheRead` = those reused from the sequence's KV cache, `noCache` = those
 * evaluated; output = the generated tokens (thoughts are not counted apart:
 * `reasoning` is undefined).
 *
 * @param counts what the generation used.
 * @returns the usage.
 * @example
 * ```ts
 * mapLlamaUsage({ inputTokens: 12, cachedInputTokens: 4, outputTokens: 20 }).inputTokens.noCache; // 8
 * ```
 */
export function mapLlamaUsage(counts: LlamaTokenCounts): LanguageModelV4Usage {
  return {
    inputTokens: {
      total: counts.inputTokens,
      noCache: counts.inputTokens - counts.cachedInputTokens,
      cacheRead: counts.cachedInputTokens,
      cacheWrite: undefined,
    },
    outputTokens: { total: counts.outputTokens, text: counts.outputTokens, reasoning: undefined },
  };
}
