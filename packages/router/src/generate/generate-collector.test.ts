import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { GenerateCollector } from './generate-collector.js';

const usage = {
  inputTokens: { total: 5, noCache: 5, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 7, text: 7, reasoning: 2 },
};

describe('GenerateCollector', () => {
  describe('result', () => {
    it('puts each delta into its own open block: interleaved blocks, a block started again, a delta after its end', () => {
      const finish: LanguageModelV4StreamPart = {
        type: 'finish',
        finishReason: { unified: 'stop', raw: 'stop' },
        usage,
      };
      const parts: LanguageModelV4StreamPart[] = [
        { type: 'text-start', id: 'a' },
        { type: 'text-delta', id: 'a', delta: 'a1 ' },
        { type: 'reasoning-start', id: 'a' },
        { type: 'reasoning-delta', id: 'a', delta: 'r1 ' },
        { type: 'text-delta', id: 'a', delta: 'a2 ' },
        { type: 'text-start', id: 'b' },
        { type: 'text-delta', id: 'b', delta: 'b1 ' },
        { type: 'text-delta', id: 'a', delta: 'a3' },
        { type: 'text-end', id: 'a' },
        { type: 'text-delta', id: 'a', delta: 'late' },
        { type: 'text-delta', id: 'b', delta: 'b2 ' },
        { type: 'text-start', id: 'b' },
        { type: 'text-delta', id: 'b', delta: 'again' },
        finish,
      ];
      const collector = new GenerateCollector();
      for (const part of parts) collector.push(part);
      expect(collector.result({}).content).toEqual([
        { type: 'text', text: 'a1 a2 a3' },
        { type: 'reasoning', text: 'r1 ' },
        { type: 'text', text: 'b1 b2 ' },
        { type: 'text', text: 'late' },
        { type: 'text', text: 'again' },
      ]);
      expect(collector.receivedBytes).toBe('a1 r1 a2 b1 a3lateb2 again'.length);
    });

    it("collects a stream's parts into the generate result, blocks in the order they started", () => {
      const parts: LanguageModelV4StreamPart[] = [
        { type: 'stream-start', warnings: [{ type: 'unsupported', feature: 'topK' }] },
        { type: 'response-metadata', id: 'resp-1', modelId: 'gpt-5.4', timestamp: new Date(0) },
        { type: 'reasoning-start', id: 'r' },
        { type: 'reasoning-delta', id: 'r', delta: 'Let me ' },
        { type: 'reasoning-delta', id: 'r', delta: 'think.' },
        { type: 'reasoning-end', id: 'r', providerMetadata: { anthropic: { signature: 'sig' } } },
        { type: 'text-start', id: 't' },
        { type: 'text-delta', id: 't', delta: 'Hello ' },
        { type: 'source', sourceType: 'url', id: 's', url: 'https://example.com' },
        { type: 'text-delta', id: 't', delta: 'world' },
        { type: 'text-end', id: 't' },
        { type: 'tool-input-start', id: 'c', toolName: 'lookup' },
        { type: 'tool-input-delta', id: 'c', delta: '{}' },
        { type: 'tool-input-end', id: 'c' },
        { type: 'tool-call', toolCallId: 'c', toolName: 'lookup', input: '{}' },
        {
          type: 'finish',
          finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
          usage,
          providerMetadata: { x: { y: 1 } },
        },
      ];
      const collector = new GenerateCollector();
      for (const part of parts) collector.push(part);
      expect(collector.finished).toBe(true);
      expect(collector.received).toBe('Let me think.Hello world{}'.length);
      expect(
        collector.result({
          request: { body: 'b' },
          response: { headers: { a: '1' } },
        }),
      ).toEqual({
        content: [
          { type: 'reasoning', text: 'Let me think.', providerMetadata: { anthropic: { signature: 'sig' } } },
          { type: 'text', text: 'Hello world' },
          { type: 'source', sourceType: 'url', id: 's', url: 'https://example.com' },
          { type: 'tool-call', toolCallId: 'c', toolName: 'lookup', input: '{}' },
        ],
        finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
        usage,
        providerMetadata: { x: { y: 1 } },
        warnings: [{ type: 'unsupported', feature: 'topK' }],
        request: { body: 'b' },
        response: { id: 'resp-1', modelId: 'gpt-5.4', timestamp: new Date(0), headers: { a: '1' } },
      });
    });

    it('is not finished without a finish part', () => {
      const collector = new GenerateCollector();
      collector.push({ type: 'text-delta', id: 't', delta: 'cut' });
      expect(collector.finished).toBe(false);
      expect(collector.received).toBe(3);
    });
  });
});
