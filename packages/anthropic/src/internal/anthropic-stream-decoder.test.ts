import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { thrownFailure } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { AnthropicStreamDecoder } from './anthropic-stream-decoder.js';
import { toolNamesOf } from './anthropic-tools.js';
import type { CitationDocument } from './citation-sources.js';
import { BlockContext } from './map-anthropic-block.js';

const call = { provider: 'anthropic', model: 'claude-test' };
const start = {
  type: 'message_start',
  message: { id: 'msg_1', model: 'claude-test', content: [], usage: { input_tokens: 8, output_tokens: 1 } },
};

/** The parts of `events` pushed in order, and the failure `end` returns. */
function decode(events: unknown[], documents: CitationDocument[] = []) {
  const decoder = new AnthropicStreamDecoder(new BlockContext(toolNamesOf(undefined), call, documents));
  const parts: LanguageModelV4StreamPart[] = [];
  const emit = (part: LanguageModelV4StreamPart) => parts.push(part);
  for (const data of events) decoder.push({ event: undefined, data }, emit);
  return { parts, failure: decoder.end(emit) };
}

const failureOf = (events: unknown[]) => thrownFailure(() => decode(events));

describe('AnthropicStreamDecoder: the events read without their schemas', () => {
  it('reads message_start and message_delta as the schemas would', () => {
    const { parts, failure } = decode([
      start,
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } },
      { type: 'content_block_stop', index: 0 },
      {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: 5 },
      },
      { type: 'message_stop' },
    ]);
    expect(failure).toBeUndefined();
    expect(parts[0]).toEqual({ type: 'response-metadata', id: 'msg_1', modelId: 'claude-test' });
    const finish = parts.at(-1) as Extract<LanguageModelV4StreamPart, { type: 'finish' }>;
    expect(finish.finishReason.unified).toBe('stop');
    expect([finish.usage.inputTokens.total, finish.usage.outputTokens.total]).toEqual([8, 5]);
  });

  it('names the event and the field when an event is malformed', () => {
    const cases: [unknown[], RegExp][] = [
      [[5], /expected a Messages API stream event; \(the body\): expected object/],
      [[[{ type: 'ping' }]], /expected a Messages API stream event; \(the body\): expected object/],
      [[{ type: 7 }], /expected a Messages API stream event; type: expected string/],
      [
        [{ ...start, message: { ...start.message, id: 5 } }],
        /expected a message_start event; message\.id: expected string/,
      ],
      [
        [start, { type: 'message_delta', delta: { stop_reason: 3 } }],
        /expected a message_delta event; delta\.stop_reason: expected string/,
      ],
      [
        [start, { type: 'message_delta', usage: { output_tokens: 'many' } }],
        /expected a message_delta event; usage\.output_tokens: expected number/,
      ],
    ];
    for (const [events, message] of cases) {
      const failure = failureOf(events);
      expect(failure).toMatchObject({ kind: 'transient', code: 'malformed_response' });
      expect(failure.message).toMatch(message);
    }
  });
});

