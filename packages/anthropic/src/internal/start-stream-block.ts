import { callFailure, type EmitPart, malformedResponse, parseWire } from '@switchyard/core/adapter';
import { z } from 'zod';
import { type StreamState, wireOf } from './anthropic-stream-state.js';
import { type AnthropicBlock, contentBlockStartSchema } from './anthropic-wire.js';
import { emitCompleteBlock } from './emit-complete-block.js';
import { serverToolCall } from './map-anthropic-block.js';

/** The fields of a started block this reads; the rest pass as they are. */
const startedBlock = z.looseObject({
  id: z.string().optional(),
  name: z.string().optional(),
  input: z.unknown().optional(),
  text: z.string().nullish(),
  thinking: z.string().nullish(),
  content: z.unknown().optional(),
  data: z.string().nullish(),
});

/**
 * A `content_block_start` event: opens text (and compaction, as text marked
 * `providerMetadata.anthropic.type: 'compaction'`), reasoning (a
 * `redacted_thinking` block's data in its metadata), and tool calls (server
 * tools' provider-executed, their input complete here or streamed next),
 * emitting their start parts and any content the start carries. A block that
 * arrives complete (server-tool results, MCP calls and results, types newer
 * than this adapter) is emitted whole.
 */
export function startStreamBlock(state: StreamState, data: Record<string, unknown>, emit: EmitPart): void {
  const { index, content_block: block } = parseWire(
    contentBlockStartSchema,
    data,
    wireOf(state, 'a content_block_start event'),
  );
  const id = String(index);
  const fields = parseWire(startedBlock, block, wireOf(state, `a ${block.type} block`));
  switch (block.type) {
    case 'text':
      state.answered = true;
      state.blocks.set(index, { kind: 'text', id, citations: [], compaction: false });
      emit({ type: 'text-start', id });
      if (fields.text) emit({ type: 'text-delta', id, delta: fields.text });
      return;
    case 'compaction': {
      const providerMetadata = { anthropic: { type: 'compaction' } };
      state.blocks.set(index, { kind: 'text', id, citations: [], compaction: true });
      emit({ type: 'text-start', id, providerMetadata });
      if (typeof fields.content === 'string' && fields.content !== '')
        emit({ type: 'text-delta', id, delta: fields.content });
      return;
    }
    case 'thinking':
      state.blocks.set(index, { kind: 'reasoning', id });
      emit({ type: 'reasoning-start', id });
      if (fields.thinking) emit({ type: 'reasoning-delta', id, delta: fields.thinking });
      return;
    case 'redacted_thinking':
      state.blocks.set(index, { kind: 'reasoning', id });
      emit({
        type: 'reasoning-start',
        id,
        providerMetadata: { anthropic: { redactedData: fields.data ?? '' } },
      });
      return;
    case 'tool_use':
    case 'server_tool_use': {
      if (fields.id === undefined || fields.name === undefined)
        throw callFailure(state.context.call, malformedResponse(`a ${block.type} block without id or name`));
      state.answered = true;
      const server = block.type === 'server_tool_use';
      const mapped = server
        ? serverToolCall(fields.name, {}, state.context.names)
        : { apiName: fields.name, toolName: state.context.names.userName(fields.name) };
      if (server) state.context.serverCalls.set(fields.id, mapped.apiName);
      const input = fields.input;
      const complete =
        input !== null && typeof input === 'object' && Object.keys(input as object).length > 0
          ? JSON.stringify(input)
          : '';
      state.blocks.set(index, {
        kind: 'tool',
        id: fields.id,
        apiName: server ? fields.name : mapped.apiName,
        toolName: mapped.toolName,
        initialInput: complete,
        input: '',
        providerExecuted: server,
      });
      emit({
        type: 'tool-input-start',
        id: fields.id,
        toolName: mapped.toolName,
        ...(server ? { providerExecuted: true } : {}),
      });
      return;
    }
    default:
      // Blocks that arrive complete: results of server tools, MCP calls and results.
      emitCompleteBlock(state, block as AnthropicBlock, index, id, emit);
  }
}
