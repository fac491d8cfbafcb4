import type { TokenUsage } from '@switchyard/core';

/**
 * What an answer cut before the provider reported usage was billed for: the
 * prompt and the output produced, at about 4 characters a token, so it
 * counts as spend rather than $0.
 *
 * @param options.promptTokens the prompt's estimated tokens.
 * @param options.characters characters of output produced (text, reasoning, tool input).
 * @returns the estimated usage.
 * @example
 * ```ts
 * estimatedUsage({ promptTokens: 12, characters: 40 }); // { inputTokens: 12, outputTokens: 10, ... }
 * ```
 */
export function estimatedUsage(options: { promptTokens: number; characters: number }): TokenUsage {
  return {
    inputTokens: options.promptTokens,
    outputTokens: Math.ceil(options.characters / 4),
    cachedInputTokens: 0,
    reasoningTokens: 0,
  };
}
