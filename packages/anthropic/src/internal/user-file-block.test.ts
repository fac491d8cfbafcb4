import type { LanguageModelV4FilePart, SharedV4ProviderOptions, SharedV4Warning } from '@ai-sdk/provider';
import { ProviderError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.js';
import { userFileBlock } from './user-file-block.js';

const modelId = 'claude-test';
const pdf = (extra: Partial<LanguageModelV4FilePart> = {}): LanguageModelV4FilePart => ({
  type: 'file',
  mediaType: 'application/pdf',
  data: { type: 'data', data: 'JVBERi0=' },
  ...extra,
});

/** The one block a user message of `part` becomes, with the warnings. */
function blockOf(part: LanguageModelV4FilePart) {
  const warnings: SharedV4Warning[] = [];
  const { messages } = convertToAnthropicMessages({
    modelId,
    warnings,
    prompt: [{ role: 'user', content: [part] }],
  });
  return { block: messages[0]?.content[0], warnings };
}

describe('userFileBlock', () => {
  it('titles a document with its filename, and sends an image as it is', () => {
    expect(userFileBlock({ part: pdf({ filename: 'terms.pdf' }), modelId })).toEqual({
      type: 'document',
      source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' },
      title: 'terms.pdf',
    });
    expect(
      userFileBlock({
        part: {
          type: 'file',
          mediaType: 'image/png',
          data: { type: 'data', data: 'AAAA' },
          filename: 'a.png',
        },
        modelId,
      }),
    ).toEqual({ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } });
  });

  it('sends text files, inline or as text/plain bytes, as plain-text documents', () => {
    const bytes = new TextEncoder().encode('héllo');
    for (const data of [bytes, Buffer.from(bytes).toString('base64')]) {
      expect(
        userFileBlock({
          part: { type: 'file', mediaType: 'text/plain', data: { type: 'data', data } },
          modelId,
        }),
      ).toEqual({ type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'héllo' } });
    }
  });

  it('rejects a file the Messages API cannot take, naming its media type', () => {
    try {
      userFileBlock({
        part: { type: 'file', mediaType: 'audio/wav', data: { type: 'data', data: 'AAAA' } },
        modelId,
      });
      expect.unreachable();
    } catch (error) {
      expect(ProviderError.isInstance(error) && error.failure.message).toContain('audio/wav (data)');
    }
  });
});

describe('document options', () => {
  const options = (anthropic: Record<string, unknown>) => ({ anthropic }) as SharedV4ProviderOptions;

  it.each([
    [
      'a PDF',
      pdf({ filename: 'terms.pdf' }),
      { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' },
    ],
    [
      'a PDF URL',
      pdf({ data: { type: 'url', url: new URL('https://example.com/t.pdf') } }),
      { type: 'url', url: 'https://example.com/t.pdf' },
    ],
    [
      'a text file',
      {
        type: 'file',
        mediaType: 'text/markdown',
        data: { type: 'text', text: '# T' },
      } as LanguageModelV4FilePart,
      { type: 'text', media_type: 'text/plain', data: '# T' },
    ],
  ])('sends citations, title and context (and cache_control) on %s', (_name, part, source) => {
    const { block, warnings } = blockOf({
      ...part,
      providerOptions: options({
        citations: { enabled: true },
        title: 'Terms',
        context: 'signed 2026',
        cacheControl: { type: 'ephemeral' },
      }),
    });
    expect(block).toEqual({
      type: 'document',
      source,
      title: 'Terms',
      context: 'signed 2026',
      citations: { enabled: true },
      cache_control: { type: 'ephemeral' },
    });
    expect(warnings).toEqual([]);
  });

  it('sends no citations when they are disabled, and no empty context', () => {
    const { block } = blockOf(
      pdf({ providerOptions: options({ citations: { enabled: false }, context: '' }) }),
    );
    expect(block).toEqual({
      type: 'document',
      source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' },
    });
  });

  it('rejects a bad document option, naming the part and what was expected', () => {
    try {
      convertToAnthropicMessages({
        modelId,
        prompt: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Read this.' },
              pdf({ providerOptions: options({ citations: true }) }),
            ],
          },
        ],
      });
      expect.unreachable();
    } catch (error) {
      if (!ProviderError.isInstance(error)) throw error;
      expect(error.failure).toMatchObject({ kind: 'invalid_request', code: 'invalid_provider_options' });
      expect(error.failure.message).toBe(
        'prompt[0].content[1].providerOptions.anthropic.citations: wrong type: got boolean true; expected a map',
      );
    }
  });

  it('warns of document options on an image, which takes none', () => {
    const { block, warnings } = blockOf({
      type: 'file',
      mediaType: 'image/png',
      data: { type: 'data', data: 'AAAA' },
      providerOptions: options({ citations: { enabled: true } }),
    });
    expect(block).not.toHaveProperty('citations');
    expect(warnings).toEqual([
      expect.objectContaining({
        type: 'unsupported',
        feature: 'providerOptions.anthropic.citations on a user file part',
      }),
    ]);
  });
});
