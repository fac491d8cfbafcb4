import { describe, expect, it } from 'vitest';
import { runOpenAICompatibleExample } from './run-openai-compatible-example.js';

describe('runOpenAICompatibleExample', () => {
  describe('against the simulator flavours', () => {
    it('bills xAI reasoning, falls back from a gateway HTML page, and streams llama.cpp reasoning', async () => {
      const { lines } = await runOpenAICompatibleExample();
      expect(lines[0]).toMatch(
        /^xAI: This is grok-3-mini answering: "Say one word"\. \(reasoning shown; billed output \d+ tokens, 200 of them reasoning; cost \$0\.\d{6}\)$/,
      );
      expect(lines[1]).toBe('gateway: This is Qwen/Qwen3-8B answering: "Hello".');
      expect(lines.slice(2, -2)).not.toHaveLength(0);
      for (const line of lines.slice(2, -2))
        expect(line).toBe(
          '  gateway: transient malformed_response (expected a Chat Completion as JSON; got text/html: HTML page: Sign in to continue)',
        );
      expect(lines.at(-2)).toBe('  vllm: served');
      expect(lines.at(-1)).toBe('llama.cpp reasoning: Thinking about "Stream it" first.');
    });
  });
});
