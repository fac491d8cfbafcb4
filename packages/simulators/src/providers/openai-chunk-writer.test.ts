import { describe, expect, it } from 'vitest';
import { openaiChunkWriter } from './openai-chunk-writer.js';

const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt "q"' };
const whole = (delta: unknown, finish: string | null, usage: boolean) =>
  `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...(usage ? { usage: null } : {}) })}\n\n`;

describe('openaiChunkWriter', () => {
  for (const usage of [false, true]) {
    it(`writes the bytes of JSON.stringify of the whole chunk (usage ${usage})`, () => {
      const write = openaiChunkWriter(base, usage);
      for (const piece of ['Hi', 'a "quote"\n\u0001', '東京 🚀', '\\']) {
        expect(write.content(piece)).toBe(whole({ content: piece }, null, usage));
        expect(write.toolArguments(2, piece)).toBe(
          whole({ tool_calls: [{ index: 2, function: { arguments: piece } }] }, null, usage),
        );
      }
      expect(write.chunk({ role: 'assistant', content: '' })).toBe(
        whole({ role: 'assistant', content: '' }, null, usage),
      );
      expect(write.chunk({}, 'stop')).toBe(whole({}, 'stop', usage));
    });
  }
});
