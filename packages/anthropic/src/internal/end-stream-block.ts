import type { JSONValue, SharedV4ProviderMetadata } from '@ai-sdk/provider';
import type { EmitPart } from '@switchyard/core/adapter';
import type { OpenBlock, StreamState } from './anthropic-stream-state.js';
import { textCitations } from './citation-sources.js';
import { serverToolCall } from './map-anthropic-block.js';

/** A `content_block_stop` event: ends its open block (a stop for no open block is skipped). */
export function stopStreamBlock(state: StreamState, index: number, emit: EmitPart): void {
  const block = state.blocks.get(index);
  if (block === undefined) return;
  state.blocks.delete(index);
  endStreamBlock(state, block, emit);
}

/**
 * Emits the end of an open block: text's end with its citations (as AI SDK
 * `citations` and as sent, in `providerMetadata.anthropic.citations`; or its
 * compaction mark), reasoning's end, and a tool call's input end and the call
 * (its input the deltas, else the input complete at its start, else `{}`; a
 * server tool's input mapped as its complete block's would be).
 */
export function endStreamBlock(state: StreamState, block: OpenBlock, emit: EmitPart): void {
  switch (block.kind) {
    case 'text': {
      const metadata: SharedV4ProviderMetadata | undefined = block.compaction
        ? { anthropic: { type: 'compaction' } }
        : block.citations.length > 0
          ? { anthropic: { citations: block.citations as JSONValue } }
          : undefined;
      emit({
        type: 'text-end',
        id: block.id,
        ...(block.compaction ? {} : textCitations(block.citations, state.context.documents)),
        ...(metadata === undefined ? {} : { providerMetadata: metadata }),
      });
      return;
    }
    case 'reasoning':
      emit({ type: 'reasoning-end', id: block.id });
      return;
    case 'tool': {
      // Deltas, when any arrived, are the input; else the input complete in content_block_start.
      let input = block.input !== '' ? block.input : block.initialInput !== '' ? block.initialInput : '{}';
      if (block.providerExecuted) {
        const parsed = parseStreamedInput(input);
        if (parsed !== undefined)
          input = JSON.stringify(serverToolCall(block.apiName, parsed, state.context.names).input);
      }
      emit({ type: 'tool-input-end', id: block.id });
      emit({
        type: 'tool-call',
        toolCallId: block.id,
        toolName: block.toolName,
        input,
        ...(block.providerExecuted ? { providerExecuted: true } : {}),
      });
      return;
    }
  }
}

/**
 * The object a server tool's streamed input spells, or `undefined` when it is
 * not JSON. Code execution (20250825) may stream its input without the
 * opening brace (`"command"`, `:"view",...}`): read as if it had one.
 */
function parseStreamedInput(text: string): unknown {
  for (const candidate of [text, `{${text}`]) {
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // try the next reading
    }
  }
  return undefined;
}
