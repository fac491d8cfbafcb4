import type { LanguageModelV4FinishReason } from '@ai-sdk/provider';

/**
 * Unified AI SDK finish reason of a Chat Completions `finish_reason`, with
 * the raw value kept: `stop` (and Together's `eos`) is `stop`, or
 * `content-filter` when the answer holds a refusal (OpenAI ends a refusal
 * with `stop`; `@ai-sdk/openai` maps it so too), `length` is
 * `length`, `tool_calls` and `function_call` are `tool-calls`,
 * `content_filter` is `content-filter`; any other reason a server invents
 * (vLLM's `abort`, DeepSeek's `insufficient_system_resource`) is `other`.
 *
 * @param raw the `finish_reason`.
 * @param refused the answer holds a non-empty `refusal`.
 * @returns the finish reason.
 * @example
 * ```ts
 * mapOpenAIFinishReason('eos'); // { unified: 'stop', raw: 'eos' }
 * mapOpenAIFinishReason('stop', true); // { unified: 'content-filter', raw: 'stop' }
 * ```
 */
export function mapOpenAIFinishReason(
  raw: string | null | undefined,
  refused = false,
): LanguageModelV4FinishReason {
  switch (raw) {
    case 'stop':
    case 'eos':
      return { unified: refused ? 'content-filter' : 'stop', raw };
    case 'length':
      return { unified: 'length', raw };
    case 'tool_calls':
    case 'function_call':
      return { unified: 'tool-calls', raw };
    case 'content_filter':
      return { unified: 'content-filter', raw };
    default:
      return { unified: 'other', raw: raw ?? undefined };
  }
}
