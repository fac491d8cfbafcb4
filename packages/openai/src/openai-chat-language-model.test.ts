import type {
  LanguageModelV4CallOptions,
  LanguageModelV4FunctionTool,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import { type ClassifiedFailure, ProviderError } from '@switchyard/core';
import { rejectedFailure } from '@switchyard/core/testing';
import {
  type FaultRule,
  type SimulatorHandle,
  simulatedAnswer,
  startSimulator,
} from '@switchyard/simulators';
import { generateText, jsonSchema, Output, streamText, tool } from 'ai';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOpenAI } from './create-openai.js';

const apiKey = 'sk-test-secret-key-1234';
let simulator: SimulatorHandle;
let openai: ReturnType<typeof createOpenAI>;

beforeAll(async () => {
  simulator = await startSimulator({
    kind: 'openai',
    models: ['gpt-test', { id: 'gpt-usage', usage: { cachedInputTokens: 4, reasoningTokens: 3 } }],
  });
  openai = createOpenAI({ apiKey, baseURL: simulator.baseURL });
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

function lastRequest() {
  const request = simulator.requests.at(-1);
  if (request === undefined) throw new Error('no request recorded');
  return request;
}

function lastResponseKind(): string | undefined {
  return simulator.requests.at(-1)?.response.kind;
}

function lastBody(): Record<string, unknown> {
  return lastRequest().body as Record<string, unknown>;
}

/** Yields to the event loop (I/O included) until `condition` holds; no clock involved. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
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

const lookup: LanguageModelV4FunctionTool = {
  type: 'function',
  name: 'lookup',
  description: 'Looks a word up',
  inputSchema: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
};

const failureOf = rejectedFailure;

/** The parts of a stream that must end in an error part (never a finish), and that error's failure. */
async function streamFailure(
  model: ReturnType<typeof openai>,
  options: LanguageModelV4CallOptions,
): Promise<{ parts: LanguageModelV4StreamPart[]; failure: ClassifiedFailure }> {
  const { stream } = await model.doStream(options);
  const parts = await collect(stream);
  const last = parts.at(-1);
  expect(parts.some((part) => part.type === 'finish')).toBe(false);
  if (last?.type !== 'error' || !ProviderError.isInstance(last.error))
    throw new Error(`expected an error part, got ${last?.type}`);
  return { parts, failure: last.error.failure };
}

function textOf(parts: readonly LanguageModelV4StreamPart[]): string {
  return parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');
}

/** A provider whose fetch answers every request with `body`: a 200 event stream unless `status` says otherwise. */
function providerAnswering(body: string, status = 200) {
  const contentType = status === 200 ? 'text/event-stream' : 'application/json';
  return createOpenAI({
    apiKey,
    baseURL: 'http://127.0.0.1:9/v1',
    fetch: async () => new Response(body, { status, headers: { 'content-type': contentType } }),
  });
}

const chunk = (fields: Record<string, unknown>) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-x', object: 'chat.completion.chunk', created: 1, model: 'gpt-test', ...fields })}\n\n`;

describe('OpenAIChatLanguageModel', () => {
  describe('request mapping', () => {
    it('maps system, user text and images, assistant text and tool calls, and tool results into messages', async () => {
      await openai('gpt-test').doGenerate({
        prompt: [
          { role: 'system', content: 'Be brief.' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What are these?' },
              {
                type: 'file',
                mediaType: 'image/png',
                data: { type: 'data', data: new Uint8Array([1, 2, 3]) },
              },
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
              { type: 'reasoning', text: 'they want a lookup' },
              { type: 'text', text: 'Let me look.' },
              { type: 'tool-call', toolCallId: 'call_1', toolName: 'lookup', input: { q: 'cat' } },
              { type: 'tool-call', toolCallId: 'call_2', toolName: 'lookup', input: '{"q":"dog"}' },
            ],
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
              {
                type: 'tool-result',
                toolCallId: 'call_2',
                toolName: 'lookup',
                output: { type: 'text', value: 'a dog' },
              },
            ],
          },
          { role: 'assistant', content: [{ type: 'text', text: 'A cat and a dog.' }] },
          { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
        ],
      });
      expect(lastBody().messages).toEqual([
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What are these?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AQID' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
          ],
        },
        {
          role: 'assistant',
          content: 'Let me look.',
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"cat"}' } },
            { id: 'call_2', type: 'function', function: { name: 'lookup', arguments: '{"q":"dog"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"found":true}' },
        { role: 'tool', tool_call_id: 'call_2', content: 'a dog' },
        { role: 'assistant', content: 'A cat and a dog.' },
        { role: 'user', content: 'Thanks' },
      ]);
    });

    it('sends an assistant turn of tool calls only with null content', async () => {
      await openai('gpt-test').doGenerate({
        prompt: [
          { role: 'user', content: [{ type: 'text', text: 'Look up cat' }] },
          {
            role: 'assistant',
            content: [{ type: 'tool-call', toolCallId: 'call_1', toolName: 'lookup', input: { q: 'cat' } }],
          },
          {
            role: 'tool',
            content: [
              {
                type: 'tool-result',
                toolCallId: 'call_1',
                toolName: 'lookup',
                output: { type: 'text', value: 'a small feline' },
              },
            ],
          },
        ],
      });
      expect(lastBody().messages).toMatchObject([
        { role: 'user' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1' }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'a small feline' },
      ]);
    });

    it('sends temperature, top_p, max_completion_tokens, stop, seed and penalties', async () => {
      await openai('gpt-test').doGenerate({
        ...prompt('Hi'),
        temperature: 0.2,
        topP: 0.9,
        maxOutputTokens: 50,
        stopSequences: ['END', 'STOP'],
        seed: 7,
        presencePenalty: 0.5,
        frequencyPenalty: -0.5,
      });
      expect(lastBody()).toEqual({
        model: 'gpt-test',
        messages: [{ role: 'user', content: 'Hi' }],
        temperature: 0.2,
        top_p: 0.9,
        max_completion_tokens: 50,
        stop: ['END', 'STOP'],
        seed: 7,
        presence_penalty: 0.5,
        frequency_penalty: -0.5,
      });
    });

    it('gets the answer cut at a stop sequence (finish stop) and at max tokens (finish length)', async () => {
      const model = openai('gpt-test');
      const stopped = await model.doGenerate({ ...prompt('Hello world'), stopSequences: [' answering'] });
      expect(stopped.content).toEqual([{ type: 'text', text: 'This is gpt-test' }]);
      expect(stopped.finishReason).toEqual({ unified: 'stop', raw: 'stop' });
      const cut = await model.doGenerate({ ...prompt('Hello world'), maxOutputTokens: 2 });
      expect(cut.finishReason).toEqual({ unified: 'length', raw: 'length' });
      expect(cut.usage.outputTokens.total).toBe(2);
      expect(cut.content).toEqual([{ type: 'text', text: 'This is' }]);
    });

    it('passes provider options through into the body', async () => {
      await openai('gpt-test').doGenerate({
        ...prompt('Hi'),
        providerOptions: { openai: { user: 'u-1', store: false, service_tier: 'flex', logprobs: true } },
      });
      expect(lastBody()).toMatchObject({ user: 'u-1', store: false, service_tier: 'flex', logprobs: true });
    });

    it.each([
      [{ model: 'gpt-other' }, 'providerOptions.openai.model cannot be set: the model id comes from'],
      [{ messages: [] }, 'providerOptions.openai.messages cannot be set'],
      [{ stream: true }, 'providerOptions.openai.stream cannot be set'],
      [{ stream_options: { include_usage: false } }, 'providerOptions.openai.stream_options cannot be set'],
      [{ n: 2 }, 'providerOptions.openai.n cannot be set: the adapter reads one choice'],
      [{ servce_tier: 'flex' }, 'did you mean "service_tier"?'],
      [{ store: 'yes' }, 'providerOptions.openai.store: wrong type: got text "yes"; expected true or false'],
    ])('rejects providerOptions.openai %j before sending anything', async (options, message) => {
      const failure = await failureOf(
        openai('gpt-test').doGenerate({ ...prompt('Hi'), providerOptions: { openai: options } }),
      );
      expect(failure).toMatchObject({ kind: 'invalid_request', code: 'invalid_provider_options' });
      expect(failure.message).toContain(message);
      expect(simulator.requests).toHaveLength(0);
    });

    it('sends an OpenAI-compatible server its own fields, and only the legacy max_tokens when asked', async () => {
      await openai('gpt-test').doGenerate({
        ...prompt('Hi'),
        maxOutputTokens: 50,
        providerOptions: {
          openai: { top_k: 20, chat_template_kwargs: { enable_thinking: false }, max_tokens: 40 },
        },
      });
      expect(lastBody()).toMatchObject({
        top_k: 20,
        chat_template_kwargs: { enable_thinking: false },
        max_tokens: 40,
      });
      expect(lastBody()).not.toHaveProperty('max_completion_tokens');
    });

    it('maps reasoning to reasoning_effort', async () => {
      await openai('gpt-test').doGenerate({ ...prompt('Hi'), reasoning: 'low' });
      expect(lastBody().reasoning_effort).toBe('low');
      await openai('gpt-test').doGenerate({ ...prompt('Hi'), reasoning: 'provider-default' });
      expect(lastBody()).not.toHaveProperty('reasoning_effort');
    });

    it('sends the per-call headers with the request', async () => {
      await openai('gpt-test').doGenerate({
        ...prompt('Hi'),
        headers: { 'x-switchyard-caller-country': 'sg', 'x-trace': 't-1' },
      });
      expect(lastRequest().caller).toBe('SG');
      expect(lastRequest().headers['x-trace']).toBe('t-1');
    });

    it('rejects a file Chat Completions cannot take as invalid_request, before sending anything', async () => {
      const failure = await failureOf(
        openai('gpt-test').doGenerate({
          prompt: [
            {
              role: 'user',
              content: [
                { type: 'file', mediaType: 'audio/wav', data: { type: 'data', data: new Uint8Array([1]) } },
              ],
            },
          ],
        }),
      );
      expect(failure).toMatchObject({ kind: 'invalid_request' });
      expect(failure.message).toContain('audio/wav');
      expect(simulator.requests).toHaveLength(0);
    });
  });

  describe('tools and tool choice', () => {
    it.each([
      [{ type: 'auto' } as const, 'auto'],
      [{ type: 'required' } as const, 'required'],
      [{ type: 'tool', toolName: 'lookup' } as const, { type: 'function', function: { name: 'lookup' } }],
    ])('sends tool choice %j as %j with the tool definitions', async (toolChoice, expected) => {
      await openai('gpt-test').doGenerate({
        ...prompt('Hi'),
        tools: [{ ...lookup, strict: true }],
        toolChoice,
      });
      expect(lastBody().tools).toEqual([
        {
          type: 'function',
          function: {
            name: 'lookup',
            description: 'Looks a word up',
            parameters: lookup.inputSchema,
            strict: true,
          },
        },
      ]);
      expect(lastBody().tool_choice).toEqual(expected);
    });

    it('sends no tools with tool choice none, so the answer is text', async () => {
      const result = await openai('gpt-test').doGenerate({
        ...prompt('Call lookup now'),
        tools: [lookup],
        toolChoice: { type: 'none' },
      });
      expect(lastBody()).not.toHaveProperty('tools');
      expect(lastBody()).not.toHaveProperty('tool_choice');
      expect(result.content).toEqual([
        { type: 'text', text: simulatedAnswer({ model: 'gpt-test', prompt: 'Call lookup now' }) },
      ]);
    });

    it('returns the tool calls of a non-streamed answer with finish reason tool-calls', async () => {
      const result = await openai('gpt-test').doGenerate({ ...prompt('Call lookup now'), tools: [lookup] });
      expect(result.content).toEqual([
        {
          type: 'tool-call',
          toolCallId: expect.stringMatching(/^call_sim/),
          toolName: 'lookup',
          input: '{"q":"example"}',
        },
      ]);
      expect(result.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool_calls' });
    });

    it('warns about a provider-defined tool and sends only the function tools', async () => {
      const result = await openai('gpt-test').doGenerate({
        ...prompt('Hi'),
        tools: [lookup, { type: 'provider', id: 'openai.web_search', name: 'web_search', args: {} }],
      });
      expect(result.warnings).toEqual([
        { type: 'unsupported', feature: 'provider-defined tool openai.web_search' },
      ]);
      expect((lastBody().tools as unknown[]).length).toBe(1);
    });

    it('runs a tool loop through generateText: the call, its result, then the answer', async () => {
      const result = await generateText({
        model: openai('gpt-test'),
        prompt: 'Use weather for Paris',
        tools: {
          weather: tool({
            description: 'Weather',
            inputSchema: jsonSchema<{ city: string }>({
              type: 'object',
              properties: { city: { type: 'string' } },
              required: ['city'],
            }),
            execute: async ({ city }) => `sunny in ${city}`,
          }),
        },
        toolChoice: 'auto',
        stopWhen: () => false,
      });
      expect(result.steps[0]?.toolCalls).toMatchObject([{ toolName: 'weather', input: { city: 'example' } }]);
      expect(simulator.requests[1]?.body).toMatchObject({
        messages: [
          { role: 'user' },
          { role: 'assistant', content: null, tool_calls: [{ function: { name: 'weather' } }] },
          { role: 'tool', content: 'sunny in example' },
        ],
      });
      expect(result.text).toBe(simulatedAnswer({ model: 'gpt-test', prompt: 'sunny in example' }));
    });
  });

  describe('structured output', () => {
    const schema = {
      type: 'object',
      properties: { answer: { type: 'string' } },
      required: ['answer'],
      additionalProperties: false,
    } as const;

    it('sends a JSON schema as response_format json_schema, with its name and description', async () => {
      const result = await openai('gpt-test').doGenerate({
        ...prompt('Give JSON'),
        responseFormat: { type: 'json', schema, name: 'reply', description: 'The reply' },
      });
      expect(lastBody().response_format).toEqual({
        type: 'json_schema',
        json_schema: { name: 'reply', description: 'The reply', schema, strict: false },
      });
      expect(result.content).toEqual([{ type: 'text', text: '{"answer":"example"}' }]);
    });

    it('sends JSON without a schema as json_object', async () => {
      const result = await openai('gpt-test').doGenerate({
        ...prompt('Give JSON'),
        responseFormat: { type: 'json' },
      });
      expect(lastBody().response_format).toEqual({ type: 'json_object' });
      expect(JSON.parse(result.content[0]?.type === 'text' ? result.content[0].text : '')).toEqual({
        answer: simulatedAnswer({ model: 'gpt-test', prompt: 'Give JSON' }),
      });
    });

    it('parses the object through generateText with Output.object', async () => {
      const result = await generateText({
        model: openai('gpt-test'),
        prompt: 'Give JSON',
        output: Output.object({ schema: jsonSchema<{ answer: string }>(schema) }),
      });
      expect(lastBody().response_format).toMatchObject({ type: 'json_schema', json_schema: { schema } });
      expect(result.output).toEqual({ answer: 'example' });
    });
  });

  describe('warnings', () => {
    it('warns about topK, which Chat Completions does not take, and does not send it', async () => {
      const result = await openai('gpt-test').doGenerate({ ...prompt('Hi'), topK: 5 });
      expect(result.warnings).toEqual([
        {
          type: 'unsupported',
          feature: 'topK',
          details: 'Chat Completions has no top_k (servers that take one: providerOptions.openai.top_k)',
        },
      ]);
      expect(lastBody()).not.toHaveProperty('top_k');
    });

    it('warns about a reasoning level Chat Completions has no effort for, and does not send it', async () => {
      const { stream } = await openai('gpt-test').doStream({ ...prompt('Hi'), reasoning: 'max' });
      const parts = await collect(stream);
      expect(parts[0]).toEqual({
        type: 'stream-start',
        warnings: [
          {
            type: 'unsupported',
            feature: 'reasoning',
            details: 'reasoning "max" has no Chat Completions effort; sent none',
          },
        ],
      });
      expect(lastBody()).not.toHaveProperty('reasoning_effort');
    });
  });

  describe('doGenerate results', () => {
    it('returns the text, finish reason, usage, request body and response metadata', async () => {
      const result = await openai('gpt-test').doGenerate(prompt('Hello there'));
      const recorded = lastRequest().response;
      expect(result.content).toEqual([
        { type: 'text', text: simulatedAnswer({ model: 'gpt-test', prompt: 'Hello there' }) },
      ]);
      expect(result.finishReason).toEqual({ unified: 'stop', raw: 'stop' });
      expect(result.usage.inputTokens.total).toBe(recorded.usage?.inputTokens);
      expect(result.usage.outputTokens.total).toBe(recorded.usage?.outputTokens);
      expect(result.request?.body).toEqual(lastBody());
      expect(result.response).toMatchObject({
        id: expect.stringMatching(/^chatcmpl-sim/),
        modelId: 'gpt-test',
        headers: { 'x-request-id': expect.stringMatching(/^req_sim/) },
      });
      expect(result.response?.timestamp).toBeInstanceOf(Date);
      expect(result.warnings).toEqual([]);
    });

    it('reports cached input and reasoning output tokens', async () => {
      const result = await openai('gpt-usage').doGenerate(prompt('Count my tokens'));
      const recorded = lastRequest().response.usage;
      expect(result.usage).toEqual({
        inputTokens: {
          total: recorded?.inputTokens,
          noCache: (recorded?.inputTokens ?? 0) - 4,
          cacheRead: 4,
          cacheWrite: undefined,
        },
        outputTokens: {
          total: recorded?.outputTokens,
          text: (recorded?.outputTokens ?? 0) - 3,
          reasoning: 3,
        },
        raw: expect.objectContaining({ prompt_tokens: recorded?.inputTokens }),
      });
    });
  });

  describe('doStream', () => {
    it('emits stream-start, response-metadata, text-start, one delta per chunk, text-end and finish with usage, in order', async () => {
      const { stream, request } = await openai('gpt-usage').doStream(prompt('Stream this'));
      const parts = await collect(stream);
      const recorded = lastRequest().response;
      // Events written: the role chunk, the content chunks, the finish chunk, the usage chunk, [DONE].
      const chunks = (recorded.chunks ?? 0) - 4;
      expect(chunks).toBeGreaterThan(3);
      expect(parts.map((part) => part.type)).toEqual([
        'stream-start',
        'response-metadata',
        'text-start',
        ...Array.from({ length: chunks }, () => 'text-delta'),
        'text-end',
        'finish',
      ]);
      expect(parts[1]).toMatchObject({ id: expect.stringMatching(/^chatcmpl-sim/), modelId: 'gpt-usage' });
      expect(textOf(parts)).toBe(simulatedAnswer({ model: 'gpt-usage', prompt: 'Stream this' }));
      expect(parts.at(-1)).toEqual({
        type: 'finish',
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: {
          inputTokens: {
            total: recorded.usage?.inputTokens,
            noCache: (recorded.usage?.inputTokens ?? 0) - 4,
            cacheRead: 4,
            cacheWrite: undefined,
          },
          outputTokens: {
            total: recorded.usage?.outputTokens,
            text: (recorded.usage?.outputTokens ?? 0) - 3,
            reasoning: 3,
          },
          raw: expect.objectContaining({ completion_tokens: recorded.usage?.outputTokens }),
        },
        // The simulator sends the prediction counts, as OpenAI does: kept as @ai-sdk/openai keeps them.
        providerMetadata: { openai: { acceptedPredictionTokens: 0, rejectedPredictionTokens: 0 } },
      });
      expect(lastBody()).toMatchObject({ stream: true, stream_options: { include_usage: true } });
      expect(request?.body).toEqual(lastBody());
    });

    it('streams a tool call: tool-input-start, deltas, tool-input-end, tool-call, finish tool-calls', async () => {
      const { stream } = await openai('gpt-test').doStream({ ...prompt('Call lookup now'), tools: [lookup] });
      const parts = await collect(stream);
      const deltas = parts.flatMap((part) => (part.type === 'tool-input-delta' ? [part.delta] : []));
      expect(deltas.join('')).toBe('{"q":"example"}');
      expect(parts.map((part) => part.type)).toEqual([
        'stream-start',
        'response-metadata',
        'tool-input-start',
        ...deltas.map(() => 'tool-input-delta'),
        'tool-input-end',
        'tool-call',
        'finish',
      ]);
      const id = parts[2]?.type === 'tool-input-start' ? parts[2].id : undefined;
      expect(id).toMatch(/^call_sim/);
      expect(parts[2]).toEqual({ type: 'tool-input-start', id, toolName: 'lookup' });
      expect(parts.at(-2)).toEqual({
        type: 'tool-call',
        toolCallId: id,
        toolName: 'lookup',
        input: '{"q":"example"}',
      });
      expect(parts.at(-1)).toMatchObject({
        type: 'finish',
        finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
      });
    });

    it('adds a raw part before the parts of each chunk when raw chunks are asked for', async () => {
      const { stream } = await openai('gpt-test').doStream({ ...prompt('Hi'), includeRawChunks: true });
      const parts = await collect(stream);
      const raws = parts.filter((part) => part.type === 'raw');
      // Every event written but [DONE]: role, content, finish and usage chunks.
      expect(raws).toHaveLength((lastRequest().response.chunks ?? 0) - 1);
      expect(parts[1]).toMatchObject({ type: 'raw', rawValue: { object: 'chat.completion.chunk' } });
      expect(parts.at(-1)?.type).toBe('finish');
    });

    it('answers generateText and streamText with the same text and usage', async () => {
      const model = openai('gpt-test');
      const generated = await generateText({ model, prompt: 'Tell me a fact' });
      const streamed = streamText({ model, prompt: 'Tell me a fact' });
      const expected = simulatedAnswer({ model: 'gpt-test', prompt: 'Tell me a fact' });
      expect(generated.text).toBe(expected);
      expect(await streamed.text).toBe(expected);
      expect((await streamed.usage).outputTokens).toBe(generated.usage.outputTokens);
      expect(await streamed.finishReason).toBe('stop');
    });
  });

  describe('latency (fake timers drive the simulator)', () => {
    it('waits for a slow first token and then streams the whole answer', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      simulator.addFault({ fault: { type: 'slow_first_token', delayMs: 5_000 } });
      const { stream } = await openai('gpt-test').doStream(prompt('Slowly'));
      const parts: LanguageModelV4StreamPart[] = [];
      const done = (async () => {
        for await (const part of stream) parts.push(part);
      })();
      await until(() => parts.some((part) => part.type === 'response-metadata'));
      await vi.advanceTimersByTimeAsync(4_999);
      expect(parts.some((part) => part.type === 'text-start')).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await done;
      expect(textOf(parts)).toBe(simulatedAnswer({ model: 'gpt-test', prompt: 'Slowly' }));
      expect(parts.at(-1)?.type).toBe('finish');
    });

    it('classifies no response within the client timeout as timeout', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      simulator.addFault({ fault: { type: 'no_response' } });
      const impatient = createOpenAI({ apiKey, baseURL: simulator.baseURL, timeout: 1_000 });
      const pending = failureOf(impatient('gpt-test').doGenerate(prompt('Hi')));
      await until(() => simulator.requests.length === 1);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(await pending).toMatchObject({ kind: 'timeout', code: 'timeout' });
    });
  });

  describe('abort', () => {
    it('rejects doGenerate with an aborted failure when the caller aborts a request that gets no response', async () => {
      simulator.addFault({ fault: { type: 'no_response' } });
      const controller = new AbortController();
      const pending = failureOf(
        openai('gpt-test').doGenerate({ ...prompt('Hi'), abortSignal: controller.signal }),
      );
      await until(() => simulator.requests.length === 1);
      controller.abort();
      expect(await pending).toMatchObject({ kind: 'transient', code: 'aborted' });
    });

    it('classifies an abort whose reason is a TimeoutError (a deadline) as timeout', async () => {
      simulator.addFault({ fault: { type: 'no_response' } });
      const controller = new AbortController();
      const pending = failureOf(
        openai('gpt-test').doStream({ ...prompt('Hi'), abortSignal: controller.signal }),
      );
      await until(() => simulator.requests.length === 1);
      controller.abort(new DOMException('deadline', 'TimeoutError'));
      expect(await pending).toMatchObject({ kind: 'timeout', code: 'timeout' });
    });

    it.each([
      ['the caller', undefined, { kind: 'transient', code: 'aborted' }],
      [
        'a timer (TimeoutError)',
        new DOMException('idle', 'TimeoutError'),
        { kind: 'timeout', code: 'timeout' },
      ],
    ])(
      'ends a stream stalled mid-answer and aborted by %s with an error part after the text so far',
      async (_by, reason, expected) => {
        simulator.addFault({ fault: { type: 'stream_stall', afterChunks: 2 } });
        const controller = new AbortController();
        const { stream } = await openai('gpt-test').doStream({
          ...prompt('Hello world again'),
          abortSignal: controller.signal,
        });
        const reader = stream.getReader();
        const parts: LanguageModelV4StreamPart[] = [];
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parts.push(value);
          if (parts.filter((part) => part.type === 'text-delta').length === 2) {
            await until(() => lastResponseKind() === 'stalled');
            controller.abort(reason);
          }
        }
        expect(parts.map((part) => part.type).slice(-3)).toEqual(['text-delta', 'text-end', 'error']);
        const last = parts.at(-1);
        expect(
          last?.type === 'error' && ProviderError.isInstance(last.error) && last.error.failure,
        ).toMatchObject(expected);
        expect(parts.some((part) => part.type === 'finish')).toBe(false);
      },
    );

    it('rejects doGenerate aborted while the body stalls half-sent', async () => {
      simulator.addFault({ fault: { type: 'stream_stall', afterChunks: 1 } });
      const controller = new AbortController();
      const pending = failureOf(
        openai('gpt-test').doGenerate({ ...prompt('Hi'), abortSignal: controller.signal }),
      );
      await until(() => lastResponseKind() === 'stalled');
      controller.abort();
      expect(await pending).toMatchObject({ kind: 'transient', code: 'aborted' });
    });

    it('cancelling the stream closes the connection', async () => {
      simulator.addFault({ fault: { type: 'stream_stall', afterChunks: 1 } });
      const { stream } = await openai('gpt-test').doStream(prompt('Hello world again'));
      const reader = stream.getReader();
      while ((await reader.read()).value?.type !== 'text-delta') {}
      await until(() => lastResponseKind() === 'stalled');
      expect(lastRequest().endedAt).toBeUndefined();
      await reader.cancel();
      await until(() => lastRequest().endedAt !== undefined);
      expect(lastRequest().response.kind).toBe('stalled');
    });
  });

  describe('fault classification', () => {
    const httpFaults: Array<[string, FaultRule['fault'], Record<string, unknown>]> = [
      [
        'region_block (403 unsupported_country_region_territory)',
        { type: 'region_block' },
        {
          kind: 'cutoff',
          cutoffReason: 'region_blocked',
          scope: 'jurisdiction',
          status: 403,
          code: 'unsupported_country_region_territory',
        },
      ],
      [
        'key_revoked (401 invalid_api_key)',
        { type: 'key_revoked' },
        {
          kind: 'cutoff',
          cutoffReason: 'key_revoked',
          scope: 'target',
          status: 401,
          code: 'invalid_api_key',
        },
      ],
      [
        'model_withdrawn (404 model_not_found)',
        { type: 'model_withdrawn' },
        {
          kind: 'cutoff',
          cutoffReason: 'model_withdrawn',
          scope: 'target',
          status: 404,
          code: 'model_not_found',
        },
      ],
      [
        'quota_exhausted (429 insufficient_quota)',
        { type: 'quota_exhausted' },
        {
          kind: 'cutoff',
          cutoffReason: 'quota_exhausted',
          scope: 'target',
          status: 429,
          code: 'insufficient_quota',
        },
      ],
      [
        'rate_limited with retry-after',
        { type: 'rate_limited', retryAfterSeconds: 2 },
        { kind: 'rate_limited', status: 429, code: 'rate_limit_exceeded', retryAfterMs: 2000 },
      ],
      [
        'rate_limited without retry-after',
        { type: 'rate_limited' },
        { kind: 'rate_limited', status: 429, code: 'rate_limit_exceeded' },
      ],
      [
        'server_error 500',
        { type: 'server_error' },
        { kind: 'transient', status: 500, code: 'server_error' },
      ],
      ['server_error 502', { type: 'server_error', status: 502 }, { kind: 'transient', status: 502 }],
      ['server_error 503', { type: 'server_error', status: 503 }, { kind: 'transient', status: 503 }],
      ['server_error 529', { type: 'server_error', status: 529 }, { kind: 'transient', status: 529 }],
      ['connection_reset', { type: 'connection_reset' }, { kind: 'transient', code: 'connection_error' }],
      [
        'context_length (400 context_length_exceeded)',
        { type: 'context_length' },
        { kind: 'context_length', status: 400, code: 'context_length_exceeded' },
      ],
    ];

    it.each(httpFaults)('rejects doGenerate on %s', async (_name, fault, expected) => {
      simulator.addFault({ fault });
      expect(await failureOf(openai('gpt-test').doGenerate(prompt('Hi')))).toMatchObject(expected);
    });

    it.each(httpFaults)('rejects doStream on %s before any part', async (_name, fault, expected) => {
      simulator.addFault({ fault });
      expect(await failureOf(openai('gpt-test').doStream(prompt('Hi')))).toMatchObject(expected);
    });

    it('gives a rate limit without retry-after no retryAfterMs', async () => {
      simulator.addFault({ fault: { type: 'rate_limited' } });
      expect(await failureOf(openai('gpt-test').doGenerate(prompt('Hi')))).not.toHaveProperty('retryAfterMs');
    });

    it.each([
      ['mid_stream_error', { type: 'mid_stream_error' } as const, { kind: 'transient', status: 500 }],
      ['stream_cut', { type: 'stream_cut', afterChunks: 1 } as const, { kind: 'transient' }],
      [
        'malformed_chunk',
        { type: 'malformed_chunk' } as const,
        { kind: 'transient', code: 'malformed_response' },
      ],
      [
        'content_filter',
        { type: 'content_filter' } as const,
        { kind: 'content_filtered', code: 'content_filter' },
      ],
    ])('rejects doGenerate on %s (not streamed)', async (_name, fault, expected) => {
      simulator.addFault({ fault });
      expect(await failureOf(openai('gpt-test').doGenerate(prompt('Hi')))).toMatchObject(expected);
    });

    it('answers doGenerate normally under missing_terminator (it only concerns streams)', async () => {
      simulator.addFault({ fault: { type: 'missing_terminator' } });
      const result = await openai('gpt-test').doGenerate(prompt('Hi'));
      expect(result.finishReason.unified).toBe('stop');
    });

    it('streams a cut stream as an error part after the text so far, not a silent truncation', async () => {
      simulator.addFault({ fault: { type: 'stream_cut', afterChunks: 2 } });
      const { parts, failure } = await streamFailure(openai('gpt-test'), prompt('Hello world again'));
      expect(parts.filter((part) => part.type === 'text-delta')).toHaveLength(2);
      expect(parts.map((part) => part.type).slice(-2)).toEqual(['text-end', 'error']);
      expect(failure).toMatchObject({ kind: 'transient', code: 'connection_closed' });
    });

    it('streams a malformed chunk as a malformed_stream error part naming the offending line', async () => {
      simulator.addFault({ fault: { type: 'malformed_chunk' } });
      const { parts, failure } = await streamFailure(openai('gpt-test'), prompt('Hello world again'));
      expect(parts.filter((part) => part.type === 'text-delta')).toHaveLength(1);
      expect(failure).toMatchObject({ kind: 'transient', code: 'malformed_stream' });
      expect(failure.message).toMatch(/^malformed stream data \(.+\): data: \{"id":"chatcmpl-/);
      // The simulator's malformed event is the first half of a real one: that half, as it came.
      expect(failure.message).toMatch(/"system_$/);
      expect(failure.message).not.toContain('Hello');
    });

    it("prints nothing to the console on a malformed chunk or an error, even with OPENAI_LOG=debug (the SDK's logger is off)", async () => {
      vi.stubEnv('OPENAI_LOG', 'debug');
      const consoleCalls = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
        vi.spyOn(console, method).mockImplementation(() => undefined),
      );
      try {
        const quiet = createOpenAI({ apiKey, baseURL: simulator.baseURL });
        simulator.addFault({ fault: { type: 'malformed_chunk' } });
        expect((await streamFailure(quiet('gpt-test'), prompt('Hello world again'))).failure.code).toBe(
          'malformed_stream',
        );
        simulator.addFault({ fault: { type: 'server_error' } });
        await expect(quiet('gpt-test').doGenerate(prompt('Hi'))).rejects.toMatchObject({
          failure: { kind: 'transient' },
        });
        for (const spy of consoleCalls) expect(spy).not.toHaveBeenCalled();
      } finally {
        for (const spy of consoleCalls) spy.mockRestore();
        vi.unstubAllEnvs();
      }
    });

    it('classifies the in-stream server error of a 200 stream from its body (no status)', async () => {
      simulator.addFault({ fault: { type: 'mid_stream_error' } });
      const { parts, failure } = await streamFailure(openai('gpt-test'), prompt('Hello world again'));
      expect(parts.filter((part) => part.type === 'text-delta')).toHaveLength(1);
      expect(failure).toMatchObject({ kind: 'transient', code: 'server_error' });
      expect(failure.status).toBeUndefined();
    });

    it('streams an answer withheld by the content filter as a content_filtered error part', async () => {
      simulator.addFault({ fault: { type: 'content_filter' } });
      const { parts, failure } = await streamFailure(openai('gpt-test'), prompt('Hi'));
      expect(parts.map((part) => part.type)).toEqual(['stream-start', 'response-metadata', 'error']);
      expect(failure).toMatchObject({ kind: 'content_filtered', code: 'content_filter' });
    });

    it('finishes normally when only [DONE] is missing (the finish reason and usage arrived)', async () => {
      simulator.addFault({ fault: { type: 'missing_terminator' } });
      const { stream } = await openai('gpt-test').doStream(prompt('Hi'));
      const parts = await collect(stream);
      expect(textOf(parts)).toBe(simulatedAnswer({ model: 'gpt-test', prompt: 'Hi' }));
      expect(parts.at(-1)).toMatchObject({
        type: 'finish',
        finishReason: { unified: 'stop' },
        usage: { outputTokens: { total: lastRequest().response.usage?.outputTokens } },
      });
    });

    it('streams a stream that ends cleanly without a finish reason as a stream_truncated error part', async () => {
      const model = providerAnswering(
        `${chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: 'Half' }, finish_reason: null }] })}data: [DONE]\n\n`,
      )('gpt-test');
      const { parts, failure } = await streamFailure(model, prompt('Hi'));
      expect(parts.map((part) => part.type)).toEqual([
        'stream-start',
        'response-metadata',
        'text-start',
        'text-delta',
        'text-end',
        'error',
      ]);
      expect(failure).toMatchObject({ kind: 'transient', code: 'stream_truncated' });
    });

    it.each([
      [
        'insufficient_quota',
        {
          message: 'You exceeded your current quota.',
          type: 'insufficient_quota',
          code: 'insufficient_quota',
        },
        { kind: 'cutoff', cutoffReason: 'quota_exhausted' },
      ],
      [
        'context_length_exceeded',
        {
          message: "This model's maximum context length is 10 tokens.",
          type: 'invalid_request_error',
          code: 'context_length_exceeded',
        },
        { kind: 'context_length' },
      ],
      [
        'rate_limit_exceeded',
        { message: 'Rate limit reached.', type: 'requests', code: 'rate_limit_exceeded' },
        { kind: 'rate_limited' },
      ],
    ])('classifies an in-stream %s error inside a 200 stream', async (_name, error, expected) => {
      const model = providerAnswering(
        `${chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] })}data: ${JSON.stringify({ error: { ...error, param: null } })}\n\n`,
      )('gpt-test');
      const { failure } = await streamFailure(model, prompt('Hi'));
      expect(failure).toMatchObject({ ...expected, code: error.code });
      expect(failure.status).toBeUndefined();
    });
    it.each([
      [
        '401 account_deactivated',
        401,
        {
          message: 'The OpenAI account associated with this API key has been deactivated.',
          type: 'invalid_request_error',
          code: 'account_deactivated',
        },
        { kind: 'cutoff', cutoffReason: 'key_revoked', scope: 'target' },
      ],
      [
        '400 content_filter (Azure OpenAI prompt filter)',
        400,
        {
          message:
            "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
          type: null,
          code: 'content_filter',
        },
        { kind: 'content_filtered' },
      ],
    ])('classifies %s, which the simulator does not send', async (_name, status, error, expected) => {
      const model = providerAnswering(
        JSON.stringify({ error: { ...error, param: 'prompt' } }),
        status,
      )('gpt-test');
      expect(await failureOf(model.doGenerate(prompt('Hi')))).toMatchObject({
        ...expected,
        status,
        code: error.code,
      });
      expect(await failureOf(model.doStream(prompt('Hi')))).toMatchObject({
        ...expected,
        status,
        code: error.code,
      });
    });
  });

  describe('SDK retries', () => {
    let retrying: SimulatorHandle;
    beforeAll(async () => {
      // Without x-should-retry: false, as the real API answers: only maxRetries stops the SDK.
      retrying = await startSimulator({ kind: 'openai', models: ['gpt-test'], noRetryHeader: false });
    });
    afterAll(async () => {
      await retrying.stop();
    });
    beforeEach(() => {
      retrying.clearRequests();
      retrying.setFaults([{ fault: { type: 'server_error', status: 503 } }]);
    });

    it('requests a 503 exactly once by default (maxRetries 0)', async () => {
      const model = createOpenAI({ apiKey, baseURL: retrying.baseURL })('gpt-test');
      expect(await failureOf(model.doGenerate(prompt('Hi')))).toMatchObject({
        kind: 'transient',
        status: 503,
      });
      expect(retrying.requests).toHaveLength(1);
      expect(await failureOf(model.doStream(prompt('Hi')))).toMatchObject({ kind: 'transient', status: 503 });
      expect(retrying.requests).toHaveLength(2);
    });

    it('requests a connection reset exactly once by default (the SDK retries those whatever the headers say)', async () => {
      retrying.setFaults([{ fault: { type: 'connection_reset' } }]);
      const model = createOpenAI({ apiKey, baseURL: retrying.baseURL })('gpt-test');
      expect(await failureOf(model.doGenerate(prompt('Hi')))).toMatchObject({ kind: 'transient' });
      expect(retrying.requests).toHaveLength(1);
    });

    it('lets the SDK retry when maxRetries is raised (the control)', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const model = createOpenAI({ apiKey, baseURL: retrying.baseURL, maxRetries: 1 })('gpt-test');
      const pending = failureOf(model.doGenerate(prompt('Hi')));
      await until(() => retrying.requests.length === 1 && retrying.requests[0]?.status === 503);
      // The SDK backs off up to 1 s (with jitter) before its retry.
      await vi.advanceTimersByTimeAsync(1_000);
      expect(await pending).toMatchObject({ kind: 'transient', status: 503 });
      expect(retrying.requests).toHaveLength(2);
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
      expect(lastRequest().apiKeySuffix).toBe('-own');
    });

    it('sends organization, project and default headers, and names the provider', async () => {
      const provider = createOpenAI({
        apiKey,
        baseURL: simulator.baseURL,
        organization: 'org-1',
        project: 'proj-1',
        headers: { 'x-team': 'search' },
        name: 'openai-eu',
      });
      expect(provider('gpt-test').provider).toBe('openai-eu');
      await provider('gpt-test').doGenerate(prompt('Hi'));
      expect(lastRequest().headers).toMatchObject({
        'openai-organization': 'org-1',
        'openai-project': 'proj-1',
        'x-team': 'search',
      });
    });

    it('reads OPENAI_API_KEY and OPENAI_BASE_URL when no settings are given', async () => {
      vi.stubEnv('OPENAI_API_KEY', 'sk-from-env-9876');
      vi.stubEnv('OPENAI_BASE_URL', simulator.baseURL);
      try {
        await createOpenAI()('gpt-test').doGenerate(prompt('Hi'));
      } finally {
        vi.unstubAllEnvs();
      }
      expect(lastRequest().apiKeySuffix).toBe('9876');
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
      expect(error?.message).not.toContain(apiKey);
      expect(error?.message).not.toContain('secret');
    });
  });
});
