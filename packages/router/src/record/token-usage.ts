import type { LanguageModelV4Usage } from '@ai-sdk/provider';
import type { TokenUsage } from '@switchyard/core';

/** Token usage of an AI SDK usage object, as recorded. */
export function tokenUsage(usage: LanguageModelV4Usage | undefined): TokenUsage | undefined {
  if (!usage) return undefined;
  return {
    inputTokens: usage.inputTokens.total ?? 0,
    outputTokens: usage.outputTokens.total ?? 0,
    cachedInputTokens: usage.inputTokens.cacheRead ?? 0,
    reasoningTokens: usage.outputTokens.reasoning ?? 0,
  };
}

/** Whether the model reported no token counts at all (its usage is then unknown, not zero). */
export function usageUnknown(usage: LanguageModelV4Usage | undefined): boolean {
  return (
    usage === undefined || (usage.inputTokens.total === undefined && usage.outputTokens.total === undefined)
  );
}
