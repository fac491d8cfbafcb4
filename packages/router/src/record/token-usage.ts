import type { LanguageModelV4Usage } from '@ai-sdk/provider';
import type { TokenUsage } from '@switchyard/core';

/**
 * Token usage of an AI SDK usage object, as recorded: every bucket a cost
 * needs (input with cache reads and writes, output with reasoning). A total
 * the provider left out is the sum of its parts when those are known.
 */
export function tokenUsage(usage: LanguageModelV4Usage | undefined): TokenUsage | undefined {
  if (!usage) return undefined;
  const input = usage.inputTokens;
  const output = usage.outputTokens;
  const cacheRead = input.cacheRead ?? 0;
  const cacheWrite = input.cacheWrite ?? 0;
  const recorded: TokenUsage = {
    inputTokens: input.total ?? (input.noCache === undefined ? 0 : input.noCache + cacheRead + cacheWrite),
    outputTokens: output.total ?? (output.text ?? 0) + (output.reasoning ?? 0),
    cachedInputTokens: cacheRead,
    reasoningTokens: output.reasoning ?? 0,
  };
  if (cacheWrite > 0) recorded.cacheWriteInputTokens = cacheWrite;
  return recorded;
}

/** Whether the model reported no token counts at all (its usage is then unknown, not zero). */
export function usageUnknown(usage: LanguageModelV4Usage | undefined): boolean {
  return (
    usage === undefined || (usage.inputTokens.total === undefined && usage.outputTokens.total === undefined)
  );
}
