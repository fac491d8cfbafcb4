import { ProviderError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { toolNamesOf } from './anthropic-tools.js';
import { BlockContext, mapAnthropicBlock } from './map-anthropic-block.js';

const call = { provider: 'anthropic', model: 'claude-test' };
const map = (block: Record<string, unknown>) =>
  mapAnthropicBlock(block as { type: string }, new BlockContext(toolNamesOf(undefined), call), 0);

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
    expect(map({ type: 'text', text: 'Hi', citations: [found, quoted, page] })[0]).toMatchObject({
      type: 'text',
      text: 'Hi',
      providerMetadata: { anthropic: { citations: [found, quoted, page] } },
    });
  });

  // Document citations gave no `source` parts, where @ai-sdk/anthropic gives one per citation of
  // a document the prompt sent (and the text's `citations`): a caller listing sources saw none.
  it("gives a document source for each char or page citation of a prompt's document, after its text", () => {
    const documents = [
      { title: 'contract.pdf', filename: 'contract.pdf', mediaType: 'application/pdf' },
      { title: 'Untitled Document', mediaType: 'text/plain' },
    ];
    const context = new BlockContext(toolNamesOf(undefined), call, documents);
    const page = {
      type: 'page_location',
      cited_text: '90 days',
      document_index: 0,
      document_title: null,
      start_page_number: 2,
      end_page_number: 3,
      file_id: null,
    };
    const chars = {
      type: 'char_location',
      cited_text: 'Annex',
      document_index: 1,
      document_title: 'Annex',
      start_char_index: 0,
      end_char_index: 5,
    };
    const blocks = {
      type: 'content_block_location',
      cited_text: 'x',
      document_index: 0,
      start_block_index: 0,
    };
    const unknown = { ...chars, document_index: 7 };
    const content = mapAnthropicBlock(
      { type: 'text', text: 'Ninety days.', citations: [page, chars, blocks, unknown] },
      context,
      0,
    );
    expect(content.slice(1)).toEqual([
      {
        type: 'source',
        sourceType: 'document',
        id: 'source-0',
        mediaType: 'application/pdf',
        title: 'contract.pdf',
        filename: 'contract.pdf',
        providerMetadata: { anthropic: { citedText: '90 days', startPageNumber: 2, endPageNumber: 3 } },
      },
      {
        type: 'source',
        sourceType: 'document',
        id: 'source-1',
        mediaType: 'text/plain',
        title: 'Annex',
        providerMetadata: { anthropic: { citedText: 'Annex', startCharIndex: 0, endCharIndex: 5 } },
      },
    ]);
    // Every citation is also an AI SDK citation of the text, the unknown document's a placeholder.
    const text = content[0] as { citations?: { source: { id: string; title: string } }[] };
    expect(text.citations?.map(({ source }) => [source.id, source.title])).toEqual([
      ['0', 'contract.pdf'],
      ['1', 'Annex'],
      ['0', 'contract.pdf'],
      ['7', 'Annex'],
    ]);
  });

  it("gives a web search citation's source only when the answer has no web search results", () => {
    const found = {
      type: 'web_search_result_location',
      url: 'https://example.com',
      title: 'Example',
      cited_text: 'x',
      encrypted_index: 'Eo8',
    };
    const context = new BlockContext(toolNamesOf(undefined), call);
    expect(mapAnthropicBlock({ type: 'text', text: 'Hi', citations: [found] }, context, 0)[1]).toEqual({
      type: 'source',
      sourceType: 'url',
      id: 'source-0',
      url: 'https://example.com',
      title: 'Example',
      providerMetadata: { anthropic: { citedText: 'x', encryptedIndex: 'Eo8' } },
    });
    context.webSearchResults = true;
    expect(mapAnthropicBlock({ type: 'text', text: 'Hi', citations: [found] }, context, 0)).toHaveLength(1);
  });

  it('counts a fetched page as the next document citations can name, titled with its title or URL', () => {
    const context = new BlockContext(toolNamesOf(undefined), call, [
      { title: 'Untitled Document', mediaType: 'text/plain' },
    ]);
    mapAnthropicBlock(
      {
        type: 'web_fetch_tool_result',
        tool_use_id: 'srvtoolu_1',
        content: {
          type: 'web_fetch_result',
          url: 'https://example.com/terms',
          content: {
            type: 'document',
            title: null,
            source: { type: 'text', media_type: 'text/plain', data: 'x' },
          },
        },
      },
      context,
      0,
    );
    expect(context.documents).toEqual([
      { title: 'Untitled Document', mediaType: 'text/plain' },
      { title: 'https://example.com/terms', mediaType: 'text/plain' },
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
