import type {
  LanguageModelV4CallOptions,
  LanguageModelV4FunctionTool,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import { ProviderError } from '@switchyard/core';
import {
  countTokens,
  exampleFromJsonSchema,
  type SimulatorHandle,
  simulatedAnswer,
  startSimulator,
} from '@switchyard/simulators';
import { generateText, jsonSchema, Output, streamText, tool } from 'ai';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAnthropic } from './create-anthropic.js';

/**
 * How long a wait on real I/O (a socket, a file) may take: the test's own time, not the 1 s
 * default of `vi.waitFor` and `expect.poll`, which a busy machine can miss.
 */
const ioWait = { timeout: 15_000 };

const model = 'claude-test';
let simulator: SimulatorHandle;
let anthropic: ReturnType<typeof createAnthropic>;

beforeAll(async () => {
  simulator = await startSimulator({
    kind: 'anthropic',
    models: [
      model,
      { id: 'claude-usage', usage: { cachedInputTokens: 4, cacheWriteInputTokens: 2, reasoningTokens: 3 } },
    ],
  });
  anthropic = createAnthropic({ apiKey: 'sk-ant-test-secret-1234', baseURL: simulator.baseURL });
});
afterAll(async () => {
  await simulator.stop();
});
beforeEach(() => {
  simulator.clearFaults();
  simulator.clearRequests();
});
afterEach(() => {
  vi.useRealTimers();
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

const ask = (text: string, extra: Partial<LanguageModelV4CallOptions> = {}): LanguageModelV4CallOptions => ({
  prompt: [{ role: 'user', content: [{ type: 'text', text }] }],
  ...extra,
});

const weatherSchema = {
  type: 'object',
  properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1 } },
  required: ['city', 'days'],
  additionalProperties: false,
} as const;
const weatherTool: LanguageModelV4FunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Weather for a city',
  inputSchema: weatherSchema,
};
const timeTool: LanguageModelV4FunctionTool = {
  type: 'function',
  name: 'get_time',
  inputSchema: { type: 'object', properties: {} },
};
const weatherInput = JSON.stringify(exampleFromJsonSchema(weatherSchema));

