import type { LanguageModelV4CallOptions, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { ProviderError } from '@switchyard/core';
import {
  type FaultRule,
  type SimulatorHandle,
  simulatedAnswer,
  startSimulator,
} from '@switchyard/simulators';
import { generateText, jsonSchema, Output, streamText, tool } from 'ai';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAI } from './create-openai.js';

let simulator: SimulatorHandle;
let openai: ReturnType<typeof createOpenAI>;

beforeAll(async () => {
  simulator = await startSimulator({
    kind: 'openai',
    models: ['gpt-test', { id: 'gpt-usage', usage: { cachedInputTokens: 4, reasoningTokens: 3 } }],
  });
  openai = createOpenAI({ apiKey: 'sk-test-secret-key-1234', baseURL: simulator.baseURL });
});
afterAll(async () => {
  await simulator.stop();
});
beforeEach(() => {
  simulator.clearFaults();
  simulator.clearRequests();
});

function lastBody(): Record<string, unknown> {
  const request = simulator.requests.at(-1);
  if (request === undefined) throw new Error('no request recorded');
  return request.body as Record<string, unknown>;
}

async function collect(
  stream: ReadableStream<LanguageModelV4StreamPart>,
): Promise<LanguageModelV4StreamPart[]> {
  const parts: LanguageModelV4StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

const prompt = (text: string): LanguageModelV4CallOptions => ({
  prompt: [{ role: 'user', content: [{ type: 'text', text }] }],
});

async function failureOf(promise: PromiseLike<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (!ProviderError.isInstance(error)) throw error;
    return error.failure;
  }
  throw new Error('expected a ProviderError');
}

async function streamFailureOf(options: LanguageModelV4CallOptions) {
  const { stream } = await openai('gpt-test').doStream(options);
  const parts = await collect(stream);
  const last = parts.at(-1);
  expect(parts.some((part) => part.type === 'finish')).toBe(false);
  if (last?.type !== 'error' || !ProviderError.isInstance(last.error))
    throw new Error(`expected an error part, got ${last?.type}`);
  return last.error.failure;
}

