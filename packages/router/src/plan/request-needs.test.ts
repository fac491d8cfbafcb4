import { describe, expect, it } from 'vitest';
import { requestNeeds } from './request-needs.js';

describe('requestNeeds', () => {
  it('reads tools, JSON, vision and a rough token count', () => {
    const needs = requestNeeds({
      prompt: [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this picture?' },
            { type: 'file', mediaType: 'image/png', data: { type: 'data', data: new Uint8Array(4) } },
          ],
        },
      ],
      tools: [{ type: 'function', name: 'look', inputSchema: { type: 'object' } }],
      responseFormat: { type: 'json' },
      maxOutputTokens: 64,
    });
    expect(needs).toEqual({
      tools: true,
      json: true,
      vision: true,
      promptTokens: Math.ceil((16 + 9 + 16 + 24 + 4_000) / 4),
      outputTokens: 64,
    });
  });
});
