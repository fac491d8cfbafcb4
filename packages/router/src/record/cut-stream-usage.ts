import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { inputTokenBound, type TokenUsage } from '@switchyard/core';
import type { AttemptBudget } from '../budget/attempt-budget.js';
import type { PreparedTarget } from '../prepare/prepared-target.js';
import type { RequestState } from '../request/request-state.js';

/** Up to this length a string's UTF-8 bytes are counted in JavaScript; longer ones by `Buffer.byteLength`. */
const countedInline = 16;

/**
 * UTF-8 bytes of a string. The short deltas of a stream (a token or a few)
 * are counted in JavaScript, several times cheaper than a call into C++ per
 * part; longer strings go to `Buffer.byteLength`. A lone surrogate counts 3
 * bytes, as its replacement character does.
 *
 * @returns the bytes.
 */
export function utf8Bytes(text: string): number {
  const length = text.length;
  if (length > countedInline) return Buffer.byteLength(text, 'utf8');
  let bytes = length;
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && index + 1 < length) {
      const low = text.charCodeAt(index + 1);
      // A surrogate pair: 4 bytes for its two code units.
      if (low >= 0xdc00 && low <= 0xdfff) index++;
      bytes += 2;
    } else bytes += 2;
  }
  return bytes;
}

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
      return utf8Bytes(part.delta);
    case 'tool-input-delta':
      streamedToolInputs.add(part.id);
      return utf8Bytes(part.delta);
    case 'tool-call':
      return streamedToolInputs.has(part.toolCallId) ? 0 : utf8Bytes(part.input);
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
