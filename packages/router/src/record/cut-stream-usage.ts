import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { inputTokenBound, type TokenUsage } from '@switchyard/core';
import type { AttemptBudget } from '../budget/attempt-budget.js';
import type { PreparedTarget } from '../prepare/prepared-target.js';
import type { RequestState } from '../request/request-state.js';

/**
 * UTF-8 bytes of output one stream part carries (text, reasoning and
 * tool-input deltas, a whole tool call whose input was not streamed): what
 * {@link cutStreamUsage} bounds a cut stream's output by. `streamedToolInputs`
 * remembers the tool calls whose input came as deltas (counted already).
 *
 * @returns the bytes.
 */
export function outputBytes(part: LanguageModelV4StreamPart, streamedToolInputs: Set<string>): number {
  switch (part.type) {
    case 'text-delta':
    case 'reasoning-delta':
      return Buffer.byteLength(part.delta, 'utf8');
    case 'tool-input-delta':
      streamedToolInputs.add(part.id);
      return Buffer.byteLength(part.delta, 'utf8');
    case 'tool-call':
      return streamedToolInputs.has(part.toolCallId) ? 0 : Buffer.byteLength(part.input, 'utf8');
    default:
      return 0;
  }
}

/**
 * The bound of what a stream cut before its finish part was billed, with no
 * usage from the provider: the prompt's input bound (`inputTokenBound`, plus
 * the bytes of the answer a continuation hands back, at most the context
 * window) and, as output, the UTF-8 bytes it produced (no token covers less
 * than a byte), at most its output cap. At least the tokens it produced,
 * never more than a budget reserved; recorded with `usageEstimated`.
 *
 * @param options.request the request (its prompt bound is computed once).
 * @param options.entry the target.
 * @param options.budget the attempt's budget reservation, if any (its input bound and output cap).
 * @param options.outputBytes the bytes of output the attempt produced.
 * @param options.continuedBytes bytes of answer the attempt's prompt carried back (a continuation), default 0.
 * @returns the usage.
 * @example
 * ```ts
 * const usage = cutStreamUsage({ request, entry, budget: start.budget, outputBytes: 120 });
 * ```
 */
export function cutStreamUsage(options: {
  request: RequestState;
  entry: PreparedTarget;
  budget: AttemptBudget | undefined;
  outputBytes: number;
  continuedBytes?: number;
}): TokenUsage {
  const { request, entry, budget } = options;
  const target = entry.target;
  request.inputTokens ??= inputTokenBound(request.callOptions);
  const cap =
    budget?.outputCap ??
    request.callOptions.maxOutputTokens ??
    target.maxOutputTokens ??
    Number.POSITIVE_INFINITY;
  return {
    inputTokens:
      budget?.inputTokens ??
      Math.min(request.inputTokens + (options.continuedBytes ?? 0), target.contextWindow),
    outputTokens: Math.min(options.outputBytes, cap),
    cachedInputTokens: 0,
    reasoningTokens: 0,
  };
}
