import { describe, expect, it } from 'vitest';
import { runOpenAIExample } from './run-openai-example.js';

describe('runOpenAIExample', () => {
  describe('against the OpenAI simulator', () => {
    it('answers directly and through the router, classifies the quota cut-off and falls back on the region block', async () => {
      const { lines } = await runOpenAIExample();
      expect(lines[0]).toMatch(
        /^generateText: This is gpt-4o answering: "Name a prime number"\. \(\d+ input, \d+ output tokens, finish stop\)$/,
      );
      expect(lines[1]).toMatch(
        /^streamText: {3}This is gpt-4o answering: "Stream a haiku"\. \(\d+ deltas, finish stop\)$/,
      );
      expect(lines[2]).toBe(
        'quota:        cutoff quota_exhausted (429 insufficient_quota), requests sent: 1',
      );
      expect(lines.slice(3)).toEqual([
        'router SG generateText: This is gpt-4o-mini answering: "Hello from Singapore". served by gpt-4o-mini',
        'router SG streamText:   This is gpt-4o-mini answering: "Stream to Singapore". served by gpt-4o-mini',
        'record generate: served by gpt-4o-mini, attempts [gpt-4o:cutoff/region_blocked gpt-4o-mini:success], skipped []',
        'record stream: served by gpt-4o-mini, attempts [gpt-4o-mini:success], skipped [gpt-4o:cutoff]',
      ]);
    });
  });
});
