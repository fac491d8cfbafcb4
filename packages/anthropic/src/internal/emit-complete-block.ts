import type { EmitPart } from '@switchyard/core/adapter';
import type { StreamState } from './anthropic-stream-state.js';
import type { AnthropicBlock } from './anthropic-wire.js';
import { mapAnthropicBlock } from './map-anthropic-block.js';

/**
 * Emits a block that arrives complete (inside `message_start`, or a server
 * tool's result or an MCP block in `content_block_start`) as the stream parts
 * of its content: start, one delta and end for text and reasoning, the input
 * parts and the call for a tool call, and tool results and sources as they are.
 */
export function emitCompleteBlock(
  state: StreamState,
  block: AnthropicBlock,
  index: number,
  id: string,
  emit: EmitPart,
): void {
  for (const part of mapAnthropicBlock(block, state.context, index)) {
    switch (part.type) {
      case 'text':
        state.answered = true;
        emit({
          type: 'text-start',
          id,
          ...(part.providerMetadata ? { providerMetadata: part.providerMetadata } : {}),
        });
        if (part.text !== '') emit({ type: 'text-delta', id, delta: part.text });
        emit({
          type: 'text-end',
          id,
          ...(part.citations ? { citations: part.citations } : {}),
          ...(part.providerMetadata ? { providerMetadata: part.providerMetadata } : {}),
        });
        break;
      case 'reasoning':
        emit({
          type: 'reasoning-start',
          id,
          ...(part.providerMetadata ? { providerMetadata: part.providerMetadata } : {}),
        });
        if (part.text !== '') emit({ type: 'reasoning-delta', id, delta: part.text });
        emit({
          type: 'reasoning-end',
          id,
          ...(part.providerMetadata ? { providerMetadata: part.providerMetadata } : {}),
        });
        break;
      case 'tool-call':
        state.answered = true;
        emit({
          type: 'tool-input-start',
          id: part.toolCallId,
          toolName: part.toolName,
          ...(part.providerExecuted ? { providerExecuted: true } : {}),
          ...(part.dynamic ? { dynamic: true } : {}),
        });
        emit({ type: 'tool-input-delta', id: part.toolCallId, delta: part.input });
        emit({ type: 'tool-input-end', id: part.toolCallId });
        emit(part);
        break;
      case 'tool-result':
      case 'source':
        state.answered = true;
        emit(part);
        break;
      default:
        break;
    }
  }
}
