import { ProviderError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { toolNamesOf } from './anthropic-tools.js';
import { BlockContext, mapAnthropicBlock } from './map-anthropic-block.js';

const call = { provider: 'anthropic', model: 'claude-test' };
const map = (block: Record<string, unknown>) =>
  mapAnthropicBlock(block as { type: string }, new BlockContext(toolNamesOf(undefined), call));

describe('mapAnthropicBlock: text', () => {
  it('maps a plain text block, with absent, null or empty citations, to its text alone', () => {
    for (const citations of [undefined, null, []])
      expect(map({ type: 'text', text: 'Hello', ...(citations === undefined ? {} : { citations }) })).toEqual(
        [{ type: 'text', text: 'Hello' }],
      );
  });

  // A document's citations (char, page, content-block location) were dropped: a user who sent
  // documents with citations enabled lost them, where `@ai-sdk/anthropic` keeps them.
  it('keeps every citation in provider metadata, those of documents as well as of web searches', () => {
    const found = { type: 'web_search_result_location', url: 'https://example.com', cited_text: 'x' };
    const quoted = {
      type: 'char_location',
      cited_text: 'y',
      document_index: 0,
      document_title: 'Terms',
      start_char_index: 3,
      end_char_index: 4,
    };
    const page = {
      type: 'page_location',
      cited_text: 'z',
      document_index: 1,
      start_page_number: 2,
      end_page_number: 3,
    };
    expect(map({ type: 'text', text: 'Hi', citations: [found, quoted, page] })).toEqual([
      { type: 'text', text: 'Hi', providerMetadata: { anthropic: { citations: [found, quoted, page] } } },
    ]);
  });

  it('names the block and the field when a text block is malformed', () => {
    for (const block of [
      { type: 'text', text: 5 },
      { type: 'text' },
      { type: 'text', text: 'Hi', citations: 'none' },
    ]) {
      let thrown: unknown;
      try {
        map(block);
      } catch (error) {
        thrown = error;
      }
      if (!ProviderError.isInstance(thrown))
        throw new Error(`expected a ProviderError for ${JSON.stringify(block)}`);
      expect(thrown.failure).toMatchObject({ kind: 'transient', code: 'malformed_response' });
      expect(thrown.failure.message).toContain('expected a Messages API text block');
      expect(thrown.failure.message).toMatch(/\b(text|citations)\b: expected/);
    }
  });
});

describe('toolNamesOf', () => {
  it('maps no names without Anthropic-defined tools, and both ways with them', () => {
    const none = toolNamesOf([{ type: 'function', name: 'weather', inputSchema: { type: 'object' } }]);
    expect([none.apiName('weather'), none.userName('web_search')]).toEqual(['weather', 'web_search']);
    const names = toolNamesOf([
      { type: 'provider', id: 'anthropic.web_search_20250305', name: 'search', args: {} },
      { type: 'provider', id: 'other.tool', name: 'other', args: {} },
    ]);
    expect([names.apiName('search'), names.userName('web_search'), names.apiName('other')]).toEqual([
      'web_search',
      'search',
      'other',
    ]);
  });
});
