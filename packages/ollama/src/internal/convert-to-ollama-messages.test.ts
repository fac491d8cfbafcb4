import type { SharedV4Warning } from '@ai-sdk/provider';
import { ProviderError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { convertToOllamaMessages } from './convert-to-ollama-messages.js';

function failure(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (ProviderError.isInstance(error)) return error.failure;
    throw error;
  }
  throw new Error('expected a ProviderError');
}

describe('convertToOllamaMessages', () => {
  describe('user messages', () => {
    it('rejects a file that is neither an inline image nor text, naming its media type', () => {
      expect(
        failure(() =>
          convertToOllamaMessages({
            modelId: 'llama3.2',
            prompt: [
              {
                role: 'user',
                content: [
                  { type: 'file', mediaType: 'application/pdf', data: { type: 'data', data: 'JVBERi0=' } },
                ],
              },
            ],
          }),
        ),
      ).toEqual({
        kind: 'invalid_request',
        code: 'unsupported_prompt',
        message:
          'a user file of media type application/pdf (data) is not supported by Ollama; expected inline image data or text',
      });
    });
  });

  describe('assistant messages', () => {
    it('sends empty and missing tool-call input as {}', () => {
      const messages = convertToOllamaMessages({
        modelId: 'm',
        prompt: [
          {
            role: 'assistant',
            content: [
              { type: 'tool-call', toolCallId: 'a', toolName: 't', input: '' },
              { type: 'tool-call', toolCallId: 'b', toolName: 't', input: null },
            ],
          },
        ],
      });
      expect(messages[0]?.tool_calls?.map((call) => call.function.arguments)).toEqual([{}, {}]);
    });

    it('rejects tool-call input that is not a JSON object', () => {
      for (const input of ['{not json', '[1,2]', '"text"']) {
        expect(
          failure(() =>
            convertToOllamaMessages({
              modelId: 'm',
              provider: 'local',
              prompt: [
                {
                  role: 'assistant',
                  content: [{ type: 'tool-call', toolCallId: 'a', toolName: 'lookup', input }],
                },
              ],
            }),
          ),
        ).toMatchObject({ kind: 'invalid_request', message: expect.stringContaining('tool lookup') });
      }
    });
  });

  describe('tool messages', () => {
    it('maps error and denied results to text tool messages', () => {
      const messages = convertToOllamaMessages({
        modelId: 'm',
        prompt: [
          {
            role: 'tool',
            content: [
              {
                type: 'tool-result',
                toolCallId: 'a',
                toolName: 't',
                output: { type: 'error-text', value: 'failed' },
              },
              { type: 'tool-result', toolCallId: 'b', toolName: 't', output: { type: 'execution-denied' } },
            ],
          },
        ],
      });
      expect(messages).toEqual([
        { role: 'tool', content: 'failed', tool_name: 't', tool_call_id: 'a' },
        { role: 'tool', content: 'Tool execution denied.', tool_name: 't', tool_call_id: 'b' },
      ]);
    });
  });

  describe('assistant messages', () => {
    it('warns of each assistant part /api/chat has no field for, naming it, and sends the rest', () => {
      // These were left out without a word: the caller never learnt the model would not see them.
      const warnings: SharedV4Warning[] = [];
      const messages = convertToOllamaMessages({
        modelId: 'llama3.2',
        warnings,
        prompt: [
          {
            role: 'assistant',
            content: [
              { type: 'reasoning', text: 'hm' },
              { type: 'file', mediaType: 'image/png', data: { type: 'data', data: 'AAAA' } },
              { type: 'custom', kind: 'ollama.note' },
              { type: 'text', text: 'Done.' },
            ],
          },
        ],
      });
      expect(messages).toEqual([{ role: 'assistant', content: 'Done.', thinking: 'hm' }]);
      const why = 'is not sent: an assistant message of /api/chat takes text, thinking and tool calls only';
      expect(warnings).toEqual([
        { type: 'other', message: `prompt[0].content[1], an assistant file part, ${why}` },
        { type: 'other', message: `prompt[0].content[2], an assistant custom part, ${why}` },
      ]);
    });
  });
});
