import type { LanguageModelV4FinishReason } from '@ai-sdk/provider';

/**
 * Unified AI SDK finish reason of an Ollama `done_reason`. Ollama says `stop`
 * after a tool call too, so a tool call turns `stop` into `tool-calls`.
 *
 * @param raw the `done_reason` (`stop`, `length`, `load`, `unload`), when sent.
 * @param hasToolCalls whether the answer called a tool.
 * @returns the finish reason, with the raw value.
 * @example
 * ```ts
 * mapOllamaDoneReason('length', false); // { unified: 'length', raw: 'length' }
 * ```
 */
export function mapOllamaDoneReason(
  raw: string | null | undefined,
  hasToolCalls: boolean,
): LanguageModelV4FinishReason {
  if (hasToolCalls && (raw === 'stop' || raw == null || raw === ''))
    return { unified: 'tool-calls', raw: raw ?? undefined };
  if (raw === 'stop') return { unified: 'stop', raw };
  if (raw === 'length') return { unified: 'length', raw };
  return { unified: 'other', raw: raw || undefined };
}
