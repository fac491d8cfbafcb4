import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { continuationPrompt, continueInstruction } from './continuation-prompt.js';

const prompt: LanguageModelV4Prompt = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: [{ type: 'text', text: 'Explain.' }] },
];

describe('continuationPrompt', () => {
  it('hands the delivered text over as an assistant prefill', () => {
    expect(continuationPrompt({ prompt, delivered: 'It is', mode: 'prefill' })).toEqual([
      ...prompt,
      { role: 'assistant', content: [{ type: 'text', text: 'It is' }] },
    ]);
  });

  it('asks explicitly after the answer so far, for targets that reject a prefill', () => {
    expect(continuationPrompt({ prompt, delivered: 'It is', mode: 'explicit' })).toEqual([
      ...prompt,
      { role: 'assistant', content: [{ type: 'text', text: 'It is' }] },
      { role: 'user', content: [{ type: 'text', text: continueInstruction }] },
    ]);
  });

  it("continues the caller's own prefill rather than adding a second assistant message", () => {
    const prefilled: LanguageModelV4Prompt = [
      ...prompt,
      { role: 'assistant', content: [{ type: 'text', text: '{"answer": "' }] },
    ];
    expect(continuationPrompt({ prompt: prefilled, delivered: 'It is', mode: 'prefill' }).at(-1)).toEqual({
      role: 'assistant',
      content: [
        { type: 'text', text: '{"answer": "' },
        { type: 'text', text: 'It is' },
      ],
    });
  });

  it('sends the original prompt when only reasoning was delivered', () => {
    expect(continuationPrompt({ prompt, delivered: '', mode: 'restart' })).toBe(prompt);
  });
});
