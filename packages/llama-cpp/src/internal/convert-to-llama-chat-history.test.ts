import type { SharedV4Warning } from '@ai-sdk/provider';
import { ProviderError } from '@switchyard/core/failure';
import { describe, expect, it } from 'vitest';
import { convertToLlamaChatHistory } from './convert-to-llama-chat-history.js';

describe('convertToLlamaChatHistory', () => {
  it('maps system, user text and text files, and assistant text and reasoning', () => {
    const history = convertToLlamaChatHistory({
      modelId: 'tiny.gguf',
      prompt: [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Read ' },
            { type: 'file', mediaType: 'text/plain', data: { type: 'text', text: 'this.' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'short' },
            { type: 'text', text: 'Done.' },
          ],
        },
      ],
    });
    expect(history).toEqual([
      { type: 'system', text: 'Be brief.' },
      { type: 'user', text: 'Read this.' },
      {
        type: 'model',
        response: [{ type: 'segment', segmentType: 'thought', text: 'short', ended: true }, 'Done.'],
      },
    ]);
  });

  it('puts tool results on their call and continues the same model response after them', () => {
    const history = convertToLlamaChatHistory({
      modelId: 'tiny.gguf',
      prompt: [
        { role: 'user', content: [{ type: 'text', text: 'Where is order 7?' }] },
        {
          role: 'assistant',
          content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'lookup_order', input: '{"id":"7"}' }],
        },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'c1',
              toolName: 'lookup_order',
              output: { type: 'text', value: 'shipped' },
            },
          ],
        },
        { role: 'assistant', content: [{ type: 'text', text: 'It shipped.' }] },
      ],
    });
    expect(history).toEqual([
      { type: 'user', text: 'Where is order 7?' },
      {
        type: 'model',
        response: [
          { type: 'functionCall', name: 'lookup_order', params: { id: '7' }, result: 'shipped' },
          'It shipped.',
        ],
      },
    ]);
  });

  it('rejects images, a tool result without its call and tool input that is not JSON', () => {
    const reject = (prompt: Parameters<typeof convertToLlamaChatHistory>[0]['prompt']) => {
      try {
        convertToLlamaChatHistory({ prompt, modelId: 'tiny.gguf' });
      } catch (error) {
        expect(ProviderError.isInstance(error)).toBe(true);
        return (error as ProviderError).failure;
      }
      throw new Error('expected a ProviderError');
    };
    expect(
      reject([
        {
          role: 'user',
          content: [
            { type: 'file', mediaType: 'image/png', data: { type: 'data', data: new Uint8Array([1]) } },
          ],
        },
      ]),
    ).toMatchObject({
      kind: 'invalid_request',
      code: 'unsupported_prompt',
      message: expect.stringContaining('image/png'),
    });
    expect(
      reject([
        {
          role: 'tool',
          content: [
            { type: 'tool-result', toolCallId: 'x', toolName: 'f', output: { type: 'text', value: '' } },
          ],
        },
      ]).message,
    ).toContain('has no tool call before it');
    expect(
      reject([
        { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'c', toolName: 'f', input: '{' }] },
      ]).message,
    ).toContain('is not JSON');
  });

  it('takes the text of a tool result with content, and refuses an image in it by name', () => {
    // The image's bytes went into the prompt as JSON text (32,032 tokens for a 3,000-byte image).
    const prompt = (value: unknown[]) =>
      [
        { role: 'user', content: [{ type: 'text', text: 'Look.' }] },
        {
          role: 'assistant',
          content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'shot', input: '{}' }],
        },
        {
          role: 'tool',
          content: [
            { type: 'tool-approval-response', approvalId: 'a1', approved: true },
            { type: 'tool-result', toolCallId: 'c1', toolName: 'shot', output: { type: 'content', value } },
          ],
        },
      ] as Parameters<typeof convertToLlamaChatHistory>[0]['prompt'];
    const history = convertToLlamaChatHistory({
      modelId: 'tiny.gguf',
      prompt: prompt([
        { type: 'text', text: 'Two files:' },
        { type: 'file', mediaType: 'text/plain', data: { type: 'text', text: 'a.txt says hi' } },
      ]),
    });
    expect(history[1]).toEqual({
      type: 'model',
      response: [{ type: 'functionCall', name: 'shot', params: {}, result: 'Two files:\na.txt says hi' }],
    });
    for (const [part, what] of [
      [
        { type: 'file', mediaType: 'image/png', data: { type: 'data', data: new Uint8Array(3000) } },
        'image/png (data)',
      ],
      [
        { type: 'file', mediaType: 'image/png', data: { type: 'url', url: new URL('https://x.test/a.png') } },
        'image/png (url)',
      ],
      [{ type: 'custom', kind: 'x.y' }, 'a custom part'],
    ] as const) {
      let failure: unknown;
      try {
        convertToLlamaChatHistory({
          modelId: 'tiny.gguf',
          prompt: prompt([{ type: 'text', text: 'see' }, part]),
        });
      } catch (error) {
        failure = (error as ProviderError).failure;
      }
      expect(failure).toMatchObject({
        kind: 'invalid_request',
        code: 'unsupported_prompt',
        message: expect.stringMatching(
          /^prompt\[2\]\.content\[1\], a tool result, holds .* at output\.value\[1\]/,
        ),
      });
      expect((failure as { message: string }).message).toContain(what);
    }
  });

  it('warns of each assistant part a chat history has no item for, naming it, and keeps the rest', () => {
    // These were left out without a word: the caller never learnt the model would not see them.
    const warnings: SharedV4Warning[] = [];
    const history = convertToLlamaChatHistory({
      modelId: 'tiny.gguf',
      warnings,
      prompt: [
        {
          role: 'assistant',
          content: [
            { type: 'reasoning-file', mediaType: 'image/png', data: { type: 'data', data: 'AAAA' } },
            { type: 'text', text: 'Done.' },
            { type: 'custom', kind: 'llama-cpp.note' },
          ],
        },
      ],
    });
    expect(history).toEqual([{ type: 'model', response: ['Done.'] }]);
    const why = 'is not sent: a llama.cpp chat history takes text, reasoning and tool calls only';
    expect(warnings).toEqual([
      { type: 'other', message: `prompt[0].content[0], an assistant reasoning-file part, ${why}` },
      { type: 'other', message: `prompt[0].content[2], an assistant custom part, ${why}` },
    ]);
  });
});