describe('AnthropicStreamDecoder: citations', () => {
  // A document's citations (char, page, content-block location) were dropped: a user who sent
  // documents with citations enabled lost them, where `@ai-sdk/anthropic` keeps them.
  it('keeps every citation of a text block on its text-end, those of documents as well as of web searches', () => {
    const quoted = {
      type: 'char_location',
      cited_text: 'the grass is green',
      document_index: 0,
      document_title: 'Facts',
      start_char_index: 0,
      end_char_index: 18,
    };
    const page = {
      type: 'page_location',
      cited_text: 'p',
      document_index: 1,
      start_page_number: 2,
      end_page_number: 3,
    };
    const found = {
      type: 'web_search_result_location',
      url: 'https://example.com',
      cited_text: 'x',
      title: 'E',
    };
    const { parts, failure } = decode([
      start,
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '', citations: [] } },
      { type: 'content_block_delta', index: 0, delta: { type: 'citations_delta', citation: quoted } },
      { type: 'content_block_delta', index: 0, delta: { type: 'citations_delta', citation: page } },
      { type: 'content_block_delta', index: 0, delta: { type: 'citations_delta', citation: found } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Green.' } },
      { type: 'content_block_stop', index: 0 },
      {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: 3 },
      },
      { type: 'message_stop' },
    ]);
    expect(failure).toBeUndefined();
    expect(parts.find((part) => part.type === 'text-end')).toMatchObject({
      type: 'text-end',
      id: expect.any(String),
      providerMetadata: { anthropic: { citations: [quoted, page, found] } },
    });
  });

  // Document citations gave no `source` parts, where @ai-sdk/anthropic streams one as each
  // citation of a prompt's document arrives (and a web search's at the end, without results).
  it("streams a document citation's source as it arrives, a web search citation's before the finish", () => {
    const quoted = {
      type: 'char_location',
      cited_text: 'Annex',
      document_index: 0,
      document_title: null,
      start_char_index: 0,
      end_char_index: 5,
    };
    const found = {
      type: 'web_search_result_location',
      url: 'https://example.com',
      cited_text: 'x',
      title: null,
      encrypted_index: 'Eo8',
    };
    const delta = (citation: unknown) => ({
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'citations_delta', citation },
    });
    const { parts, failure } = decode(
      [
        start,
        { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '', citations: [] } },
        delta(found),
        delta(quoted),
        { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Ninety days.' } },
        { type: 'content_block_stop', index: 0 },
        { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 3 } },
        { type: 'message_stop' },
      ],
      [{ title: 'annex.txt', filename: 'annex.txt', mediaType: 'text/plain' }],
    );
    expect(failure).toBeUndefined();
    expect(parts.map((part) => part.type).slice(1)).toEqual([
      'text-start',
      'source',
      'text-delta',
      'text-end',
      'source',
      'finish',
    ]);
    expect(parts.filter((part) => part.type === 'source')).toEqual([
      {
        type: 'source',
        sourceType: 'document',
        id: 'source-0',
        mediaType: 'text/plain',
        title: 'annex.txt',
        filename: 'annex.txt',
        providerMetadata: { anthropic: { citedText: 'Annex', startCharIndex: 0, endCharIndex: 5 } },
      },
      {
        type: 'source',
        sourceType: 'url',
        id: 'source-1',
        url: 'https://example.com',
        providerMetadata: { anthropic: { citedText: 'x', encryptedIndex: 'Eo8' } },
      },
    ]);
  });
});

describe('AnthropicStreamDecoder: deltas that fit no open block', () => {
  it('keeps a known delta on a block it does not fit, and one after its block stopped, with a warning per type', () => {
    const tool = { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: {} };
    const { parts, failure } = decode([
      start,
      { type: 'content_block_start', index: 0, content_block: tool },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'stray' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{}' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'late' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'sig' } },
      { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 3 } },
      { type: 'message_stop' },
    ]);
    expect(failure).toBeUndefined();
    expect(parts.filter((part) => part.type === 'text-delta')).toEqual([]);
    const finish = parts.at(-1) as Extract<LanguageModelV4StreamPart, { type: 'finish' }>;
    expect(finish.providerMetadata?.anthropic?.unknownDeltas).toEqual([
      { index: 0, delta: { type: 'text_delta', text: 'stray' } },
      { index: 0, delta: { type: 'text_delta', text: 'late' } },
      { index: 0, delta: { type: 'signature_delta', signature: 'sig' } },
    ]);
    expect(finish.providerMetadata?.switchyard?.warnings).toEqual([
      {
        type: 'other',
        message:
          '2 content_block_delta events of type text_delta (the first for content[0]: it does not fit the open tool block there) went into no part of the answer: kept whole in providerMetadata.anthropic.unknownDeltas',
      },
      {
        type: 'other',
        message:
          'a content_block_delta of type signature_delta (the first for content[0]: no block this adapter reads is open there (an unknown block, or one already stopped)) went into no part of the answer: kept whole in providerMetadata.anthropic.unknownDeltas',
      },
    ]);
  });
});
