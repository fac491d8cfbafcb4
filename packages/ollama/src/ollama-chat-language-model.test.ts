import type {
  LanguageModelV4CallOptions,
  LanguageModelV4FunctionTool,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import { type ClassifiedFailure, ProviderError } from '@switchyard/core';
import {
  countTokens,
  exampleFromJsonSchema,
  type FaultRule,
  type SimulatorHandle,
  simulatedAnswer,
  startSimulator,
} from '@switchyard/simulators';
import { generateText, jsonSchema, Output, streamText, tool } from 'ai';
import { Ollama } from 'ollama';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createOllama } from './create-ollama.js';

const model = 'llama3.2';
const prompt = 'Where is the nearest station?';
const answer = simulatedAnswer({ model, prompt });
let simulator: SimulatorHandle;
let ollama: ReturnType<typeof createOllama>;

beforeAll(async () => {
  simulator = await startSimulator({ kind: 'ollama', models: [model, { id: 'tiny:1b', contextWindow: 20 }] });
  ollama = createOllama({ baseURL: simulator.baseURL });
});
afterAll(async () => {
  await simulator.stop();
});
beforeEach(() => {
  simulator.clearFaults();
  simulator.clearRequests();
  simulator.setLatency('*', {});
  simulator.setLatency(model, {});
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
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

/** The failure a generate call was rejected with. */
async function generateFailure(options: LanguageModelV4CallOptions, id = model): Promise<ClassifiedFailure> {
  const error = await ollama(id)
    .doGenerate(options)
    .then(
      () => undefined,
      (caught: unknown) => caught,
    );
  if (!ProviderError.isInstance(error)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error.failure;
}

/** The failure a stream call was rejected with (before any part: an HTTP error). */
async function streamStartFailure(options: LanguageModelV4CallOptions): Promise<ClassifiedFailure> {
  const error = await ollama(model)
    .doStream(options)
    .then(
      () => undefined,
      (caught: unknown) => caught,
    );
  if (!ProviderError.isInstance(error)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error.failure;
}

/** The parts of a stream, and the failure of its error part. */
async function streamOutcome(options: LanguageModelV4CallOptions) {
  const { stream } = await ollama(model).doStream(options);
  const parts = await collect(stream);
  const errorPart = parts.find((part) => part.type === 'error');
  const text = parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');
  const error = errorPart?.type === 'error' ? errorPart.error : undefined;
  return { parts, text, failure: ProviderError.isInstance(error) ? error.failure : undefined, error };
}

/**
 * Waits until `check()` holds, turning the event loop with `setImmediate` (never faked here,
 * so the fake clock stands still, unlike `vi.waitFor`, which advances it). It has no deadline of
 * its own, which a busy machine could miss: the test's timeout bounds it, and when the test ends
 * first the wait stops, naming what it waited for.
 */
async function until(check: () => boolean): Promise<void> {
  let testEnded = false;
  onTestFinished(() => {
    testEnded = true;
  });
  while (!testEnded) {
    if (check()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error(
    `condition not reached: ${check.toString()} ${JSON.stringify(simulator.requests.map((r) => [r.path, r.response.kind, r.fault]))}`,
  );
}

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

describe('OllamaChatLanguageModel', () => {
  describe('prompt mapping', () => {
    it('sends system, user text and images, assistant text, thinking and tool_calls, and tool results', async () => {
      const png = new Uint8Array([137, 80, 78, 71]);
      await ollama(model).doGenerate({
        prompt: [
          { role: 'system', content: 'Be brief.' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is in this picture? ' },
              { type: 'file', mediaType: 'image/png', data: { type: 'data', data: png } },
              { type: 'file', mediaType: 'image', data: { type: 'data', data: 'R0lGOD==' } },
              { type: 'file', mediaType: 'text/plain', data: { type: 'text', text: 'Also this note.' } },
            ],
          },
          {
            role: 'assistant',
            content: [
              { type: 'reasoning', text: 'The user wants weather.' },
              { type: 'text', text: 'Let me check.' },
              {
                type: 'tool-call',
                toolCallId: 'call_1',
                toolName: 'get_weather',
                input: { city: 'Paris', days: 2 },
              },
              { type: 'tool-call', toolCallId: 'call_2', toolName: 'get_time', input: '{"zone":"CET"}' },
            ],
          },
          {
            role: 'tool',
            content: [
              {
                type: 'tool-result',
                toolCallId: 'call_1',
                toolName: 'get_weather',
                output: { type: 'json', value: { forecast: 'sunny' } },
              },
              {
                type: 'tool-result',
                toolCallId: 'call_2',
                toolName: 'get_time',
                output: { type: 'text', value: '12:00' },
              },
            ],
          },
        ],
      });
      expect(lastBody()).toEqual({
        model,
        stream: false,
        messages: [
          { role: 'system', content: 'Be brief.' },
          {
            role: 'user',
            content: 'What is in this picture? Also this note.',
            images: ['iVBORw==', 'R0lGOD=='],
          },
          {
            role: 'assistant',
            content: 'Let me check.',
            thinking: 'The user wants weather.',
            tool_calls: [
              { id: 'call_1', function: { name: 'get_weather', arguments: { city: 'Paris', days: 2 } } },
              { id: 'call_2', function: { name: 'get_time', arguments: { zone: 'CET' } } },
            ],
          },
          { role: 'tool', content: '{"forecast":"sunny"}', tool_name: 'get_weather', tool_call_id: 'call_1' },
          { role: 'tool', content: '12:00', tool_name: 'get_time', tool_call_id: 'call_2' },
        ],
      });
      expect(simulator.requests.at(-1)).toMatchObject({ method: 'POST', path: '/api/chat', status: 200 });
    });

    it('answers from the last tool result', async () => {
      const result = await ollama(model).doGenerate({
        prompt: [
          { role: 'user', content: [{ type: 'text', text: 'use get_weather' }] },
          {
            role: 'assistant',
            content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'get_weather', input: {} }],
          },
          {
            role: 'tool',
            content: [
              {
                type: 'tool-result',
                toolCallId: 'c1',
                toolName: 'get_weather',
                output: { type: 'text', value: 'Fog' },
              },
            ],
          },
        ],
        tools: [weatherTool],
      });
      expect(result.content).toEqual([{ type: 'text', text: simulatedAnswer({ model, prompt: 'Fog' }) }]);
    });

    it('rejects an image URL with an invalid_request naming the media type, before any request', async () => {
      const failure = await generateFailure({
        prompt: [
          {
            role: 'user',
            content: [
              {
                type: 'file',
                mediaType: 'image/png',
                data: { type: 'url', url: new URL('https://x.test/a.png') },
              },
            ],
          },
        ],
      });
      expect(failure).toMatchObject({ kind: 'invalid_request', code: 'unsupported_prompt' });
      expect(failure.message).toContain('image/png (url)');
      expect(simulator.requests).toHaveLength(0);
    });
  });

  describe('tools', () => {
    it('offers function tools and maps the tool call the model makes', async () => {
      const result = await ollama(model).doGenerate(
        ask('use get_weather', { tools: [weatherTool, timeTool] }),
      );
      expect(lastBody().tools).toEqual([
        {
          type: 'function',
          function: { name: 'get_weather', description: 'Weather for a city', parameters: weatherSchema },
        },
        { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: {} } } },
      ]);
      expect(result.content).toEqual([
        {
          type: 'tool-call',
          toolCallId: expect.stringMatching(/^call_sim/),
          toolName: 'get_weather',
          input: weatherInput,
        },
      ]);
      expect(result.finishReason).toEqual({ unified: 'tool-calls', raw: 'stop' });
    });

    it('sends no tools for tool choice none', async () => {
      const result = await ollama(model).doGenerate(
        ask('use get_weather', { tools: [weatherTool], toolChoice: { type: 'none' } }),
      );
      expect(lastBody()).not.toHaveProperty('tools');
      expect(result.content).toEqual([
        { type: 'text', text: simulatedAnswer({ model, prompt: 'use get_weather' }) },
      ]);
    });

    it('offers only the named tool for a forced tool choice, and warns that Ollama cannot force it', async () => {
      const result = await ollama(model).doGenerate(
        ask('use get_weather or get_time', {
          tools: [weatherTool, timeTool],
          toolChoice: { type: 'tool', toolName: 'get_time' },
        }),
      );
      expect((lastBody().tools as Array<{ function: { name: string } }>).map((t) => t.function.name)).toEqual(
        ['get_time'],
      );
      expect(result.warnings).toEqual([
        { type: 'compatibility', feature: 'toolChoice', details: expect.stringContaining('cannot force') },
      ]);
    });

    it('warns about a provider-defined tool and leaves it out', async () => {
      const result = await ollama(model).doGenerate(
        ask('hi', {
          tools: [weatherTool, { type: 'provider', id: 'openai.web_search', name: 'web_search', args: {} }],
        }),
      );
      expect((lastBody().tools as unknown[]).length).toBe(1);
      expect(result.warnings).toEqual([
        {
          type: 'unsupported',
          feature: 'provider-defined tool openai.web_search',
          details: expect.any(String),
        },
      ]);
    });

    it('runs a tool loop through generateText', async () => {
      const result = await generateText({
        model: ollama(model),
        prompt: 'use get_weather',
        tools: {
          get_weather: tool({
            inputSchema: jsonSchema<{ city: string; days: number }>(weatherSchema),
            execute: async ({ city }) => `Rain in ${city}`,
          }),
        },
        stopWhen: ({ steps }) => steps.length >= 2,
      });
      expect(result.steps[0]?.toolCalls.map((call) => call.input)).toEqual([JSON.parse(weatherInput)]);
      expect(result.text).toBe(simulatedAnswer({ model, prompt: 'Rain in example' }));
      const second = simulator.requests[1]?.body as { messages: unknown[] };
      expect(second.messages.at(-1)).toEqual({
        role: 'tool',
        content: 'Rain in example',
        tool_name: 'get_weather',
        tool_call_id: expect.stringMatching(/^call_sim/),
      });
    });
  });

  describe('structured output', () => {
    it('sends the JSON schema as format and returns the JSON answer', async () => {
      const result = await ollama(model).doGenerate(
        ask('weather?', { responseFormat: { type: 'json', schema: weatherSchema } }),
      );
      expect(lastBody().format).toEqual(weatherSchema);
      expect(result.content).toEqual([{ type: 'text', text: weatherInput }]);
    });

    it('sends format json without a schema', async () => {
      const result = await ollama(model).doGenerate(ask(prompt, { responseFormat: { type: 'json' } }));
      expect(lastBody().format).toBe('json');
      expect(result.content).toEqual([{ type: 'text', text: JSON.stringify({ answer }) }]);
    });

    it('parses an Output.object through generateText', async () => {
      const { output } = await generateText({
        model: ollama(model),
        prompt: 'weather?',
        output: Output.object({ schema: jsonSchema<{ city: string; days: number }>(weatherSchema) }),
      });
      expect(output).toEqual({ city: 'example', days: 1 });
    });
  });

  describe('settings', () => {
    it('sends temperature, top_p, top_k, num_predict, stop, seed and penalties as options', async () => {
      const result = await ollama(model).doGenerate(
        ask(prompt, {
          temperature: 0.2,
          topP: 0.9,
          topK: 40,
          maxOutputTokens: 3,
          stopSequences: ['nearest'],
          seed: 7,
          presencePenalty: 0.1,
          frequencyPenalty: 0.3,
        }),
      );
      expect(lastBody().options).toEqual({
        temperature: 0.2,
        top_p: 0.9,
        top_k: 40,
        num_predict: 3,
        stop: ['nearest'],
        seed: 7,
        presence_penalty: 0.1,
        frequency_penalty: 0.3,
      });
      expect(result.content).toEqual([{ type: 'text', text: 'This is llama' }]);
      expect(result.finishReason).toEqual({ unified: 'length', raw: 'length' });
      expect(result.warnings).toEqual([]);
    });

    it('cuts the answer at a stop sequence', async () => {
      const result = await ollama(model).doGenerate(ask(prompt, { stopSequences: ['answering'] }));
      expect(result.content).toEqual([{ type: 'text', text: 'This is llama3.2 ' }]);
      expect(result.finishReason).toEqual({ unified: 'stop', raw: 'stop' });
    });

    it('sends no options when none are set', async () => {
      await ollama(model).doGenerate(ask(prompt));
      expect(lastBody()).toEqual({ model, stream: false, messages: [{ role: 'user', content: prompt }] });
    });

    it('maps reasoning to think, warning when Ollama has no such level', async () => {
      const none = await ollama(model).doGenerate(ask(prompt, { reasoning: 'none' }));
      expect(lastBody().think).toBe(false);
      expect(none.warnings).toEqual([]);
      await ollama(model).doGenerate(ask(prompt, { reasoning: 'medium' }));
      expect(lastBody().think).toBe('medium');
      const max = await ollama(model).doGenerate(ask(prompt, { reasoning: 'max' }));
      expect(lastBody().think).toBe('high');
      expect(max.warnings).toEqual([
        { type: 'compatibility', feature: 'reasoning', details: expect.stringContaining('max') },
      ]);
      await ollama(model).doGenerate(ask(prompt, { reasoning: 'provider-default' }));
      expect(lastBody()).not.toHaveProperty('think');
    });

    it('passes provider options through, merging options into the mapped model options', async () => {
      await ollama(model).doGenerate(
        ask(prompt, {
          temperature: 0.5,
          providerOptions: {
            ollama: { keep_alive: '10m', logprobs: true, options: { num_ctx: 8192, temperature: 0.1 } },
          },
        }),
      );
      expect(lastBody()).toMatchObject({
        model,
        stream: false,
        keep_alive: '10m',
        logprobs: true,
        options: { num_ctx: 8192, temperature: 0.1 },
      });
    });

    it.each([
      [{ model: 'other' }, 'providerOptions.ollama.model cannot be set: the model id comes from'],
      [{ stream: true }, 'providerOptions.ollama.stream cannot be set'],
      [{ messages: [] }, 'providerOptions.ollama.messages cannot be set'],
      [{ options: 5 }, 'providerOptions.ollama.options: wrong type: got number 5; expected a map'],
      [{ keepalive: '1m' }, 'providerOptions.ollama.keepalive: unknown key "keepalive"'],
    ])('rejects providerOptions.ollama %j before any request', async (options, message) => {
      const failure = await generateFailure(ask(prompt, { providerOptions: { ollama: options } }));
      expect(failure).toMatchObject({ kind: 'invalid_request', code: 'invalid_provider_options' });
      expect(failure.message).toContain(message);
      expect(simulator.requests).toHaveLength(0);
    });

    it('sends the provider headers and the call headers', async () => {
      const withHeaders = createOllama({ baseURL: simulator.baseURL, headers: { 'x-team': 'search' } });
      await withHeaders(model).doGenerate(
        ask(prompt, { headers: { 'x-switchyard-caller-country': 'de', 'x-unset': undefined } }),
      );
      const request = simulator.requests.at(-1);
      expect(request?.headers).toMatchObject({ 'x-team': 'search', 'content-type': 'application/json' });
      expect(request?.headers['user-agent']).toMatch(/^ollama-js\//);
      expect(request?.headers).not.toHaveProperty('x-unset');
      expect(request?.caller).toBe('DE');
    });
  });

  describe('doGenerate', () => {
    it('returns the text, finish reason, usage from prompt_eval_count/eval_count and response metadata', async () => {
      const result = await ollama(model).doGenerate(ask(prompt));
      const inputTokens = 4 + countTokens(prompt);
      expect(result.content).toEqual([{ type: 'text', text: answer }]);
      expect(result.finishReason).toEqual({ unified: 'stop', raw: 'stop' });
      expect(result.usage.inputTokens).toEqual({
        total: inputTokens,
        noCache: inputTokens,
        cacheRead: undefined,
        cacheWrite: undefined,
      });
      expect(result.usage.outputTokens).toEqual({
        total: countTokens(answer),
        text: countTokens(answer),
        reasoning: undefined,
      });
      expect(result.usage.raw).toMatchObject({
        prompt_eval_count: inputTokens,
        eval_count: countTokens(answer),
        total_duration: expect.any(Number),
      });
      expect(result.response).toMatchObject({
        modelId: model,
        headers: { 'content-type': 'application/json' },
      });
      expect(result.response?.timestamp).toBeInstanceOf(Date);
      expect(Number.isNaN(result.response?.timestamp?.getTime())).toBe(false);
      expect(result.request?.body).toMatchObject({ model, stream: false });
    });

    it('answers generateText with the deterministic text', async () => {
      const { text, usage, finishReason } = await generateText({ model: ollama(model), prompt });
      expect(text).toBe(answer);
      expect(finishReason).toBe('stop');
      expect(usage.outputTokens).toBe(countTokens(answer));
    });
  });

  describe('doStream', () => {
    it('streams stream-start, response-metadata, text-start/delta/end and finish with usage, in order', async () => {
      const { stream, request } = await ollama(model).doStream(ask(prompt, { topK: 5 }));
      const parts = await collect(stream);
      const deltas = parts.filter((part) => part.type === 'text-delta');
      expect(deltas.length).toBe(countTokens(answer));
      expect(deltas.map((part) => part.delta).join('')).toBe(answer);
      expect(parts.filter((part) => part.type !== 'text-delta')).toEqual([
        { type: 'stream-start', warnings: [] },
        { type: 'response-metadata', modelId: model, timestamp: expect.any(Date) },
        { type: 'text-start', id: '0' },
        { type: 'text-end', id: '0' },
        {
          type: 'finish',
          finishReason: { unified: 'stop', raw: 'stop' },
          usage: expect.objectContaining({
            inputTokens: expect.objectContaining({ total: 4 + countTokens(prompt) }),
            outputTokens: expect.objectContaining({ total: countTokens(answer) }),
          }),
        },
      ]);
      expect(parts[2]).toEqual({ type: 'text-start', id: '0' });
      expect(parts.at(-2)).toEqual({ type: 'text-end', id: '0' });
      expect(request?.body).toMatchObject({ stream: true, options: { top_k: 5 } });
      expect(simulator.requests.at(-1)).toMatchObject({ stream: true, response: { kind: 'stream' } });
    });

    it('streams a tool call whole, with the finish reason tool-calls', async () => {
      const { parts } = await streamOutcome(ask('get_weather please', { tools: [weatherTool] }));
      const id = parts.find((part) => part.type === 'tool-call')?.toolCallId;
      expect(id).toMatch(/^call_sim/);
      expect(parts.slice(2)).toEqual([
        { type: 'tool-input-start', id, toolName: 'get_weather' },
        { type: 'tool-input-delta', id, delta: weatherInput },
        { type: 'tool-input-end', id },
        { type: 'tool-call', toolCallId: id, toolName: 'get_weather', input: weatherInput },
        {
          type: 'finish',
          finishReason: { unified: 'tool-calls', raw: 'stop' },
          usage: expect.objectContaining({
            outputTokens: expect.objectContaining({ total: expect.any(Number) }),
          }),
        },
      ]);
    });

    it('sends raw chunks when asked', async () => {
      const { parts } = await streamOutcome(ask(prompt, { includeRawChunks: true }));
      const raw = parts.filter((part) => part.type === 'raw');
      expect(raw.length).toBe(countTokens(answer) + 1);
      expect(raw.at(-1)).toMatchObject({ rawValue: { done: true, done_reason: 'stop' } });
    });

    it('streams the warnings in stream-start', async () => {
      const { parts } = await streamOutcome(
        ask(prompt, { tools: [weatherTool], toolChoice: { type: 'required' } }),
      );
      expect(parts[0]).toEqual({
        type: 'stream-start',
        warnings: [{ type: 'compatibility', feature: 'toolChoice', details: expect.any(String) }],
      });
    });

    it('answers streamText with the deterministic text and usage', async () => {
      const result = streamText({ model: ollama(model), prompt });
      expect(await result.text).toBe(answer);
      expect((await result.usage).outputTokens).toBe(countTokens(answer));
      expect(await result.finishReason).toBe('stop');
    });

    it('spaces the parts by the latency model (fake timers)', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      simulator.setLatency(model, { firstTokenMs: 500, tokensPerSecond: 10 });
      const { stream } = await ollama(model).doStream(ask(prompt));
      const reader = stream.getReader();
      expect((await reader.read()).value).toMatchObject({ type: 'stream-start' });
      let settled = false;
      const first = reader.read().then((read) => {
        settled = true;
        return read;
      });
      await vi.advanceTimersByTimeAsync(499);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect((await first).value).toMatchObject({ type: 'response-metadata' });
      await reader.cancel();
    });
  });

  describe('abort', () => {
    it('rejects a generate call whose signal is already aborted, without an answer', async () => {
      const failure = await generateFailure(ask(prompt, { abortSignal: AbortSignal.abort() }));
      expect(failure).toEqual({ kind: 'transient', code: 'aborted', message: 'the request was aborted' });
    });

    it('aborts a generate call waiting for a slow answer (fake timers)', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      simulator.addFault({ fault: { type: 'slow_first_token', delayMs: 10_000 } });
      const controller = new AbortController();
      const pending = generateFailure(ask(prompt, { abortSignal: controller.signal }));
      await until(() => simulator.requests.length === 1);
      await vi.advanceTimersByTimeAsync(1_000);
      controller.abort();
      expect(await pending).toMatchObject({ kind: 'transient', code: 'aborted' });
      await until(() => simulator.requests[0]?.response.kind === 'aborted');
    });

    it('ends a stream aborted mid-answer with an aborted error part after the text so far', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      simulator.setLatency(model, { tokensPerSecond: 10 });
      const controller = new AbortController();
      const { stream } = await ollama(model).doStream(ask(prompt, { abortSignal: controller.signal }));
      const reader = stream.getReader();
      const parts: LanguageModelV4StreamPart[] = [];
      const reading = (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          parts.push(value);
        }
      })();
      await vi.advanceTimersByTimeAsync(250);
      controller.abort();
      await reading;
      const types = parts.map((part) => part.type);
      expect(types.slice(0, 3)).toEqual(['stream-start', 'response-metadata', 'text-start']);
      expect(types.filter((type) => type === 'text-delta').length).toBe(3);
      expect(types.slice(-2)).toEqual(['text-end', 'error']);
      const last = parts.at(-1);
      expect(
        last?.type === 'error' && ProviderError.isInstance(last.error) && last.error.failure,
      ).toMatchObject({
        kind: 'transient',
        code: 'aborted',
      });
      expect(types).not.toContain('finish');
    });

    it("never aborts another call's stream, on the same provider or the same user-built client", async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      simulator.setLatency(model, { tokensPerSecond: 100 });
      const client = new Ollama({ host: simulator.baseURL });
      const shared = createOllama({ client });
      const controller = new AbortController();
      const aborted = await shared(model).doStream(ask(prompt, { abortSignal: controller.signal }));
      const cancelled = await shared(model).doStream(ask(prompt));
      const kept = await ollama(model).doStream(ask(prompt));
      const keptToo = await shared(model).doStream(ask(prompt));
      const outcomes = Promise.all([collect(aborted.stream), collect(kept.stream), collect(keptToo.stream)]);
      await vi.advanceTimersByTimeAsync(30);
      controller.abort();
      await cancelled.stream.cancel();
      client.abort(); // the user's client holds none of the adapter's streams
      await vi.advanceTimersByTimeAsync(1_000);
      const [abortedParts, keptParts, keptTooParts] = await outcomes;
      expect(abortedParts.at(-1)?.type).toBe('error');
      for (const parts of [keptParts, keptTooParts]) {
        expect(parts.at(-1)?.type).toBe('finish');
        expect(parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join('')).toBe(answer);
      }
      await until(() => simulator.requests.every((request) => request.response.kind !== 'pending'));
      expect(simulator.requests.map((request) => request.response.kind).sort()).toEqual([
        'aborted',
        'aborted',
        'stream',
        'stream',
      ]);
    });

    it('stops reading when streamText is aborted', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      simulator.setLatency(model, { tokensPerSecond: 10 });
      const controller = new AbortController();
      const result = streamText({ model: ollama(model), prompt, abortSignal: controller.signal });
      const chunks: string[] = [];
      const reading = (async () => {
        for await (const chunk of result.textStream) chunks.push(chunk);
      })().catch((error: unknown) => error);
      await vi.advanceTimersByTimeAsync(150);
      controller.abort();
      await reading;
      expect(chunks.join('')).toBe('This is');
      await until(() => simulator.requests[0]?.response.kind === 'aborted');
    });
  });

  describe('failure classification', () => {
    const httpCases: Array<{ name: string; rule: FaultRule; failure: Partial<ClassifiedFailure> }> = [
      {
        name: 'a region block (403) as a jurisdiction cut-off',
        rule: { fault: { type: 'region_block' } },
        failure: { kind: 'cutoff', cutoffReason: 'region_blocked', scope: 'jurisdiction', status: 403 },
      },
      {
        name: 'a withdrawn model (404 model not found) as a target cut-off',
        // Ollama answers a withdrawn model like one never pulled: the router tells them apart by history.
        rule: { fault: { type: 'model_withdrawn' } },
        failure: {
          kind: 'cutoff',
          cutoffReason: 'model_not_found',
          scope: 'target',
          status: 404,
          message: `model '${model}' not found`,
        },
      },
      {
        name: 'a revoked key (401 unauthorized) as a cut-off',
        rule: { fault: { type: 'key_revoked' } },
        failure: { kind: 'cutoff', cutoffReason: 'key_revoked', scope: 'target', status: 401 },
      },
      {
        name: 'an exhausted quota (429 usage limit) as a cut-off',
        rule: { fault: { type: 'quota_exhausted' } },
        failure: { kind: 'cutoff', cutoffReason: 'quota_exhausted', scope: 'target', status: 429 },
      },
      {
        name: 'a rate limit (429) with its retry-after',
        rule: { fault: { type: 'rate_limited', retryAfterSeconds: 7 } },
        failure: { kind: 'rate_limited', status: 429, retryAfterMs: 7000 },
      },
      {
        name: 'a rate limit (429) without retry-after',
        rule: { fault: { type: 'rate_limited' } },
        failure: { kind: 'rate_limited', status: 429 },
      },
      {
        name: 'a server error (500) as transient',
        rule: { fault: { type: 'server_error' } },
        failure: { kind: 'transient', status: 500 },
      },
      {
        name: 'a bad gateway (502) as transient',
        rule: { fault: { type: 'server_error', status: 502 } },
        failure: { kind: 'transient', status: 502 },
      },
      {
        name: 'a busy server (503) as transient',
        rule: { fault: { type: 'server_error', status: 503 } },
        failure: { kind: 'transient', status: 503 },
      },
      {
        name: 'an overload (529) as transient',
        rule: { fault: { type: 'server_error', status: 529 } },
        failure: { kind: 'transient', status: 529 },
      },
      {
        name: 'a context-length error (400) as context_length',
        rule: { fault: { type: 'context_length' } },
        failure: { kind: 'context_length', status: 400 },
      },
      {
        name: 'an error before the first part of a stream (mid_stream_error, 500) as transient',
        rule: { fault: { type: 'mid_stream_error' } },
        failure: { kind: 'transient', status: 500 },
      },
    ];
    for (const { name, rule, failure } of httpCases) {
      it(`classifies ${name}, generating and streaming`, async () => {
        simulator.addFault(rule);
        const generated = await generateFailure(ask(prompt));
        expect(generated).toMatchObject(failure);
        if (rule.fault.type === 'rate_limited' && rule.fault.retryAfterSeconds === undefined)
          expect(generated).not.toHaveProperty('retryAfterMs');
        if (rule.fault.type === 'mid_stream_error') return; // in a stream it arrives after a part (below)
        expect(await streamStartFailure(ask(prompt))).toMatchObject(failure);
        expect(simulator.requests.map((request) => request.fault?.type)).toEqual([
          rule.fault.type,
          rule.fault.type,
        ]);
      });
    }

    it('classifies a model the server does not have (404) as a model_not_found cut-off', async () => {
      expect(await generateFailure(ask(prompt), 'llama9')).toMatchObject({
        kind: 'cutoff',
        cutoffReason: 'model_not_found',
        status: 404,
        message: "model 'llama9' not found",
      });
    });

    it('classifies a prompt longer than the context window (400) as context_length', async () => {
      expect(await generateFailure(ask('word '.repeat(30)), 'tiny:1b')).toEqual({
        kind: 'context_length',
        status: 400,
        message: 'the input length exceeds the context length',
      });
    });

    it('classifies a connection reset before headers as a transient connection error', async () => {
      simulator.addFault({ fault: { type: 'connection_reset' } });
      const failure = await generateFailure(ask(prompt));
      expect(failure).toMatchObject({ kind: 'transient', code: 'connection_error' });
      expect(failure.message).toMatch(/^fetch failed/);
      expect(await streamStartFailure(ask(prompt))).toMatchObject({
        kind: 'transient',
        code: 'connection_error',
      });
    });

    it('classifies a refused connection as a transient connection error naming ECONNREFUSED', async () => {
      const gone = await startSimulator({ kind: 'ollama', models: [model] });
      await gone.stop();
      const failure = await createOllama({ baseURL: gone.baseURL })(model)
        .doGenerate(ask(prompt))
        .then(
          () => undefined,
          (error: ProviderError) => error.failure,
        );
      expect(failure).toMatchObject({ kind: 'transient', code: 'connection_error' });
      expect(failure?.message).toContain('ECONNREFUSED');
    });

    it('classifies no response as a timeout when the signal aborts with a TimeoutError (fake timers)', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      simulator.addFault({ fault: { type: 'no_response' } });
      const controller = new AbortController();
      setTimeout(() => controller.abort(new DOMException('attempt timed out', 'TimeoutError')), 30_000);
      const generated = generateFailure(ask(prompt, { abortSignal: controller.signal }));
      await until(() => simulator.requests[0]?.response.kind === 'hung');
      await vi.advanceTimersByTimeAsync(30_000);
      expect(await generated).toEqual({
        kind: 'timeout',
        code: 'timeout',
        message: 'the request was aborted by a timeout',
      });
      const streamController = new AbortController();
      const streamed = streamStartFailure(ask(prompt, { abortSignal: streamController.signal }));
      await until(() => simulator.requests[1]?.response.kind === 'hung');
      streamController.abort(new DOMException('attempt timed out', 'TimeoutError'));
      expect(await streamed).toMatchObject({ kind: 'timeout' });
    });

    it('classifies a stall as a timeout error part when the signal times out (fake timers)', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      simulator.addFault({ fault: { type: 'stream_stall', afterChunks: 2 } });
      const controller = new AbortController();
      setTimeout(() => controller.abort(new DOMException('stalled', 'TimeoutError')), 5_000);
      const outcome = streamOutcome(ask(prompt, { abortSignal: controller.signal }));
      await until(() => simulator.requests[0]?.response.kind === 'stalled');
      await vi.advanceTimersByTimeAsync(5_000);
      const { text, failure, parts } = await outcome;
      expect(text).toBe('This is');
      expect(failure).toMatchObject({ kind: 'timeout', code: 'timeout' });
      expect(parts.map((part) => part.type).slice(-2)).toEqual(['text-end', 'error']);
    });

    it('ends a stream cut without its done part in a transient error part, not a silent finish', async () => {
      simulator.addFault({ fault: { type: 'stream_cut', afterChunks: 3 } });
      const { text, failure, parts } = await streamOutcome(ask(prompt));
      expect(text).toBe('This is llama');
      expect(failure).toMatchObject({ kind: 'transient', code: 'connection_closed' });
      expect(parts.map((part) => part.type)).not.toContain('finish');
      expect(parts.at(-1)?.type).toBe('error');
    });

    it('rejects a non-streamed answer cut mid-body as transient', async () => {
      simulator.addFault({ fault: { type: 'stream_cut', afterChunks: 3 } });
      expect(await generateFailure(ask(prompt))).toMatchObject({ kind: 'transient' });
    });

    it('ends a stream without done: true (missing terminator) in a stream_truncated error part', async () => {
      simulator.addFault({ fault: { type: 'missing_terminator' } });
      const { text, failure, parts } = await streamOutcome(ask(prompt));
      expect(text).toBe(answer);
      expect(failure).toEqual({
        kind: 'transient',
        code: 'stream_truncated',
        message: 'the stream ended without its done part',
      });
      expect(parts.map((part) => part.type)).not.toContain('finish');
    });

    it('classifies an {"error"} line inside a 200 stream as a transient stream error', async () => {
      simulator.addFault({ fault: { type: 'mid_stream_error' } });
      const { text, failure } = await streamOutcome(ask(prompt));
      expect(text).toBe('This');
      expect(failure).toEqual({
        kind: 'transient',
        code: 'stream_error',
        message: 'an error was encountered while running the model',
      });
      expect(simulator.requests[0]?.status).toBe(200);
    });

    it('ends a stream with a malformed line in a malformed_stream error part naming the line (the client would skip it)', async () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      simulator.addFault({ fault: { type: 'malformed_chunk' } });
      const { text, failure, parts } = await streamOutcome(ask(prompt));
      expect(text).toBe('This');
      expect(failure).toMatchObject({ kind: 'transient', code: 'malformed_stream' });
      expect(failure?.message).toMatch(
        /^malformed stream data \(line 2 is not a JSON object; the ollama client would skip it\): \{"model":"llama3\.2"/,
      );
      expect(parts.map((part) => part.type)).not.toContain('finish');
      expect(warn).not.toHaveBeenCalled();
    });

    it('rejects a non-streamed body that is not JSON as malformed_response', async () => {
      simulator.addFault({ fault: { type: 'malformed_chunk' } });
      expect(await generateFailure(ask(prompt))).toMatchObject({
        kind: 'transient',
        code: 'malformed_response',
      });
    });

    it('answers after a slow first token and extra latency (fake timers)', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      simulator.addFault({ fault: { type: 'slow_first_token', delayMs: 2_000 }, times: 1 });
      simulator.addFault({ fault: { type: 'latency', extraMs: 1_000 }, times: 1 });
      let done = false;
      const slow = ollama(model)
        .doGenerate(ask(prompt))
        .then((result) => {
          done = true;
          return result;
        });
      // The simulator sets its delay once the request has arrived.
      await until(() => simulator.requests.at(-1)?.response.kind === 'pending');
      await vi.advanceTimersByTimeAsync(1_999);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect((await slow).content).toEqual([{ type: 'text', text: answer }]);
      const { stream } = await ollama(model).doStream(ask(prompt));
      const reader = stream.getReader();
      await reader.read(); // stream-start
      const first = reader.read();
      await until(() => simulator.requests.at(-1)?.response.kind === 'pending');
      await vi.advanceTimersByTimeAsync(1_000);
      expect((await first).value).toMatchObject({ type: 'response-metadata' });
      await reader.cancel();
    });

    it('passes a content-filter refusal through as text (Ollama has no content filter)', async () => {
      simulator.addFault({ fault: { type: 'content_filter' } });
      const result = await ollama(model).doGenerate(ask(prompt));
      expect(result.content).toEqual([{ type: 'text', text: "I'm sorry, but I can't help with that." }]);
      expect(result.finishReason.unified).toBe('stop');
    });
  });
});