describe('OpenAIChatLanguageModel', () => {
  describe('doGenerate', () => {
    it('maps system, user text and image, assistant tool calls, tool results and settings into the request body', async () => {
      await openai('gpt-test').doGenerate({
        prompt: [
          { role: 'system', content: 'Be brief.' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              {
                type: 'file',
                mediaType: 'image/png',
                data: { type: 'data', data: new Uint8Array([1, 2, 3]) },
              },
            ],
          },
          {
            role: 'assistant',
            content: [{ type: 'tool-call', toolCallId: 'call_1', toolName: 'lookup', input: { q: 'x' } }],
          },
          {
            role: 'tool',
            content: [
              {
                type: 'tool-result',
                toolCallId: 'call_1',
                toolName: 'lookup',
                output: { type: 'json', value: { found: true } },
              },
            ],
          },
        ],
        temperature: 0.2,
        topP: 0.9,
        maxOutputTokens: 50,
        stopSequences: ['END'],
        seed: 7,
        providerOptions: { openai: { user: 'u-1' } },
      });
      expect(lastBody()).toEqual({
        model: 'gpt-test',
        messages: [
          { role: 'system', content: 'Be brief.' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,AQID' } },
            ],
          },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } },
            ],
          },
          { role: 'tool', tool_call_id: 'call_1', content: '{"found":true}' },
        ],
        temperature: 0.2,
        top_p: 0.9,
        max_completion_tokens: 50,
        stop: ['END'],
        seed: 7,
        user: 'u-1',
      });
    });

    it('returns the text, finish reason, usage and response metadata', async () => {
      const result = await openai('gpt-test').doGenerate(prompt('Hello there'));
      expect(result.content).toEqual([
        { type: 'text', text: simulatedAnswer({ model: 'gpt-test', prompt: 'Hello there' }) },
      ]);
      expect(result.finishReason).toEqual({ unified: 'stop', raw: 'stop' });
      const usage = simulator.requests.at(-1)?.response.usage as
        | { input: number; output: number }
        | undefined;
      expect(result.usage.inputTokens.total).toBeGreaterThan(0);
      expect(result.usage.outputTokens.total).toBeGreaterThan(0);
      expect(usage).toBeDefined();
      expect(result.response?.modelId).toBe('gpt-test');
      expect(result.warnings).toEqual([]);
    });

    it('reports cached input and reasoning output tokens', async () => {
      const result = await openai('gpt-usage').doGenerate(prompt('Count my tokens'));
      expect(result.usage.inputTokens.cacheRead).toBe(4);
      expect(result.usage.inputTokens.noCache).toBe((result.usage.inputTokens.total ?? 0) - 4);
      expect(result.usage.outputTokens.reasoning).toBe(3);
      expect(result.usage.outputTokens.text).toBe((result.usage.outputTokens.total ?? 0) - 3);
    });

    it('warns about topK, which Chat Completions does not take, and does not send it', async () => {
      const result = await openai('gpt-test').doGenerate({ ...prompt('Hi'), topK: 5 });
      expect(result.warnings).toEqual([
        { type: 'unsupported', feature: 'topK', details: 'Chat Completions has no top_k' },
      ]);
      expect(lastBody()).not.toHaveProperty('top_k');
    });
  });

  describe('with the AI SDK', () => {
    it('answers generateText and streamText with the same text', async () => {
      const model = openai('gpt-test');
      const generated = await generateText({ model, prompt: 'Tell me a fact' });
      const streamed = streamText({ model, prompt: 'Tell me a fact' });
      const expected = simulatedAnswer({ model: 'gpt-test', prompt: 'Tell me a fact' });
      expect(generated.text).toBe(expected);
      expect(await streamed.text).toBe(expected);
      expect((await streamed.usage).outputTokens).toBe(generated.usage.outputTokens);
    });

    it('sends tools and tool choice, and returns the tool call', async () => {
      const result = await generateText({
        model: openai('gpt-test'),
        prompt: 'Use weather for Paris',
        tools: {
          weather: tool({
            description: 'Weather',
            inputSchema: jsonSchema({
              type: 'object',
              properties: { city: { type: 'string' } },
              required: ['city'],
            }),
          }),
        },
        toolChoice: { type: 'tool', toolName: 'weather' },
      });
      expect(lastBody()).toMatchObject({
        tools: [
          {
            type: 'function',
            function: {
              name: 'weather',
              description: 'Weather',
              parameters: { type: 'object', required: ['city'] },
            },
          },
        ],
        tool_choice: { type: 'function', function: { name: 'weather' } },
      });
      expect(result.toolCalls).toMatchObject([{ toolName: 'weather', input: { city: 'example' } }]);
      expect(result.finishReason).toBe('tool-calls');
    });

    it('sends a JSON schema as response_format json_schema and parses the object', async () => {
      const schema = {
        type: 'object',
        properties: { answer: { type: 'string' } },
        required: ['answer'],
        additionalProperties: false,
      } as const;
      const result = await generateText({
        model: openai('gpt-test'),
        prompt: 'Give JSON',
        output: Output.object({ schema: jsonSchema<{ answer: string }>(schema) }),
      });
      expect(lastBody().response_format).toEqual({
        type: 'json_schema',
        json_schema: { name: 'response', schema, strict: false },
      });
      expect(result.output).toEqual({ answer: 'example' });
    });
  });

  describe('doStream', () => {
    it('emits stream-start, response-metadata, text parts and a finish with usage, in order', async () => {
      const { stream } = await openai('gpt-test').doStream(prompt('Stream this'));
      const parts = await collect(stream);
      const types = parts.map((part) => part.type);
      expect(types[0]).toBe('stream-start');
      expect(types[1]).toBe('response-metadata');
      expect(types[2]).toBe('text-start');
      expect(types.at(-2)).toBe('text-end');
      expect(types.at(-1)).toBe('finish');
      const text = parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');
      expect(text).toBe(simulatedAnswer({ model: 'gpt-test', prompt: 'Stream this' }));
      const finish = parts.at(-1);
      expect(finish?.type === 'finish' && finish.usage.outputTokens.total).toBe(
        types.filter((type) => type === 'text-delta').length,
      );
      expect(lastBody()).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    });

    it('streams tool input deltas, then tool-input-end and the tool call', async () => {
      const { stream } = await openai('gpt-test').doStream({
        ...prompt('Call lookup now'),
        tools: [
          {
            type: 'function',
            name: 'lookup',
            inputSchema: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
          },
        ],
      });
      const parts = await collect(stream);
      const start = parts.find((part) => part.type === 'tool-input-start');
      const call = parts.find((part) => part.type === 'tool-call');
      const deltas = parts.flatMap((part) => (part.type === 'tool-input-delta' ? [part.delta] : []));
      expect(start).toMatchObject({ toolName: 'lookup' });
      expect(call).toMatchObject({ toolName: 'lookup', input: '{"q":"example"}' });
      expect(deltas.join('')).toBe('{"q":"example"}');
      expect(parts.findIndex((part) => part.type === 'tool-input-end')).toBeLessThan(
        parts.findIndex((part) => part.type === 'tool-call'),
      );
      expect(parts.at(-1)).toMatchObject({
        type: 'finish',
        finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
      });
    });
  });

  describe('abort', () => {
    it('aborts a request that gets no response', async () => {
      simulator.addFault({ fault: { type: 'no_response' } });
      const controller = new AbortController();
      const pending = failureOf(
        openai('gpt-test').doGenerate({ ...prompt('Hi'), abortSignal: controller.signal }),
      );
      while (simulator.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
      controller.abort();
      expect(await pending).toMatchObject({ kind: 'transient', code: 'aborted' });
    });
  });

  describe('fault classification', () => {
    const cases: Array<[string, FaultRule['fault'], Record<string, unknown>]> = [
      [
        'region_block',
        { type: 'region_block' },
        { kind: 'cutoff', cutoffReason: 'region_blocked', scope: 'jurisdiction', status: 403 },
      ],
      [
        'model_withdrawn',
        { type: 'model_withdrawn' },
        { kind: 'cutoff', cutoffReason: 'model_withdrawn', scope: 'target', status: 404 },
      ],
      [
        'key_revoked',
        { type: 'key_revoked' },
        { kind: 'cutoff', cutoffReason: 'key_revoked', scope: 'target', status: 401 },
      ],
      [
        'quota_exhausted',
        { type: 'quota_exhausted' },
        { kind: 'cutoff', cutoffReason: 'quota_exhausted', scope: 'target', status: 429 },
      ],
      [
        'rate_limit with retry-after',
        { type: 'rate_limit', retryAfterSeconds: 2 },
        { kind: 'rate_limited', status: 429, retryAfterMs: 2000 },
      ],
      ['rate_limit without retry-after', { type: 'rate_limit' }, { kind: 'rate_limited', status: 429 }],
      ['server_error 500', { type: 'server_error' }, { kind: 'transient', status: 500 }],
      ['server_error 503', { type: 'server_error', status: 503 }, { kind: 'transient', status: 503 }],
      ['server_error 529', { type: 'server_error', status: 529 }, { kind: 'transient', status: 529 }],
      ['connection_reset', { type: 'connection_reset' }, { kind: 'transient', code: 'connection_error' }],
      [
        'context_length',
        { type: 'context_length' },
        { kind: 'context_length', status: 400, code: 'context_length_exceeded' },
      ],
      ['mid_stream_error (not streamed)', { type: 'mid_stream_error' }, { kind: 'transient', status: 500 }],
      ['stream_cut (not streamed)', { type: 'stream_cut', afterChunks: 1 }, { kind: 'transient' }],
      [
        'malformed_chunk (not streamed)',
        { type: 'malformed_chunk' },
        { kind: 'transient', code: 'malformed_response' },
      ],
    ];
    it.each(cases)('classifies %s in doGenerate', async (_name, fault, expected) => {
      simulator.addFault({ fault });
      expect(await failureOf(openai('gpt-test').doGenerate(prompt('Hi')))).toMatchObject(expected);
    });

    it.each(cases.slice(0, 11))('rejects doStream on %s before any part', async (_name, fault, expected) => {
      simulator.addFault({ fault });
      expect(await failureOf(openai('gpt-test').doStream(prompt('Hi')))).toMatchObject(expected);
    });

    it('does not let the SDK retry (maxRetries 0 by default)', async () => {
      simulator.addFault({ fault: { type: 'connection_reset' } });
      await failureOf(openai('gpt-test').doGenerate(prompt('Hi')));
      expect(simulator.requests).toHaveLength(1);
    });

    it('streams a mid-stream error as an error part after the first text', async () => {
      simulator.addFault({ fault: { type: 'mid_stream_error' } });
      const { stream } = await openai('gpt-test').doStream(prompt('Hello world again'));
      const parts = await collect(stream);
      expect(parts.filter((part) => part.type === 'text-delta')).toHaveLength(1);
      const last = parts.at(-1);
      expect(
        last?.type === 'error' && ProviderError.isInstance(last.error) && last.error.failure,
      ).toMatchObject({ kind: 'transient', code: 'server_error' });
      expect(
        last?.type === 'error' && ProviderError.isInstance(last.error) && last.error.failure.status,
      ).toBeUndefined();
    });

    it('streams a cut stream, a malformed chunk and a stream without finish as error parts', async () => {
      simulator.setFaults([{ fault: { type: 'stream_cut', afterChunks: 2 } }]);
      expect(await streamFailureOf(prompt('Hello world again'))).toMatchObject({ kind: 'transient' });
      simulator.setFaults([{ fault: { type: 'malformed_chunk' } }]);
      expect(await streamFailureOf(prompt('Hello world again'))).toMatchObject({
        kind: 'transient',
        code: 'malformed_response',
      });
    });

    it('finishes normally when only [DONE] is missing', async () => {
      simulator.addFault({ fault: { type: 'missing_terminator' } });
      const { stream } = await openai('gpt-test').doStream(prompt('Hi'));
      expect((await collect(stream)).at(-1)).toMatchObject({
        type: 'finish',
        finishReason: { unified: 'stop' },
      });
    });

    it('classifies an answer withheld by the content filter as content_filtered', async () => {
      simulator.addFault({ fault: { type: 'content_filter' } });
      expect(await failureOf(openai('gpt-test').doGenerate(prompt('Hi')))).toMatchObject({
        kind: 'content_filtered',
        code: 'content_filter',
      });
    });

    it('aborts a stalled stream with an error part', async () => {
      simulator.addFault({ fault: { type: 'stream_stall', afterChunks: 1 } });
      const controller = new AbortController();
      const { stream } = await openai('gpt-test').doStream({
        ...prompt('Hello world again'),
        abortSignal: controller.signal,
      });
      const reader = stream.getReader();
      const seen: string[] = [];
      for (;;) {
        const { value } = await reader.read();
        if (value === undefined) break;
        seen.push(value.type);
        if (value.type === 'text-delta') controller.abort();
        if (value.type === 'error') {
          expect(ProviderError.isInstance(value.error) && value.error.failure.code).toBe('aborted');
        }
      }
      expect(seen.at(-1)).toBe('error');
    });
  });

  describe('createOpenAI', () => {
    it('uses a client you built, and is callable', async () => {
      const client = new OpenAI({ apiKey: 'sk-own', baseURL: simulator.baseURL, maxRetries: 0 });
      const provider = createOpenAI({ client });
      expect(provider.client).toBe(client);
      expect(provider.languageModel('gpt-test').modelId).toBe('gpt-test');
      const result = await provider('gpt-test').doGenerate(prompt('Own client'));
      expect(result.content[0]).toMatchObject({ type: 'text' });
    });
    it('never puts the API key in an error message', async () => {
      simulator.addFault({ fault: { type: 'key_revoked' } });
      const error = await openai('gpt-test')
        .doGenerate(prompt('Hi'))
        .then(
          () => undefined,
          (caught: unknown) => caught as Error,
        );
      expect(error?.message).toContain('cutoff (401)');
      expect(error?.message).not.toContain('sk-test-secret-key-1234');
      expect(error?.message).not.toContain('secret');
    });
  });
});
