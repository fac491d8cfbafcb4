import type { LanguageModelV4FinishReason } from '@ai-sdk/provider';

/**
 * Unified AI SDK finish reason of a Messages API `stop_reason`: `end_turn`,
 * `stop_sequence` and `pause_turn` (a server tool loop paused; send the
 * answer back to continue) are `stop`; `max_tokens` and
 * `model_context_window_exceeded` are `length`; `tool_use` is `tool-calls`;
 * `refusal` is `content-filter`; anything else (`compaction`, a new reason)
 * is `other`, with the raw value kept.
 *
 * @param raw the `stop_reason`.
 * @returns the finish reason.
 * @example
 * ```ts
 * mapAnthropicStopReason('tool_use'); // { unified: 'tool-calls', raw: 'tool_use' }
 * ```
 */
export function mapAnthropicStopReason(raw: string | null | undefined): LanguageModelV4FinishReason {
  switch (raw) {
    case 'end_turn':
    case 'stop_sequence':
    case 'pause_turn':
      return { unified: 'stop', raw };
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return { unified: 'length', raw };
    case 'tool_use':
      return { unified: 'tool-calls', raw };
    case 'refusal':
      return { unified: 'content-filter', raw };
    default:
      return { unified: 'other', raw: raw ?? undefined };
  }
}
