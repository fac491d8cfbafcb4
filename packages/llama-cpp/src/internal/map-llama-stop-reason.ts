import type { LanguageModelV4FinishReason } from '@ai-sdk/provider';
import type { LlamaChatResponse } from 'node-llama-cpp';

/**
 * The AI SDK finish reason of a node-llama-cpp stop reason: the end-of-text
 * token, a stop trigger of the template or a stop sequence → `stop` (or
 * `tool-calls` after a tool call); `maxTokens` → `length`; `functionCalls` →
 * `tool-calls`; an abort → `other`.
 *
 * @param raw `response.metadata.stopReason`.
 * @param hasToolCalls whether the answer called a tool.
 * @returns the finish reason, with the raw value.
 * @example
 * ```ts
 * mapLlamaStopReason('maxTokens', false); // { unified: 'length', raw: 'maxTokens' }
 * ```
 */
export function mapLlamaStopReason(
  raw: LlamaChatResponse['metadata']['stopReason'],
  hasToolCalls: boolean,
): LanguageModelV4FinishReason {
  if (raw === 'functionCalls' || hasToolCalls) return { unified: 'tool-calls', raw };
  if (raw === 'eogToken' || raw === 'stopGenerationTrigger' || raw === 'customStopTrigger')
    return { unified: 'stop', raw };
  if (raw === 'maxTokens') return { unified: 'length', raw };
  return { unified: 'other', raw };
}
