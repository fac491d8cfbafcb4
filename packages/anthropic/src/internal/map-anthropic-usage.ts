import type { LanguageModelV4Usage } from '@ai-sdk/provider';
import type { AnthropicUsage } from './anthropic-wire.js';

/** Iterations billed at the model's own rates (an advisor's are billed at the advisor model's). */
const executorIterations = new Set(['compaction', 'message']);

/**
 * AI SDK usage of a Messages API `usage`, every billed token counted:
 *
 * - input total = uncached + cache reads + cache writes (the API reports them
 *   apart); `noCache`, `cacheRead`, `cacheWrite` keep the split;
 * - when the answer took several sampling steps (`usage.iterations`:
 *   compaction, which the top level leaves out), every bucket is the sum over
 *   the steps billed at the model's rates (`compaction`, `message`); a turn
 *   served by a server-side fallback (`fallback_message`) is counted by its
 *   top level, which already is the served answer; an advisor's steps are
 *   billed at another model's rates and stay in `raw`;
 * - reasoning = `output_tokens_details.thinking_tokens` when reported; then
 *   text = output − reasoning; without it the split is unknown and both stay
 *   `undefined` (all output tokens are still in the total).
 *
 * @param usage the `usage` (of the message, or the merged stream usage).
 * @returns the AI SDK usage, with the raw usage.
 * @example
 * ```ts
 * mapAnthropicUsage({ input_tokens: 10, cache_read_input_tokens: 90, output_tokens: 5 }).inputTokens.total; // 100
 * ```
 */
export function mapAnthropicUsage(usage: AnthropicUsage | null | undefined): LanguageModelV4Usage {
  if (usage == null) {
    return {
      inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: undefined, text: undefined, reasoning: undefined },
    };
  }
  let uncached = usage.input_tokens ?? undefined;
  let output = usage.output_tokens ?? undefined;
  let cacheRead = usage.cache_read_input_tokens ?? 0;
  let cacheWrite = usage.cache_creation_input_tokens ?? 0;
  const iterations = usage.iterations ?? [];
  const steps = iterations.filter((step) => executorIterations.has(step.type));
  if (steps.length > 0 && !iterations.some((step) => step.type === 'fallback_message')) {
    uncached = 0;
    output = 0;
    cacheRead = 0;
    cacheWrite = 0;
    for (const step of steps) {
      uncached += step.input_tokens ?? 0;
      output += step.output_tokens ?? 0;
      cacheRead += step.cache_read_input_tokens ?? 0;
      cacheWrite += step.cache_creation_input_tokens ?? 0;
    }
  }
  const reasoning = usage.output_tokens_details?.thinking_tokens ?? undefined;
  return {
    inputTokens: {
      total: uncached === undefined ? undefined : uncached + cacheRead + cacheWrite,
      noCache: uncached,
      cacheRead,
      cacheWrite,
    },
    outputTokens: {
      total: output,
      text: output === undefined || reasoning === undefined ? undefined : Math.max(0, output - reasoning),
      reasoning,
    },
    raw: usage as NonNullable<LanguageModelV4Usage['raw']>,
  };
}
