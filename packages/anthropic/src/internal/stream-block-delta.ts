import { type EmitPart, parseWire } from '@switchyard/core/adapter';
import { z } from 'zod';
import { type OpenBlock, type StreamState, wireOf } from './anthropic-stream-state.js';
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
 * text's end (a document citation's `source` part emitted at once). A delta for no open block, or of a type newer than this
 * adapter, is skipped.
 */
export function streamBlockDelta(state: StreamState, data: Record<string, unknown>, emit: EmitPart): void {
  const { index, delta } = parseWire(
    contentBlockDeltaSchema,
    data,
    wireOf(state, 'a content_block_delta event'),
  );
  const block = state.blocks.get(index);
  if (block === undefined) return;
  const what = wireOf(state, `a ${delta.type}`);
  switch (delta.type) {
    case 'text_delta':
      if (block.kind === 'text')
        emit({ type: 'text-delta', id: block.id, delta: parseWire(textDeltaSchema, delta, what).text });
      return;
    case 'compaction_delta': {
      const content = parseWire(compactionDelta, delta, what).content;
      if (block.kind === 'text' && content) emit({ type: 'text-delta', id: block.id, delta: content });
      return;
    }
    case 'thinking_delta':
      if (block.kind === 'reasoning')
        emit({
          type: 'reasoning-delta',
          id: block.id,
          delta: parseWire(thinkingDeltaSchema, delta, what).thinking,
        });
      return;
    case 'signature_delta':
      if (block.kind === 'reasoning')
        emit({
          type: 'reasoning-delta',
          id: block.id,
          delta: '',
          providerMetadata: { anthropic: { signature: parseWire(signatureDelta, delta, what).signature } },
        });
      return;
    case 'input_json_delta':
      inputDelta(block, parseWire(inputJsonDeltaSchema, delta, what).partial_json, emit);
      return;
    case 'citations_delta': {
      const citation = parseWire(citationsDelta, delta, what).citation as AnthropicCitation | null;
      // Every citation is kept as the API sent it (web search, documents, search results).
      if (
        block.kind !== 'text' ||
        citation === null ||
        typeof citation !== 'object' ||
        Array.isArray(citation)
      )
        return;
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
  if (block === undefined) return;
  const delta = event.delta;
  switch (delta.type) {
    case 'text_delta':
      if (block.kind === 'text') emit({ type: 'text-delta', id: block.id, delta: delta.text });
      return;
    case 'thinking_delta':
      if (block.kind === 'reasoning') emit({ type: 'reasoning-delta', id: block.id, delta: delta.thinking });
      return;
    case 'input_json_delta':
      inputDelta(block, delta.partial_json, emit);
      return;
  }
}

function inputDelta(block: OpenBlock, fragment: string, emit: EmitPart): void {
  if (block.kind !== 'tool' || fragment === '') return;
  block.input += fragment;
  emit({ type: 'tool-input-delta', id: block.id, delta: fragment });
}
