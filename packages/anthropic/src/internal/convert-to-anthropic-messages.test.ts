import type { SharedV4Warning } from '@ai-sdk/provider';
import { thrownFailure } from '@switchyard/core/testing';
import { describe, expect, it } from 'vitest';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.js';

const modelId = 'claude-test';

const failureOf = thrownFailure;

describe('convertToAnthropicMessages', () => {
  describe('user content', () => {
    it('maps text files to plain-text documents, PDF URLs to URL documents, and image/* bytes to JPEG', () => {
      const { system, messages } = convertToAnthropicMessages({
        modelId,
        prompt: [
          {
            role: 'user',
            content: [
              { type: 'file', mediaType: 'text/plain', data: { type: 'text', text: 'notes' } },
              {
                type: 'file',
                mediaType: 'application/pdf',
                data: { type: 'url', url: new URL('https://example.com/a.pdf') },
              },
              { type: 'file', mediaType: 'image/*', data: { type: 'data', data: 'AAAA' } },
            ],
          },
        ],
      });
      expect(system).toBeUndefined();
      expect(messages).toEqual([
        {
          role: 'user',
          content: [
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'notes' } },
            { type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' } },
            { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: 'AAAA' } },
          ],
        },
      ]);
    });

    it('warns, once per option, of Anthropic options on messages and user parts that it does not send', () => {
      const warnings: SharedV4Warning[] = [];
      const unsent = { anthropic: { containerUpload: true, title: 'Terms' } };
      convertToAnthropicMessages({
        modelId,
        warnings,
        prompt: [
          { role: 'system', content: 'Be brief.', providerOptions: { anthropic: { toolChanges: [] } } },
          {
            role: 'user',
            content: [
              {
                type: 'file',
                mediaType: 'application/pdf',
                data: { type: 'data', data: 'AAAA' },
                providerOptions: unsent,
              },
              {
                type: 'file',
                mediaType: 'image/png',
                data: { type: 'data', data: 'BBBB' },
                providerOptions: unsent,
              },
              { type: 'text', text: 'Summarise.', providerOptions: { openai: { ignored: true } } },
            ],
          },
        ],
      });
      // title is sent on the document and not on the image, which takes none.
      expect(
        warnings.map((warning) => (warning.type === 'unsupported' ? warning.feature : warning.type)),
      ).toEqual([
        'providerOptions.anthropic.toolChanges on a system message',
        'providerOptions.anthropic.containerUpload on a user file part',
        'providerOptions.anthropic.title on a user file part',
      ]);
    });

    it('rejects a provider file reference with a message naming the media type', () => {
      const failure = failureOf(() =>
        convertToAnthropicMessages({
          modelId,
          prompt: [
            {
              role: 'user',
              content: [
                {
                  type: 'file',
                  mediaType: 'image/png',
                  data: { type: 'reference', reference: { anthropic: 'file_1' } },
                },
              ],
            },
          ],
        }),
      );
      expect(failure).toMatchObject({ kind: 'invalid_request' });
      expect(failure.message).toContain('image/png (reference)');
    });
  });

  describe('system messages', () => {
    const text = (value: string) => [{ type: 'text' as const, text: value }];

    it('sends a system message after the conversation began in the top-level system, and warns naming its index', () => {
      const warnings: SharedV4Warning[] = [];
      const { system, messages } = convertToAnthropicMessages({
        modelId,
        warnings,
        prompt: [
          { role: 'system', content: 'Be brief.' },
          { role: 'system', content: 'Answer in English.' },
          { role: 'user', content: text('Hi') },
          { role: 'assistant', content: text('Hello') },
          { role: 'system', content: 'From now on, answer in French.' },
          { role: 'system', content: '' },
          { role: 'user', content: text('Again') },
        ],
      });
      // Still served: the instruction reaches the model, in the only place the Messages API takes it.
      expect(system).toBe('Be brief.\n\nAnswer in English.\n\nFrom now on, answer in French.\n\n');
      expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
      expect(warnings).toEqual([
        {
          type: 'compatibility',
          feature: 'system message at prompt[4], after the conversation began',
          details:
            'sent in the top-level system prompt, after the system messages before it: the Messages API takes system instructions only there, so the model reads this one as given before the first turn, not at its place in the conversation',
        },
      ]);
    });

    it('warns of nothing for system messages before the first turn', () => {
      const warnings: SharedV4Warning[] = [];
      convertToAnthropicMessages({
        modelId,
        warnings,
        prompt: [
          { role: 'system', content: 'Be brief.' },
          { role: 'system', content: 'Answer in English.' },
          { role: 'user', content: text('Hi') },
        ],
      });
      expect(warnings).toEqual([]);
    });
  });

  describe('assistant content', () => {
    it('parses string tool inputs, maps an empty one to {}, and drops reasoning', () => {
      const { messages } = convertToAnthropicMessages({
        modelId,
        prompt: [
          {
            role: 'assistant',
            content: [
              { type: 'reasoning', text: 'thinking...' },
              { type: 'tool-call', toolCallId: 'a', toolName: 'f', input: '{"x":1}' },
              { type: 'tool-call', toolCallId: 'b', toolName: 'g', input: '' },
            ],
          },
        ],
      });
      expect(messages).toEqual([
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'a', name: 'f', input: { x: 1 } },
            { type: 'tool_use', id: 'b', name: 'g', input: {} },
          ],
        },
      ]);
    });

    it('rejects a tool input that is not JSON with invalid_request naming the tool', () => {
      const failure = failureOf(() =>
        convertToAnthropicMessages({
          modelId,
          prompt: [
            {
              role: 'assistant',
              content: [{ type: 'tool-call', toolCallId: 'a', toolName: 'lookup', input: '{x' }],
            },
          ],
        }),
      );
      expect(failure).toMatchObject({ kind: 'invalid_request' });
      expect(failure.message).toContain('tool lookup is not valid JSON');
    });

    it('leaves out an assistant turn with nothing to send', () => {
      const { messages } = convertToAnthropicMessages({
        modelId,
        prompt: [
          { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
          { role: 'assistant', content: [{ type: 'text', text: '' }] },
        ],
      });
      expect(messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }]);
    });

    it('warns of each assistant part it cannot send (unsigned reasoning, files, custom parts), naming it', () => {
      // These were left out without a word: the caller never learnt the model would not see them.
      const warnings: SharedV4Warning[] = [];
      const { messages } = convertToAnthropicMessages({
        modelId,
        warnings,
        prompt: [
          { role: 'user', content: [{ type: 'text', text: 'Draw it' }] },
          {
            role: 'assistant',
            content: [
              { type: 'reasoning', text: 'unsigned' },
              { type: 'file', mediaType: 'image/png', data: { type: 'data', data: 'AAAA' } },
              { type: 'reasoning-file', mediaType: 'image/png', data: { type: 'data', data: 'AAAA' } },
              { type: 'custom', kind: 'anthropic.fallback' },
              { type: 'text', text: 'Here it is.' },
            ],
          },
        ],
      });
      expect(messages.at(-1)).toEqual({
        role: 'assistant',
        content: [{ type: 'text', text: 'Here it is.' }],
      });
      const why =
        'is not sent: an assistant turn of the Messages API takes text, thinking, tool calls and server-tool results only';
      expect(warnings).toEqual([
        {
          type: 'other',
          message:
            'prompt[1].content[0], an assistant reasoning part, is not sent: it has no providerOptions.anthropic.signature or redactedData, and the Messages API takes back only signed thinking',
        },
        { type: 'other', message: `prompt[1].content[1], an assistant file part, ${why}` },
        { type: 'other', message: `prompt[1].content[2], an assistant reasoning-file part, ${why}` },
        { type: 'other', message: `prompt[1].content[3], an assistant custom part, ${why}` },
      ]);
    });
  });

  describe('tool results', () => {
    it('marks denied executions and error JSON as is_error', () => {
      const { messages } = convertToAnthropicMessages({
        modelId,
        prompt: [
          {
            role: 'tool',
            content: [
              {
                type: 'tool-result',
                toolCallId: 'a',
                toolName: 'f',
                output: { type: 'execution-denied', reason: 'not allowed' },
              },
              {
                type: 'tool-result',
                toolCallId: 'b',
                toolName: 'g',
                output: { type: 'error-json', value: { code: 1 } },
              },
              { type: 'tool-result', toolCallId: 'c', toolName: 'h', output: { type: 'text', value: 'ok' } },
            ],
          },
        ],
      });
      const blocks = messages[0]?.content as Array<{ tool_use_id: string; is_error?: boolean }>;
      expect(blocks.map((block) => [block.tool_use_id, block.is_error ?? false])).toEqual([
        ['a', true],
        ['b', true],
        ['c', false],
      ]);
    });

    it("sends a content output's text and files as blocks in the tool_result, not as JSON text", () => {
      const warnings: SharedV4Warning[] = [];
      const { messages } = convertToAnthropicMessages({
        modelId,
        warnings,
        prompt: [
          {
            role: 'tool',
            content: [
              {
                type: 'tool-result',
                toolCallId: 'a',
                toolName: 'screenshot',
                output: {
                  type: 'content',
                  value: [
                    { type: 'text', text: 'The page:' },
                    {
                      type: 'file',
                      mediaType: 'image/png',
                      data: { type: 'data', data: new Uint8Array([137, 80]) },
                    },
                    {
                      type: 'file',
                      mediaType: 'application/pdf',
                      filename: 'terms.pdf',
                      data: { type: 'url', url: new URL('https://example.com/terms.pdf') },
                    },
                    {
                      type: 'custom',
                      providerOptions: { anthropic: { type: 'tool-reference', toolName: 'search' } },
                    },
                    { type: 'custom', providerOptions: { other: { x: 1 } } },
                  ],
                },
              },
            ],
          },
        ],
      });
      expect(messages).toEqual([
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'a',
              content: [
                { type: 'text', text: 'The page:' },
                { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVA=' } },
                {
                  type: 'document',
                  source: { type: 'url', url: 'https://example.com/terms.pdf' },
                  title: 'terms.pdf',
                },
                { type: 'tool_reference', tool_name: 'search' },
              ],
            },
          ],
        },
      ]);
      expect(warnings).toEqual([
        {
          type: 'other',
          message:
            "the custom content part prompt[0].content[0].output.value[4] of a tool result cannot be sent to the Messages API (only providerOptions.anthropic.type 'tool-reference' with a toolName can); left out",
        },
      ]);
    });

    it('rejects a tool result file the Messages API cannot take, naming it', () => {
      const failure = failureOf(() =>
        convertToAnthropicMessages({
          modelId,
          prompt: [
            {
              role: 'tool',
              content: [
                {
                  type: 'tool-result',
                  toolCallId: 'a',
                  toolName: 'record',
                  output: {
                    type: 'content',
                    value: [{ type: 'file', mediaType: 'audio/wav', data: { type: 'data', data: 'UklG' } }],
                  },
                },
              ],
            },
          ],
        }),
      );
      expect(failure).toMatchObject({ kind: 'invalid_request' });
      expect(failure.message).toContain('a tool result file of media type audio/wav (data) is not supported');
    });
  });
});
