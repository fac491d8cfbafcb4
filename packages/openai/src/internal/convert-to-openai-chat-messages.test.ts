import type { SharedV4Warning } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { convertToOpenAIChatMessages } from './convert-to-openai-chat-messages.js';

describe('convertToOpenAIChatMessages: what it cannot send', () => {
  it('warns of each assistant part Chat Completions has no field for, naming it, and sends the rest', () => {
    // These were left out without a word: the caller never learnt the model would not see them.
    const warnings: SharedV4Warning[] = [];
    const messages = convertToOpenAIChatMessages({
      modelId: 'gpt-test',
      warnings,
      prompt: [
        { role: 'user', content: [{ type: 'text', text: 'Draw it' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'thinking' },
            { type: 'file', mediaType: 'image/png', data: { type: 'data', data: 'AAAA' } },
            { type: 'reasoning-file', mediaType: 'image/png', data: { type: 'data', data: 'AAAA' } },
            { type: 'custom', kind: 'openai.compaction' },
            { type: 'text', text: 'Here it is.' },
          ],
        },
      ],
    });
    expect(messages.at(-1)).toEqual({ role: 'assistant', content: 'Here it is.' });
    const why = 'is not sent: an assistant message of Chat Completions takes text and tool calls only';
    // Reasoning is not sent and not warned of, as @ai-sdk/openai does: Chat Completions takes none back.
    expect(warnings).toEqual([
      { type: 'other', message: `prompt[1].content[1], an assistant file part, ${why}` },
      { type: 'other', message: `prompt[1].content[2], an assistant reasoning-file part, ${why}` },
      { type: 'other', message: `prompt[1].content[3], an assistant custom part, ${why}` },
    ]);
  });

  it("warns once per key and place of providerOptions.openai it does not read, but not of an assistant turn's", () => {
    const warnings: SharedV4Warning[] = [];
    const openai = { providerOptions: { openai: { promptCacheBreakpoint: 'auto' } } };
    convertToOpenAIChatMessages({
      modelId: 'gpt-test',
      warnings,
      prompt: [
        { role: 'system', content: 'Be brief.', ...openai },
        {
          role: 'user',
          content: [{ type: 'text', text: 'a', providerOptions: { openai: { imageDetail: 'low' } } }],
        },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'b', ...openai },
            { type: 'text', text: 'c' },
          ],
        },
        { role: 'assistant', content: [{ type: 'text', text: 'd', ...openai }], ...openai },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'x',
              toolName: 'f',
              output: { type: 'text', value: 'ok' },
              ...openai,
            },
          ],
        },
      ],
    });
    expect(warnings.map((warning) => (warning.type === 'unsupported' ? warning.feature : warning))).toEqual([
      'providerOptions.openai.promptCacheBreakpoint on a system message',
      'providerOptions.openai.imageDetail on a user text part',
      'providerOptions.openai.promptCacheBreakpoint on a user text part',
      'providerOptions.openai.promptCacheBreakpoint on a tool-result part',
    ]);
  });
});
