import type { LanguageModelV4CallOptions, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { createSimulator, type OpenAIFlavor, openAIFlavors, simulatedAnswer } from '@switchyard/simulators';
import { describe, expect, it } from 'vitest';
import { createOpenAI } from './create-openai.js';

/**
 * The adapter against the `openai` simulator speaking as each OpenAI-compatible
 * server (its `flavor`): the same answer, reasoning, usage and metadata come
 * out of every server's own wire shape. Generate and stream.
 */
const model = 'served-model';
const usage = { cachedInputTokens: 2, reasoningTokens: 5 };

/** What each server reports: reasoning text, streamed usage, the cache and reasoning split. */
const expected: Record<
  OpenAIFlavor,
  { reasoning: boolean; streamUsage: boolean; cacheRead: number; reasoningTokens: number; finish: string }
> = {
  // vLLM and llama.cpp report no cache or reasoning details: their output total still counts every token.
  vllm: { reasoning: true, streamUsage: true, cacheRead: 0, reasoningTokens: 0, finish: 'stop' },
  'llama.cpp': { reasoning: true, streamUsage: true, cacheRead: 0, reasoningTokens: 0, finish: 'stop' },
  lmstudio: { reasoning: true, streamUsage: false, cacheRead: 2, reasoningTokens: 5, finish: 'stop' },
  deepseek: { reasoning: true, streamUsage: true, cacheRead: 2, reasoningTokens: 5, finish: 'stop' },
  groq: { reasoning: true, streamUsage: true, cacheRead: 2, reasoningTokens: 5, finish: 'stop' },
  xai: { reasoning: true, streamUsage: true, cacheRead: 2, reasoningTokens: 5, finish: 'stop' },
  together: { reasoning: false, streamUsage: true, cacheRead: 2, reasoningTokens: 5, finish: 'eos' },
  azure: { reasoning: false, streamUsage: true, cacheRead: 2, reasoningTokens: 5, finish: 'stop' },
};

const ask = (text: string, extra: Partial<LanguageModelV4CallOptions> = {}): LanguageModelV4CallOptions => ({
  prompt: [{ role: 'user', content: [{ type: 'text', text }] }],
  ...extra,
});

function server(flavor: OpenAIFlavor) {
  const simulator = createSimulator({ kind: 'openai', flavor, models: [{ id: model, usage }] });
  return createOpenAI({ apiKey: 'sk-test', baseURL: simulator.baseURL, fetch: simulator.fetch })(model);
}

async function collect(stream: ReadableStream<LanguageModelV4StreamPart>) {
  const parts: LanguageModelV4StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

describe('OpenAIChatLanguageModel against OpenAI-compatible servers', () => {
  it('covers every flavour the simulator speaks', () => {
    expect(Object.keys(expected).sort()).toEqual([...openAIFlavors].sort());
  });

  describe.each(openAIFlavors)('%s', (flavor) => {
    const want = expected[flavor];
    const answer = simulatedAnswer({ model, prompt: 'Hello there' });

    it('generates the answer, its reasoning and the billed usage', async () => {
      const result = await server(flavor).doGenerate(ask('Hello there'));
      const text = result.content.find((part) => part.type === 'text');
      expect(text).toEqual({ type: 'text', text: answer });
      expect(result.content.some((part) => part.type === 'reasoning')).toBe(want.reasoning);
      expect(result.finishReason).toEqual({ unified: 'stop', raw: want.finish });
      // Every server bills the reasoning as output, wherever it reports it.
      expect(result.usage.outputTokens.reasoning).toBe(want.reasoningTokens);
      expect(result.usage.outputTokens.total).toBe(
        (result.usage.outputTokens.text ?? 0) + (result.usage.outputTokens.reasoning ?? 0),
      );
      expect(result.usage.inputTokens.cacheRead).toBe(want.cacheRead);
      expect(result.response?.id).toBeTruthy();
      expect(result.response?.modelId).toBe(model);
      expect(result.response?.timestamp?.getFullYear()).toBeGreaterThan(2000);
    });

    it('streams the same answer, one response-metadata with an id, model and time, and usage when the server sends it', async () => {
      const { stream } = await server(flavor).doStream(ask('Hello there'));
      const parts = await collect(stream);
      const text = parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');
      expect(text).toBe(answer);
      expect(parts.some((part) => part.type === 'reasoning-delta')).toBe(want.reasoning);
      const metadata = parts.filter((part) => part.type === 'response-metadata');
      expect(metadata).toHaveLength(1);
      expect(metadata[0]).toMatchObject({
        id: expect.any(String),
        modelId: model,
        timestamp: expect.any(Date),
      });
      const finish = parts.at(-1);
      if (finish?.type !== 'finish') throw new Error(`expected a finish, got ${finish?.type}`);
      expect(finish.finishReason).toEqual({ unified: 'stop', raw: want.finish });
      if (want.streamUsage) {
        expect(finish.usage.outputTokens.total).toBe(countOf(finish.usage.outputTokens));
        expect(finish.usage.outputTokens.reasoning).toBe(want.reasoningTokens);
        expect(finish.usage.inputTokens.cacheRead).toBe(want.cacheRead);
      } else {
        expect(finish.usage.outputTokens.total).toBeUndefined();
      }
    });

    it("calls tools with the server's ids", async () => {
      const weather = {
        type: 'function' as const,
        name: 'get_weather',
        inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      };
      const { stream } = await server(flavor).doStream(ask('Call get_weather', { tools: [weather] }));
      const calls = (await collect(stream)).filter((part) => part.type === 'tool-call');
      expect(calls).toEqual([
        {
          type: 'tool-call',
          toolCallId: expect.any(String),
          toolName: 'get_weather',
          input: '{"city":"example"}',
        },
      ]);
      if (flavor === 'vllm') expect(calls[0]?.toolCallId).toMatch(/^chatcmpl-tool-/);
    });
  });
});

function countOf(output: { text: number | undefined; reasoning: number | undefined }): number {
  return (output.text ?? 0) + (output.reasoning ?? 0);
}
