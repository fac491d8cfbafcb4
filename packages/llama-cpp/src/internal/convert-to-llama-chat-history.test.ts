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
