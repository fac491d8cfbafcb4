import { readFileSync } from 'node:fs';
import type { LanguageModelV4CallOptions, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { ProviderError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { createOpenAI } from './create-openai.js';

/**
 * Bodies written by us in the Chat Completions shapes OpenAI and the
 * OpenAI-compatible servers document (Azure's content-filter preamble, xAI's
 * and DeepSeek's reasoning and usage fields, Groq's `x_groq`, vLLM's and
 * llama.cpp's streams, LM Studio's `reasoning`, Together's `eos`), each the
 * shape of a recorded response the adapter once got wrong or must keep right.
 */
const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

function answering(body: string, init: { status?: number; contentType?: string } = {}) {
  const contentType =
    init.contentType ?? (body.trimStart().startsWith('{') ? 'application/json' : 'text/event-stream');
  return createOpenAI({
    apiKey: 'sk-test',
    baseURL: 'http://openai.fixture.invalid/v1',
    fetch: async () =>
      new Response(body, { status: init.status ?? 200, headers: { 'content-type': contentType } }),
  })('gpt-test');
}

const ask: LanguageModelV4CallOptions = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
};

async function parts(model: ReturnType<typeof answering>): Promise<LanguageModelV4StreamPart[]> {
  const { stream } = await model.doStream(ask);
  const collected: LanguageModelV4StreamPart[] = [];
  for await (const part of stream) collected.push(part);
  return collected;
}

const ofType = <T extends LanguageModelV4StreamPart['type']>(list: LanguageModelV4StreamPart[], type: T) =>
  list.filter((part): part is Extract<LanguageModelV4StreamPart, { type: T }> => part.type === type);

const text = (list: LanguageModelV4StreamPart[], type: 'text-delta' | 'reasoning-delta' = 'text-delta') =>
  ofType(list, type)
    .map((part) => part.delta)
    .join('');

describe('OpenAIChatLanguageModel on recorded wire shapes', () => {
  describe("Azure's content-filter preamble chunk (bug 4)", () => {
    it('takes the response id, model and time from the first chunk that has them', async () => {
      const streamed = await parts(answering(fixture('azure-preamble.sse')));
      expect(ofType(streamed, 'response-metadata')).toEqual([
        {
          type: 'response-metadata',
          id: 'chatcmpl-SwitchyardAzure01',
          modelId: 'gpt-5-nano-2025-08-07',
          timestamp: new Date(1762317021 * 1000),
        },
      ]);
      expect(text(streamed)).toBe('Paris');
      expect(ofType(streamed, 'finish')[0]?.usage.outputTokens).toEqual({
        total: 78,
        text: 14,
        reasoning: 64,
      });
    });
  });

  describe("xAI's reasoning tokens outside completion_tokens (bug 6)", () => {
    it('counts them in the billed output, and never a negative text count', async () => {
      const result = await answering(fixture('xai-reasoning.json')).doGenerate(ask);
      expect(result.usage.outputTokens).toEqual({ total: 229, text: 1, reasoning: 228 });
      expect(result.usage.inputTokens).toEqual({
        total: 12,
        noCache: 10,
        cacheRead: 2,
        cacheWrite: undefined,
      });
      expect(result.content).toEqual([
        { type: 'reasoning', text: 'The user wants a single word. A greeting fits.' },
        { type: 'text', text: 'Hello' },
      ]);
    });

    it('does the same in a stream', async () => {
      const streamed = await parts(answering(fixture('xai-reasoning.sse')));
      expect(ofType(streamed, 'finish')[0]?.usage.outputTokens).toEqual({
        total: 291,
        text: 1,
        reasoning: 290,
      });
      expect(text(streamed, 'reasoning-delta')).toBe('A single word is wanted.');
    });
  });

  describe('OpenAI-compatible servers', () => {
    it('DeepSeek: reasoning_content, cache hits and its own finish reason', async () => {
      const streamed = await parts(answering(fixture('deepseek-reasoning.sse')));
      expect(text(streamed, 'reasoning-delta')).toBe("Count the r's.");
      expect(text(streamed)).toBe('Three.');
      expect(ofType(streamed, 'finish')[0]).toMatchObject({
        finishReason: { unified: 'other', raw: 'insufficient_system_resource' },
        usage: {
          inputTokens: { total: 339, noCache: 19, cacheRead: 320 },
          outputTokens: { total: 83, text: 44, reasoning: 39 },
        },
      });
    });

    it('Groq: reasoning in delta.reasoning, usage only in x_groq.usage', async () => {
      const streamed = await parts(answering(fixture('groq-reasoning.sse')));
      expect(text(streamed, 'reasoning-delta')).toBe("Three r's in strawberry.");
      expect(ofType(streamed, 'finish')[0]?.usage).toMatchObject({
        inputTokens: { total: 17 },
        outputTokens: { total: 107, text: 11, reasoning: 96 },
      });
    });

    it('vLLM: a whole tool call in one delta, usage in the last chunk, prompt_tokens_details null', async () => {
      const streamed = await parts(answering(fixture('vllm-tool-call.sse')));
      expect(ofType(streamed, 'tool-call')).toEqual([
        {
          type: 'tool-call',
          toolCallId: 'chatcmpl-tool-8b1d2e',
          toolName: 'get_weather',
          input: '{"city": "Oslo"}',
        },
      ]);
      expect(ofType(streamed, 'finish')[0]).toMatchObject({
        finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
        usage: { inputTokens: { total: 180, cacheRead: 0 }, outputTokens: { total: 35 } },
      });
    });

    it("llama.cpp's llama-server: reasoning_content, usage and timings on the finish chunk", async () => {
      const streamed = await parts(answering(fixture('llama-server.sse')));
      expect(text(streamed, 'reasoning-delta')).toBe('Short answer.');
      expect(text(streamed)).toBe('Hello');
      expect(ofType(streamed, 'finish')[0]?.usage).toMatchObject({
        inputTokens: { total: 14 },
        outputTokens: { total: 9 },
      });
    });

    it('LM Studio: reasoning in delta.reasoning, no usage at all', async () => {
      const streamed = await parts(answering(fixture('lmstudio.sse')));
      expect(text(streamed, 'reasoning-delta')).toBe('Greet back.');
      expect(text(streamed)).toBe('Hi there');
      expect(ofType(streamed, 'finish')[0]).toMatchObject({
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: { inputTokens: { total: undefined }, outputTokens: { total: undefined } },
      });
    });

    it('Together: finish reason eos is a stop, usage on the last content chunk', async () => {
      const streamed = await parts(answering(fixture('together.sse')));
      expect(text(streamed)).toBe('Hi!');
      expect(ofType(streamed, 'finish')[0]).toMatchObject({
        finishReason: { unified: 'stop', raw: 'eos' },
        usage: { inputTokens: { total: 40 }, outputTokens: { total: 3 } },
      });
    });

    it('tool calls without ids get ids of their own', async () => {
      const result = await answering(fixture('tool-call-without-ids.json')).doGenerate(ask);
      expect(result.content).toEqual([
        {
          type: 'tool-call',
          toolCallId: 'call_0',
          toolName: 'weather',
          input: '{"location": "San Francisco"}',
        },
      ]);
    });
  });

  describe('generate answers that are not a completion (bug 7)', () => {
    it.each([
      ['an empty body with 200', '', 'application/json', 'got an empty body'],
      [
        'an HTML page with 200',
        '<!DOCTYPE html><html><head><title>Sign in to the Wi-Fi</title></head><body></body></html>',
        'text/html',
        'got text/html: HTML page: Sign in to the Wi-Fi',
      ],
      ['JSON of another shape', '{"object":"list","data":[]}', 'application/json', 'choices: expected array'],
    ])('classifies %s instead of throwing a TypeError', async (_, body, contentType, message) => {
      const error = await answering(body, { contentType })
        .doGenerate(ask)
        .catch((thrown: unknown) => thrown);
      if (!ProviderError.isInstance(error)) throw new Error(`expected a ProviderError, got ${String(error)}`);
      expect(error.failure).toMatchObject({ kind: 'transient', code: 'malformed_response' });
      expect(error.failure.message).toContain(message);
    });
  });
});
