import { type EmitPart, parseWire } from '@switchyard/core/adapter';
import { z } from 'zod';
import { type OpenBlock, type StreamState, unreadOf, wireOf } from './anthropic-stream-state.js';
import {
  contentBlockDeltaSchema,
  inputJsonDeltaSchema,
  textDeltaSchema,
  thinkingDeltaSchema,
} from './anthropic-wire.js';
import { type AnthropicCitation, citationSource } from './citation-sources.js';
import type { PlainAnthropicEvent } from './plain-anthropic-event.js';

const signatureDelta = z.looseObject({ signature: z.string() });
const compactionDelta = z.looseObject({ content: z.string().nullish() });
const citationsDelta = z.looseObject({ citation: z.unknown().optional() });

/**
 * A `content_block_delta` event, applied to its open block: text, compaction
 * and thinking deltas as deltas, a signature as a reasoning delta carrying
 * it, tool input fragments (kept for the call), citations kept for the
 * text's end (a document citation's `source` part emitted at once). A delta
 * for no open block (an unknown block's), of a type that does not fit its
 * block, or of a type newer than this adapter goes into no part: it is kept
 * as sent (`UnreadStreamEvents`), with a warning per delta type at the end.
 */
export function streamBlockDelta(state: StreamState, data: Record<string, unknown>, emit: EmitPart): void {
  const { index, delta } = parseWire(
    contentBlockDeltaSchema,
    data,
    wireOf(state, 'a content_block_delta event'),
  );
  const block = state.blocks.get(index);
  if (block === undefined) {
    keepUnread(state, index, delta);
    return;
  }
  const what = wireOf(state, `a ${delta.type}`);
  switch (delta.type) {
    case 'text_delta': {
      const text = parseWire(textDeltaSchema, delta, what).text;
      if (block.kind === 'text') emit({ type: 'text-delta', id: block.id, delta: text });
      else keepUnread(state, index, delta, block);
      return;
    }
    case 'compaction_delta': {
      const content = parseWire(compactionDelta, delta, what).content;
      if (block.kind !== 'text') keepUnread(state, index, delta, block);
      else if (content) emit({ type: 'text-delta', id: block.id, delta: content });
      return;
    }
    case 'thinking_delta': {
      const thinking = parseWire(thinkingDeltaSchema, delta, what).thinking;
      if (block.kind === 'reasoning') emit({ type: 'reasoning-delta', id: block.id, delta: thinking });
      else keepUnread(state, index, delta, block);
      return;
    }
    case 'signature_delta': {
      const signature = parseWire(signatureDelta, delta, what).signature;
      if (block.kind === 'reasoning')
        emit({
          type: 'reasoning-delta',
          id: block.id,
          delta: '',
          providerMetadata: { anthropic: { signature } },
        });
      else keepUnread(state, index, delta, block);
      return;
    }
    case 'input_json_delta':
      inputDelta(state, index, block, delta, parseWire(inputJsonDeltaSchema, delta, what).partial_json, emit);
      return;
    case 'citations_delta': {
      const citation = parseWire(citationsDelta, delta, what).citation as AnthropicCitation | null;
      if (block.kind !== 'text') {
        keepUnread(state, index, delta, block);
        return;
      }
      // Every citation is kept as the API sent it (web search, documents, search results).
      if (citation === null || typeof citation !== 'object' || Array.isArray(citation)) return;
      block.citations.push(citation);
      // A document's source comes with its citation, as @ai-sdk/anthropic streams it; a web
      // search's waits for the end (it has one only when the answer brought no results).
      if (citation.type === 'web_search_result_location') state.heldWebCitations.push(citation);
      else {
        const { context } = state;
        const source = citationSource(citation, context.documents, () => context.sourceId());
        if (source !== undefined) emit(source);
      }
      return;
    }
    default:
      keepUnread(state, index, delta);
      return;
  }
}

/** A `content_block_delta` event `plainAnthropicEvent` checked: read as `streamBlockDelta` reads it. */
export function plainBlockDelta(
  state: StreamState,
  event: Extract<PlainAnthropicEvent, { type: 'content_block_delta' }>,
  emit: EmitPart,
): void {
  const block = state.blocks.get(event.index);
  const delta = event.delta;
  if (block === undefined) {
    keepUnread(state, event.index, delta);
    return;
  }
  switch (delta.type) {
    case 'text_delta':
      if (block.kind === 'text') emit({ type: 'text-delta', id: block.id, delta: delta.text });
      else keepUnread(state, event.index, delta, block);
      return;
    case 'thinking_delta':
      if (block.kind === 'reasoning') emit({ type: 'reasoning-delta', id: block.id, delta: delta.thinking });
      else keepUnread(state, event.index, delta, block);
      return;
    case 'input_json_delta':
      inputDelta(state, event.index, block, delta, delta.partial_json, emit);
      return;
  }
}

function inputDelta(
  state: StreamState,
  index: number,
  block: OpenBlock,
  delta: { type: string },
  fragment: string,
  emit: EmitPart,
): void {
  if (block.kind !== 'tool') {
    if (fragment !== '') keepUnread(state, index, delta, block);
    return;
  }
  if (fragment === '') return;
  block.input += fragment;
  emit({ type: 'tool-input-delta', id: block.id, delta: fragment });
}

/**
 * Keeps a delta that goes into no part: one of a type that does not fit the
 * open block `misfit`; else one for no open block (an unknown block's, or one
 * already stopped), or of a type newer than this adapter.
 */
function keepUnread(state: StreamState, index: number, delta: { type: string }, misfit?: OpenBlock): void {
  const why =
    misfit !== undefined
      ? `it does not fit the open ${misfit.kind} block there`
      : state.blocks.has(index)
        ? 'a delta type this adapter does not know'
        : 'no block this adapter reads is open there (an unknown block, or one already stopped)';
  unreadOf(state).keepDelta(index, delta, why);
}
