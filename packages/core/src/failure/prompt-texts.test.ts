import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { promptTexts } from './prompt-texts.js';

describe('promptTexts', () => {
  it('reads system, user, assistant, reasoning, tool calls, tool results and text files; not file bytes', () => {
    const prompt: LanguageModelV4Prompt = [
      { role: 'system', content: 'be brief' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'hello' },
          { type: 'file', data: { type: 'data', data: 'aGVsbG8=' }, mediaType: 'text/plain' },
          { type: 'file', data: { type: 'text', text: 'the attached memo' }, mediaType: 'text/plain' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'thinking' },
          { type: 'text', text: 'calling' },
          {
            type: 'tool-call',
            toolCallId: 'c1',
            toolName: 'lookup',
            input: { city: 'Berlin', days: [1, 'two'] },
          },
        ],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'c1',
            toolName: 'lookup',
            output: { type: 'text', value: 'sunny' },
          },
          {
            type: 'tool-result',
            toolCallId: 'c2',
            toolName: 'lookup',
            output: { type: 'json', value: { t: 21 } },
          },
          {
            type: 'tool-result',
            toolCallId: 'c3',
            toolName: 'lookup',
            output: { type: 'content', value: [{ type: 'text', text: 'rainy' }] },
          },
          {
            type: 'tool-result',
            toolCallId: 'c4',
            toolName: 'lookup',
            output: { type: 'execution-denied', reason: 'not allowed' },
          },
          { type: 'tool-approval-response', approvalId: 'a1', approved: false, reason: 'too costly' },
        ],
      },
    ];
    const texts = promptTexts(prompt);
    expect(texts).toEqual(
      expect.arrayContaining([
        'be brief',
        'hello',
        'the attached memo',
        'thinking',
        'calling',
        '{"city":"Berlin","days":[1,"two"]}',
        'Berlin',
        'two',
        'sunny',
        '{"t":21}',
        'rainy',
        'not allowed',
        'too costly',
      ]),
    );
    expect(texts).not.toContain('aGVsbG8=');
    expect(texts).not.toContain('');
  });

  it('reads a tool call whose input is a string as that string', () => {
    const prompt: LanguageModelV4Prompt = [
      {
        role: 'assistant',
        content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'run', input: '{"cmd":"ls -la /home"}' }],
      },
    ];
    expect(promptTexts(prompt)).toEqual(['{"cmd":"ls -la /home"}']);
  });

  it('reads files by name and URL, in messages and in tool results, but not their bytes', () => {
    const prompt: LanguageModelV4Prompt = [
      {
        role: 'user',
        content: [
          {
            type: 'file',
            filename: 'patient-0042-scan.pdf',
            data: { type: 'url', url: new URL('https://files.example/u/anna-schmidt/scan.pdf?sig=abc') },
            mediaType: 'application/pdf',
          },
          {
            type: 'file',
            data: {
              type: 'url',
              url: new URL('s3://bucket/Anna%20Schmidt.png'),
              originalUrl: 's3://bucket/Anna Schmidt.png',
            },
            mediaType: 'image/png',
          },
          {
            type: 'file',
            filename: 'photo.jpg',
            data: { type: 'data', data: 'aGVsbG8=' },
            mediaType: 'image/jpeg',
          },
        ],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'c1',
            toolName: 'fetch',
            output: {
              type: 'content',
              value: [
                {
                  type: 'file',
                  filename: 'ledger-2026.csv',
                  data: { type: 'url', url: new URL('https://files.example/ledger-2026.csv') },
                  mediaType: 'text/csv',
                },
              ],
            },
          },
        ],
      },
    ];
    const texts = promptTexts(prompt);
    expect(texts).toEqual([
      'patient-0042-scan.pdf',
      'https://files.example/u/anna-schmidt/scan.pdf?sig=abc',
      's3://bucket/Anna%20Schmidt.png',
      's3://bucket/Anna Schmidt.png',
      'photo.jpg',
      'ledger-2026.csv',
      'https://files.example/ledger-2026.csv',
    ]);
  });
});