describe('AnthropicMessagesLanguageModel', () => {
  describe('prompt mapping', () => {
    it('sends system, user text and image, assistant text and tool_use, and tool_result as the SDK body', async () => {
      const png = new Uint8Array([137, 80, 78, 71]);
      await anthropic(model).doGenerate({
        prompt: [
          { role: 'system', content: 'Be brief.' },
          { role: 'system', content: 'Answer in English.' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is in this picture?' },
              { type: 'file', mediaType: 'image/png', data: { type: 'data', data: png } },
              {
                type: 'file',
                mediaType: 'image/*',
                data: { type: 'url', url: new URL('https://example.com/cat.jpg') },
              },
            ],
          },
          {
            role: 'assistant',
            content: [
              { type: 'text', text: 'Let me check the weather.' },
              {
                type: 'tool-call',
                toolCallId: 'toolu_1',
                toolName: 'get_weather',
                input: { city: 'Paris', days: 2 },
              },
            ],
          },
          {
            role: 'tool',
            content: [
              {
                type: 'tool-result',
                toolCallId: 'toolu_1',
                toolName: 'get_weather',
                output: { type: 'json', value: { forecast: 'sunny' } },
              },
            ],
          },
        ],
      });
      const body = lastBody();
      expect(body).toEqual({
        model,
        max_tokens: 4096,
        system: 'Be brief.\n\nAnswer in English.',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is in this picture?' },
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw==' } },
              { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
            ],
          },
          {
            role: 'assistant',
            content: [
              { type: 'text', text: 'Let me check the weather.' },
              { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris', days: 2 } },
            ],
          },
          {
            role: 'user',
            content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '{"forecast":"sunny"}' }],
          },
        ],
      });
    });

    it('merges consecutive turns of one role, maps PDFs and error results, and drops empty assistant text', async () => {
      await anthropic(model).doGenerate({
        prompt: [
          {
            role: 'user',
            content: [
              { type: 'file', mediaType: 'application/pdf', data: { type: 'data', data: 'JVBERi0=' } },
            ],
          },
          { role: 'user', content: [{ type: 'text', text: 'Summarise it.' }] },
          {
            role: 'assistant',
            content: [
              { type: 'text', text: '' },
              { type: 'tool-call', toolCallId: 't2', toolName: 'get_time', input: '{}' },
            ],
          },
          {
            role: 'tool',
            content: [
              {
                type: 'tool-result',
                toolCallId: 't2',
                toolName: 'get_time',
                output: { type: 'error-text', value: 'clock broken' },
              },
            ],
          },
          { role: 'user', content: [{ type: 'text', text: 'Try again.' }] },
        ],
      });
      expect(lastBody().messages).toEqual([
        {
          role: 'user',
          content: [
            { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' } },
            { type: 'text', text: 'Summarise it.' },
          ],
        },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't2', name: 'get_time', input: {} }] },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 't2', content: 'clock broken', is_error: true },
            { type: 'text', text: 'Try again.' },
          ],
        },
      ]);
    });

    it('rejects a file type the Messages API cannot take with invalid_request, before any request', async () => {
      const error = await anthropic(model)
        .doGenerate({
          prompt: [
            {
              role: 'user',
              content: [{ type: 'file', mediaType: 'audio/wav', data: { type: 'data', data: 'UklGRg==' } }],
            },
          ],
        })
        .catch((caught: unknown) => caught);
      expect(ProviderError.isInstance(error)).toBe(true);
      expect((error as ProviderError).failure.kind).toBe('invalid_request');
      expect((error as ProviderError).failure.message).toContain('audio/wav');
      expect(simulator.requests).toHaveLength(0);
    });
  });

  describe('settings', () => {
    it('sends max_tokens and stop_sequences, and warns about every setting the Messages API lacks', async () => {
      const result = await anthropic(model).doGenerate(
        ask('one two three four five six', {
          maxOutputTokens: 64,
          stopSequences: ['four'],
          temperature: 0.2,
          topP: 0.9,
          topK: 40,
          seed: 7,
          presencePenalty: 0.1,
          frequencyPenalty: 0.1,
          reasoning: 'high',
        }),
      );
      const body = lastBody();
      expect(body.max_tokens).toBe(64);
      expect(body.stop_sequences).toEqual(['four']);
      expect(body).not.toHaveProperty('temperature');
      expect(body).not.toHaveProperty('top_p');
      expect(body).not.toHaveProperty('top_k');
      expect(
        result.warnings.map((warning) => (warning.type === 'unsupported' ? warning.feature : '')),
      ).toEqual(['temperature', 'topP', 'topK', 'seed', 'presencePenalty', 'frequencyPenalty', 'reasoning']);
      // The simulator cuts the answer before the stop sequence.
      const full = simulatedAnswer({ model, prompt: 'one two three four five six' });
      expect(result.content).toEqual([{ type: 'text', text: full.slice(0, full.indexOf('four')) }]);
      expect(result.finishReason).toEqual({ unified: 'stop', raw: 'stop_sequence' });
    });

    it('serves a system message sent after the conversation began, in the system prompt, with a warning naming it', async () => {
      const call: LanguageModelV4CallOptions = {
        prompt: [
          { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
          { role: 'assistant', content: [{ type: 'text', text: 'Hello' }] },
          { role: 'system', content: 'Answer in French.' },
          { role: 'user', content: [{ type: 'text', text: 'Again' }] },
        ],
      };
      const generated = await anthropic(model).doGenerate(call);
      expect(lastBody().system).toBe('Answer in French.');
      const { stream } = await anthropic(model).doStream(call);
      const start = (await collect(stream)).find((part) => part.type === 'stream-start');
      for (const warnings of [generated.warnings, start?.type === 'stream-start' ? start.warnings : []])
        expect(warnings).toEqual([
          expect.objectContaining({
            type: 'compatibility',
            feature: 'system message at prompt[2], after the conversation began',
          }),
        ]);
    });

    it('reports a max_tokens cut as finish reason length', async () => {
      const result = await anthropic(model).doGenerate(ask('Tell me a long story', { maxOutputTokens: 3 }));
      expect(lastBody().max_tokens).toBe(3);
      expect(result.finishReason).toEqual({ unified: 'length', raw: 'max_tokens' });
      expect(result.usage.outputTokens.total).toBe(3);
    });

    it('uses defaultMaxTokens when the call sets none', async () => {
      await createAnthropic({ apiKey: 'k', baseURL: simulator.baseURL, defaultMaxTokens: 321 })(
        model,
      ).doGenerate(ask('Hi'));
      expect(lastBody().max_tokens).toBe(321);
    });

    it('passes providerOptions.anthropic through as body fields, over the mapped ones', async () => {
      const result = await anthropic(model).doGenerate(
        ask('Hi', {
          providerOptions: {
            anthropic: { metadata: { user_id: 'u-1' }, service_tier: 'standard_only', max_tokens: 99 },
          },
        }),
      );
      expect(lastBody()).toMatchObject({
        metadata: { user_id: 'u-1' },
        service_tier: 'standard_only',
        max_tokens: 99,
      });
      expect(result.content).toEqual([{ type: 'text', text: simulatedAnswer({ model, prompt: 'Hi' }) }]);
    });

    it.each([
      [{ stream: true }, 'providerOptions.anthropic.stream cannot be set: streaming is chosen by the call'],
      [{ model: 'claude-other' }, 'providerOptions.anthropic.model cannot be set: the model id comes from'],
      [{ messages: [] }, 'providerOptions.anthropic.messages cannot be set'],
      [{ metdata: {} }, 'providerOptions.anthropic.metdata: unknown key "metdata"; expected one of'],
    ])('rejects providerOptions.anthropic %j before any request', async (options, message) => {
      const before = simulator.requests.length;
      const error = await anthropic(model)
        .doGenerate(ask('Hi', { providerOptions: { anthropic: options } }))
        .catch((thrown: unknown) => thrown);
      if (!ProviderError.isInstance(error)) throw new Error('expected a ProviderError');
      expect(error.failure).toMatchObject({ kind: 'invalid_request', code: 'invalid_provider_options' });
      expect(error.failure.message).toContain(message);
      expect(simulator.requests.length).toBe(before);
    });

    it('sends per-call headers', async () => {
      await anthropic(model).doGenerate(ask('Hi', { headers: { 'x-switchyard-caller-country': 'de' } }));
      expect(simulator.requests.at(-1)?.caller).toBe('DE');
    });
  });

  describe('tools', () => {
    it('sends tools and maps a tool_use answer to a tool-call', async () => {
      const result = await anthropic(model).doGenerate(
        ask('Use get_weather please', { tools: [weatherTool, timeTool] }),
      );
      expect(lastBody().tools).toEqual([
        { name: 'get_weather', description: 'Weather for a city', input_schema: weatherSchema },
        { name: 'get_time', input_schema: { type: 'object', properties: {} } },
      ]);
      expect(lastBody()).not.toHaveProperty('tool_choice');
      expect(result.content).toEqual([
        {
          type: 'tool-call',
          toolCallId: expect.stringMatching(/^toolu_/),
          toolName: 'get_weather',
          input: weatherInput,
        },
      ]);
      expect(result.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_use' });
    });

    it.each([
      [{ type: 'auto' } as const, { type: 'auto' }, 'text'],
      [{ type: 'none' } as const, { type: 'none' }, 'text'],
      [{ type: 'required' } as const, { type: 'any' }, 'get_weather'],
      [{ type: 'tool', toolName: 'get_time' } as const, { type: 'tool', name: 'get_time' }, 'get_time'],
    ])('maps tool choice %o to %o', async (toolChoice, wire, answered) => {
      const result = await anthropic(model).doGenerate(
        ask('What now?', { tools: [weatherTool, timeTool], toolChoice }),
      );
      expect(lastBody().tool_choice).toEqual(wire);
      const first = result.content[0];
      expect(first?.type === 'tool-call' ? first.toolName : first?.type).toBe(answered);
    });

    it("sends Anthropic-defined tools by type and API name, and warns about other providers' tools", async () => {
      const result = await anthropic(model).doGenerate(
        ask('Hi', {
          tools: [
            {
              type: 'provider',
              id: 'anthropic.web_search_20250305',
              name: 'webSearch',
              args: { maxUses: 3 },
            },
            { type: 'provider', id: 'openai.web_search', name: 'other', args: {} },
          ],
          toolChoice: { type: 'tool', toolName: 'webSearch' },
        }),
      );
      expect(lastBody().tools).toEqual([{ type: 'web_search_20250305', name: 'web_search', max_uses: 3 }]);
      expect(lastBody().tool_choice).toEqual({ type: 'tool', name: 'web_search' });
      expect(result.warnings).toEqual([
        { type: 'unsupported', feature: 'provider-defined tool openai.web_search' },
      ]);
    });

    it('runs a tool round trip through generateText', async () => {
      const result = await generateText({
        model: anthropic(model),
        prompt: 'What is the weather? Use get_weather.',
        tools: {
          get_weather: tool({
            description: 'Weather for a city',
            inputSchema: jsonSchema<{ city: string; days: number }>(weatherSchema),
            execute: async ({ city }) => `sunny in ${city}`,
          }),
        },
        stopWhen: ({ steps }) => steps.length >= 2,
      });
      const city = (exampleFromJsonSchema(weatherSchema) as { city: string }).city;
      expect(result.text).toBe(simulatedAnswer({ model, prompt: `sunny in ${city}` }));
      expect(lastBody().messages).toEqual([
        expect.objectContaining({ role: 'user' }),
        {
          role: 'assistant',
          content: [
            {
              type: 'tool_use',
              id: expect.stringMatching(/^toolu_/),
              name: 'get_weather',
              input: exampleFromJsonSchema(weatherSchema),
            },
          ],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: expect.stringMatching(/^toolu_/),
              content: `sunny in ${city}`,
            },
          ],
        },
      ]);
    });
  });

  describe('structured output', () => {
    const schema = {
      type: 'object',
      properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 18 } },
      required: ['name', 'age'],
      additionalProperties: false,
    } as const;

    it('sends a JSON schema as output_config.format (native structured outputs) and parses the answer', async () => {
      const result = await generateText({
        model: anthropic(model),
        prompt: 'Invent a person',
        output: Output.object({ schema: jsonSchema<{ name: string; age: number }>(schema) }),
      });
      expect(lastBody().output_config).toEqual({ format: { type: 'json_schema', schema } });
      expect(result.output).toEqual(exampleFromJsonSchema(schema));
    });

    it('warns and sends no format for JSON without a schema', async () => {
      const result = await anthropic(model).doGenerate(ask('Hi', { responseFormat: { type: 'json' } }));
      expect(lastBody()).not.toHaveProperty('output_config');
      expect(result.warnings).toEqual([
        expect.objectContaining({ type: 'unsupported', feature: 'responseFormat' }),
      ]);
    });
  });

  describe('doGenerate', () => {
    it('returns text, finish reason, usage, request body, and response id, model and headers', async () => {
      const result = await anthropic(model).doGenerate(ask('Hello there'));
      const text = simulatedAnswer({ model, prompt: 'Hello there' });
      expect(result.content).toEqual([{ type: 'text', text }]);
      expect(result.finishReason).toEqual({ unified: 'stop', raw: 'end_turn' });
      expect(result.usage.inputTokens.total).toBe(3 + 4 + countTokens('Hello there'));
      expect(result.usage.outputTokens.total).toBe(countTokens(text));
      expect(result.request?.body).toEqual(lastBody());
      expect(result.response?.id).toMatch(/^msg_sim/);
      expect(result.response?.modelId).toBe(model);
      expect(result.response?.headers?.['request-id']).toMatch(/^req_sim/);
      expect(result.warnings).toEqual([]);
    });

    it('reports cache reads, cache writes and thinking tokens in usage', async () => {
      const result = await anthropic('claude-usage').doGenerate(ask('Hello there'));
      const input = 3 + 4 + countTokens('Hello there');
      const output = countTokens(simulatedAnswer({ model: 'claude-usage', prompt: 'Hello there' }));
      expect(result.usage).toEqual({
        inputTokens: { total: input, noCache: input - 6, cacheRead: 4, cacheWrite: 2 },
        outputTokens: { total: output + 3, text: output, reasoning: 3 },
        raw: expect.objectContaining({ cache_read_input_tokens: 4, cache_creation_input_tokens: 2 }),
      });
    });

    it('rejects a refusal with no content (the content_filter fault) as content_filtered', async () => {
      simulator.addFault({ fault: { type: 'content_filter' } });
      const error = await Promise.resolve(anthropic(model).doGenerate(ask('Hi'))).catch(
        (caught: unknown) => caught,
      );
      expect(ProviderError.isInstance(error) && error.failure).toMatchObject({
        kind: 'content_filtered',
        code: 'refusal',
      });
    });
  });

  describe('doStream', () => {
    it('streams stream-start, response-metadata, text-start/delta/end and finish with usage, in order', async () => {
      const { stream, request, response } = await anthropic('claude-usage').doStream(
        ask('Hello there', { temperature: 1 }),
      );
      const parts = await collect(stream);
      const text = simulatedAnswer({ model: 'claude-usage', prompt: 'Hello there' });
      const deltas = parts.filter((part) => part.type === 'text-delta');
      expect(deltas.length).toBe(countTokens(text));
      expect(deltas.map((part) => part.delta).join('')).toBe(text);
      const types = parts.map((part) => part.type).filter((type, i, all) => type !== all[i - 1]);
      expect(types).toEqual([
        'stream-start',
        'response-metadata',
        'text-start',
        'text-delta',
        'text-end',
        'finish',
      ]);
      expect(parts[0]).toEqual({
        type: 'stream-start',
        warnings: [expect.objectContaining({ feature: 'temperature' })],
      });
      expect(parts[1]).toEqual({
        type: 'response-metadata',
        id: expect.stringMatching(/^msg_sim/),
        modelId: 'claude-usage',
      });
      const input = 3 + 4 + countTokens('Hello there');
      expect(parts.at(-1)).toEqual({
        type: 'finish',
        finishReason: { unified: 'stop', raw: 'end_turn' },
        usage: {
          inputTokens: { total: input, noCache: input - 6, cacheRead: 4, cacheWrite: 2 },
          outputTokens: { total: countTokens(text) + 3, text: countTokens(text), reasoning: 3 },
          raw: expect.any(Object),
        },
        // The simulator sends usage.service_tier, as the API does: kept as @ai-sdk/anthropic keeps it, with its null keys.
        providerMetadata: {
          anthropic: {
            usage: expect.any(Object),
            stopSequence: null,
            serviceTier: 'standard',
            iterations: null,
            container: null,
            contextManagement: null,
          },
        },
      });
      expect(request?.body).toEqual({ ...lastBody(), stream: true });
      expect(lastBody().stream).toBe(true);
      expect(response?.headers?.['request-id']).toMatch(/^req_sim/);
    });

    it('streams tool-input-start/delta/end from input_json_delta, then tool-call and finish tool-calls', async () => {
      const { stream } = await anthropic(model).doStream(ask('Use get_weather', { tools: [weatherTool] }));
      const parts = await collect(stream);
      const start = parts.findIndex((part) => part.type === 'tool-input-start');
      const tail = parts.slice(start);
      const id = (tail[0] as { id: string }).id;
      expect(tail[0]).toEqual({
        type: 'tool-input-start',
        id: expect.stringMatching(/^toolu_/),
        toolName: 'get_weather',
      });
      const deltas = tail.filter((part) => part.type === 'tool-input-delta');
      expect(deltas.length).toBeGreaterThan(1);
      expect(deltas.every((part) => part.id === id && part.delta !== '')).toBe(true);
      expect(deltas.map((part) => part.delta).join('')).toBe(weatherInput);
      expect(tail.slice(deltas.length + 1)).toEqual([
        { type: 'tool-input-end', id },
        { type: 'tool-call', toolCallId: id, toolName: 'get_weather', input: weatherInput },
        expect.objectContaining({ type: 'finish', finishReason: { unified: 'tool-calls', raw: 'tool_use' } }),
      ]);
    });

    it('adds a raw part (the event data) for every event when includeRawChunks is set', async () => {
      const { stream } = await anthropic(model).doStream(ask('Hi', { includeRawChunks: true }));
      const parts = await collect(stream);
      const raw = parts
        .filter((part) => part.type === 'raw')
        .map((part) => (part.rawValue as { type: string }).type);
      expect(raw[0]).toBe('message_start');
      expect(raw.at(-1)).toBe('message_stop');
    });

    it('streams through streamText with the same text as generateText', async () => {
      const result = streamText({ model: anthropic(model), prompt: 'Stream me' });
      let text = '';
      for await (const delta of result.textStream) text += delta;
      expect(text).toBe(simulatedAnswer({ model, prompt: 'Stream me' }));
      expect((await result.usage).outputTokens).toBe(countTokens(text));
      expect(await result.finishReason).toBe('stop');
    });

    it('waits on the simulated first-token latency (fake timers, no sleep)', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      simulator.addFault({ fault: { type: 'slow_first_token', delayMs: 60_000 } });
      const { stream } = await anthropic(model).doStream(ask('Slowly'));
      const reader = stream.getReader();
      expect((await reader.read()).value?.type).toBe('stream-start');
      expect((await reader.read()).value?.type).toBe('response-metadata');
      let settled = false;
      const next = reader.read().then((part) => {
        settled = true;
        return part;
      });
      await vi.advanceTimersByTimeAsync(59_000);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1_000);
      expect((await next).value?.type).toBe('text-start');
      expect((await reader.read()).value?.type).toBe('text-delta');
      await reader.cancel();
    });
  });

  describe('abort', () => {
    it('rejects doGenerate with an aborted ProviderError when the signal aborts while waiting', async () => {
      simulator.addFault({ fault: { type: 'no_response' } });
      const controller = new AbortController();
      const pending = anthropic(model).doGenerate(ask('Hi', { abortSignal: controller.signal }));
      await vi.waitUntil(() => simulator.requests.length === 1, ioWait);
      controller.abort();
      const error = await pending.catch((caught: unknown) => caught);
      expect(ProviderError.isInstance(error)).toBe(true);
      expect((error as ProviderError).failure).toMatchObject({ kind: 'transient', code: 'aborted' });
    });

    it('ends a stream with an aborted error part (no finish) when the signal aborts mid-stream', async () => {
      simulator.addFault({ fault: { type: 'stream_stall', afterChunks: 2 } });
      const controller = new AbortController();
      const { stream } = await anthropic(model).doStream(
        ask('Hi there you', { abortSignal: controller.signal }),
      );
      const reader = stream.getReader();
      const parts: LanguageModelV4StreamPart[] = [];
      while (parts.filter((part) => part.type === 'text-delta').length < 2) {
        const { value } = await reader.read();
        if (value !== undefined) parts.push(value);
      }
      controller.abort();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parts.push(value);
      }
      expect(parts.some((part) => part.type === 'finish')).toBe(false);
      const last = parts.at(-1);
      expect(last?.type).toBe('error');
      expect(last?.type === 'error' && ProviderError.isInstance(last.error) && last.error.failure.code).toBe(
        'aborted',
      );
    });

    it('cancelling the stream closes the SDK stream', async () => {
      simulator.addFault({ fault: { type: 'stream_stall', afterChunks: 1 } });
      const { stream } = await anthropic(model).doStream(ask('Hi there you'));
      const reader = stream.getReader();
      while ((await reader.read()).value?.type !== 'text-delta');
      await reader.cancel();
      // The simulator notes the end when the client closes the stalled connection.
      await vi.waitUntil(() => simulator.requests.at(-1)?.endedAt !== undefined, ioWait);
      expect(simulator.requests.at(-1)?.response.kind).toBe('stalled');
    });
  });
});
