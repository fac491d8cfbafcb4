import OpenAI, {
  APIConnectionError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { countTokens } from '../count-tokens.js';
import { exampleFromJsonSchema } from '../example-from-json-schema.js';
import type { FaultRule } from '../fault.js';
import { simulatedAnswer } from '../simulated-answer.js';
import type { SimulatorHandle } from '../simulator-handle.js';
import { startSimulator } from '../start-simulator.js';
import { openaiProtocol } from './openai-protocol.js';

/**
 * How long a wait on real I/O (a socket, a file) may take: the test's own time, not the 1 s
 * default of `vi.waitFor` and `expect.poll`, which a busy machine can miss.
 */
const ioWait = { timeout: 15_000 };

const model = 'gpt-4o';
const prompt = 'Where is the nearest station?';
const answer = simulatedAnswer({ model, prompt });

let simulator: SimulatorHandle;
let client: OpenAI;

beforeEach(async () => {
  simulator = await startSimulator({
    kind: 'openai',
    models: [model, { id: 'gpt-small', contextWindow: 20 }],
  });
  client = new OpenAI({
    apiKey: 'sk-test-key-1234',
    baseURL: simulator.baseURL,
    maxRetries: 0,
    logLevel: 'off',
  });
});

afterEach(async () => {
  vi.useRealTimers();
  await simulator.stop();
});

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
      required: ['city', 'unit'],
    },
  },
};

async function createError(options: Partial<OpenAI.ChatCompletionCreateParamsNonStreaming> = {}) {
  return client.chat.completions
    .create({ model, messages: [{ role: 'user', content: prompt }], ...options })
    .then(
      () => {
        throw new Error('expected the request to fail');
      },
      (error: unknown) => error,
    );
}

async function collectStream(options: Partial<OpenAI.ChatCompletionCreateParamsStreaming> = {}) {
  const stream = await client.chat.completions.create({
    model,
    messages: [{ role: 'user', content: prompt }],
    stream: true,
    stream_options: { include_usage: true },
    ...options,
  });
  const chunks: OpenAI.ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

/** Waits for a condition without touching (possibly fake) timers. */
async function until(condition: () => boolean): Promise<void> {
  for (let round = 0; round < 10_000 && !condition(); round++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(condition()).toBe(true);
}

function textOf(chunks: OpenAI.ChatCompletionChunk[]): string {
  return chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
}

describe('openai simulator', () => {
  describe('chat.completions.create (non-streaming)', () => {
    it('answers the deterministic text with usage, id and request id', async () => {
      const { data, request_id } = await client.chat.completions
        .create({
          model,
          messages: [
            { role: 'system', content: 'Be brief.' },
            { role: 'user', content: prompt },
          ],
        })
        .withResponse();
      expect(data.object).toBe('chat.completion');
      expect(data.model).toBe(model);
      expect(data.choices[0]?.message).toMatchObject({ role: 'assistant', content: answer });
      expect(data.choices[0]?.finish_reason).toBe('stop');
      expect(data.usage).toMatchObject({
        prompt_tokens: 3 + 4 + countTokens('Be brief.') + 4 + countTokens(prompt),
        completion_tokens: countTokens(answer),
      });
      expect(data.usage?.total_tokens).toBe(
        (data.usage?.prompt_tokens ?? 0) + (data.usage?.completion_tokens ?? 0),
      );
      expect(request_id).toMatch(/^req_sim/);
    });

    it('records the request with the key redacted and the answer summarised', async () => {
      await client.chat.completions.create(
        { model, messages: [{ role: 'user', content: prompt }] },
        { headers: { 'x-switchyard-caller-country': 'de' } },
      );
      const [recorded] = simulator.requests;
      expect(recorded).toMatchObject({
        seq: 1,
        method: 'POST',
        path: '/v1/chat/completions',
        model,
        caller: 'DE',
        apiKeySuffix: '1234',
        stream: false,
        status: 200,
        fault: undefined,
        body: { model, messages: [{ role: 'user', content: prompt }] },
        response: { kind: 'json', text: answer, finishReason: 'stop' },
      });
      expect(recorded?.headers.authorization).toBe('[redacted]');
      expect(recorded?.endedAt).toBeGreaterThanOrEqual(recorded?.startedAt ?? 0);
      simulator.clearRequests();
      expect(simulator.requests).toHaveLength(0);
    });

    it('calls the tool the prompt names, with arguments valid against its schema', async () => {
      const completion = await client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'Use get_weather for Paris' }],
        tools: [weatherTool],
      });
      const choice = completion.choices[0];
      expect(choice?.finish_reason).toBe('tool_calls');
      expect(choice?.message.content).toBeNull();
      const call = choice?.message.tool_calls?.[0];
      expect(call?.type).toBe('function');
      expect(call?.id).toMatch(/^call_/);
      if (call?.type !== 'function') throw new Error('expected a function call');
      expect(call.function.name).toBe('get_weather');
      expect(JSON.parse(call.function.arguments)).toEqual({ city: 'example', unit: 'celsius' });
    });

    it('answers a tool result with text instead of calling again', async () => {
      const completion = await client.chat.completions.create({
        model,
        tools: [weatherTool],
        messages: [
          { role: 'user', content: 'Use get_weather' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } },
            ],
          },
          { role: 'tool', tool_call_id: 'call_1', content: 'Sunny, 21 C' },
        ],
      });
      expect(completion.choices[0]?.message.content).toBe(simulatedAnswer({ model, prompt: 'Sunny, 21 C' }));
    });

    it('returns JSON valid against a json_schema response format', async () => {
      const schema = {
        type: 'object',
        properties: { name: { type: 'string' }, count: { type: 'integer', minimum: 2 } },
        required: ['name', 'count'],
        additionalProperties: false,
      };
      const completion = await client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: prompt }],
        response_format: { type: 'json_schema', json_schema: { name: 'thing', schema, strict: true } },
      });
      const content = completion.choices[0]?.message.content ?? '';
      expect(JSON.parse(content)).toEqual(exampleFromJsonSchema(schema));
      expect(JSON.parse(content)).toEqual({ name: 'example', count: 2 });
    });

    it('reports the cached and reasoning tokens a model is configured with', async () => {
      await simulator.stop();
      simulator = await startSimulator({
        kind: 'openai',
        models: [{ id: model, usage: { cachedInputTokens: 5, reasoningTokens: 7 } }],
      });
      client = new OpenAI({ apiKey: 'sk-test', baseURL: simulator.baseURL, maxRetries: 0 });
      const completion = await client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: prompt }],
      });
      expect(completion.usage).toMatchObject({
        prompt_tokens: 3 + 4 + countTokens(prompt),
        completion_tokens: countTokens(answer) + 7,
        prompt_tokens_details: { cached_tokens: 5 },
        completion_tokens_details: { reasoning_tokens: 7 },
      });
    });

    it('stops at max_completion_tokens with finish_reason length', async () => {
      const completion = await client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: prompt }],
        max_completion_tokens: 3,
      });
      expect(completion.choices[0]?.finish_reason).toBe('length');
      expect(completion.usage?.completion_tokens).toBe(3);
      expect(completion.choices[0]?.message.content).toBe('This is gpt');
    });
  });

  describe('chat.completions.create (streaming)', () => {
    it('streams chunks, a usage chunk with no choices, and [DONE]', async () => {
      const chunks = await collectStream();
      expect(textOf(chunks)).toBe(answer);
      expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
      expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
      const last = chunks.at(-1);
      expect(last?.choices).toEqual([]);
      expect(last?.usage?.completion_tokens).toBe(countTokens(answer));
      expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
      expect(simulator.requests[0]?.response).toMatchObject({ kind: 'stream', text: answer });
    });

    it('sends data-only SSE terminated by data: [DONE] on the wire', async () => {
      const response = await fetch(`${simulator.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-x' },
        body: JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: 'Hi' }] }),
      });
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      expect(response.headers.get('x-request-id')).toMatch(/^req_sim/);
      const text = await response.text();
      expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
      expect(text).not.toContain('event:');
      expect(text).not.toContain('"usage"');
    });

    it('writes every chunk as JSON.stringify writes the whole chunk object', async () => {
      const response = await fetch(`${simulator.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-x' },
        body: JSON.stringify({
          model,
          stream: true,
          stream_options: { include_usage: true },
          messages: [{ role: 'user', content: 'get_weather please' }],
          tools: [weatherTool],
        }),
      });
      const events = (await response.text()).split('\n\n').filter((event) => event.startsWith('data: {'));
      expect(events.length).toBeGreaterThan(3);
      for (const event of events) {
        const body = event.slice('data: '.length);
        const chunk = JSON.parse(body) as Record<string, unknown>;
        expect(JSON.stringify(chunk)).toBe(body);
        expect(Object.keys(chunk)).toEqual([
          'id',
          'object',
          'created',
          'model',
          'service_tier',
          'system_fingerprint',
          'choices',
          'usage',
        ]);
      }
    });

    it('streams tool-call arguments in fragments', async () => {
      const chunks = await collectStream({
        messages: [{ role: 'user', content: 'get_weather please' }],
        tools: [weatherTool],
      });
      const deltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
      expect(deltas[0]).toMatchObject({
        index: 0,
        type: 'function',
        function: { name: 'get_weather', arguments: '' },
      });
      expect(deltas.length).toBeGreaterThan(3);
      const args = deltas.map((delta) => delta.function?.arguments ?? '').join('');
      expect(JSON.parse(args)).toEqual({ city: 'example', unit: 'celsius' });
      expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('tool_calls');
    });
  });

  describe('openaiProtocol.stream', () => {
    const text = 'He said "hi"\n\tthen \\ left\u2028 é 😀 </script>';
    const completion = {
      text,
      toolCalls: [
        {
          name: 'get_weather',
          input: { city: 'a "b"', unit: 'celsius' },
          inputJson: '{"city":"a \\"b\\"","unit":"celsius"}',
        },
      ],
      finish: 'tool_calls' as const,
      stopSequence: undefined,
      inputTokens: 12,
      outputTokens: 30,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      reasoning: '',
    };
    const ids = {
      responseId: 'abc',
      requestId: 'req_simabc',
      toolCallIds: ['t0'],
      createdSeconds: 1_700_000_000,
      createdMs: 1_700_000_000_000,
      latencyMs: 5,
    };

    for (const includeUsage of [false, true]) {
      it(`escapes text and tool arguments as JSON.stringify of the whole chunk does (include_usage ${includeUsage})`, () => {
        const events = [
          ...openaiProtocol.stream(completion, { model: 'gpt-4o', stream: true, includeUsage }, ids, 2),
        ];
        const chunks = events
          .filter((event) => event.wire.startsWith('data: {'))
          .map((event) => {
            expect(event.wire.endsWith('\n\n')).toBe(true);
            const body = event.wire.slice('data: '.length, -2);
            expect(JSON.stringify(JSON.parse(body))).toBe(body);
            return JSON.parse(body) as OpenAI.ChatCompletionChunk;
          });
        const deltas = chunks.map((chunk) => chunk.choices[0]?.delta);
        expect(deltas.map((delta) => delta?.content ?? '').join('')).toBe(text);
        const args = deltas
          .flatMap((delta) => delta?.tool_calls ?? [])
          .map((call) => call.function?.arguments ?? '');
        expect(args.join('')).toBe(completion.toolCalls[0]?.inputJson);
        expect(chunks.every((chunk) => 'usage' in chunk === includeUsage)).toBe(true);
      });
    }
  });

  describe('models.list', () => {
    it('lists the configured models', async () => {
      const ids: string[] = [];
      for await (const entry of client.models.list()) ids.push(entry.id);
      expect(ids).toEqual([model, 'gpt-small']);
      await expect(client.models.retrieve('nope')).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe('errors', () => {
    it('answers an unknown model with 404 model_not_found', async () => {
      const error = await createError({ model: 'gpt-9' });
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ status: 404, code: 'model_not_found', type: 'invalid_request_error' });
      expect((error as APIError).message).toBe(
        '404 The model `gpt-9` does not exist or you do not have access to it.',
      );
    });

    it('answers a prompt longer than the context window with context_length_exceeded', async () => {
      const error = await createError({
        model: 'gpt-small',
        messages: [{ role: 'user', content: 'word '.repeat(30) }],
      });
      expect(error).toBeInstanceOf(BadRequestError);
      expect(error).toMatchObject({ status: 400, code: 'context_length_exceeded', param: 'messages' });
    });

    it('rejects keys outside apiKeys with 401 invalid_api_key', async () => {
      await simulator.stop();
      simulator = await startSimulator({ kind: 'openai', models: [model], apiKeys: ['sk-good-0000'] });
      client = new OpenAI({ apiKey: 'sk-bad-key-9999', baseURL: simulator.baseURL, maxRetries: 0 });
      const error = await createError();
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).toMatchObject({ status: 401, code: 'invalid_api_key' });
      expect((error as APIError).message).toContain('sk-***9999');
      const good = new OpenAI({ apiKey: 'sk-good-0000', baseURL: simulator.baseURL, maxRetries: 0 });
      await expect(
        good.chat.completions.create({ model, messages: [{ role: 'user', content: 'x' }] }),
      ).resolves.toBeDefined();
    });
  });

  describe('faults before the answer', () => {
    const cases: Array<{
      rule: FaultRule;
      errorClass: unknown;
      status: number;
      code: string | null;
      type: string;
      message: string;
    }> = [
      {
        rule: { fault: { type: 'region_block' } },
        errorClass: PermissionDeniedError,
        status: 403,
        code: 'unsupported_country_region_territory',
        type: 'request_forbidden',
        message: '403 Country, region, or territory not supported',
      },
      {
        // No provider is known to send 451: Switchyard's own body in OpenAI's envelope; the SDK has no subclass for it.
        rule: { fault: { type: 'legal_block' } },
        errorClass: APIError,
        status: 451,
        code: 'unavailable_for_legal_reasons',
        type: 'request_forbidden',
        message:
          '451 Unavailable For Legal Reasons: this model may not be served to callers in your jurisdiction.',
      },
      {
        rule: { fault: { type: 'model_withdrawn' } },
        errorClass: NotFoundError,
        status: 404,
        code: 'model_not_found',
        type: 'invalid_request_error',
        message:
          '404 The model `gpt-4o` has been deprecated, learn more here: https://platform.openai.com/docs/deprecations',
      },
      {
        rule: { fault: { type: 'key_revoked' } },
        errorClass: AuthenticationError,
        status: 401,
        code: 'invalid_api_key',
        type: 'invalid_request_error',
        message:
          '401 Incorrect API key provided: sk-***1234. You can find your API key at https://platform.openai.com/account/api-keys.',
      },
      {
        rule: { fault: { type: 'quota_exhausted' } },
        errorClass: RateLimitError,
        status: 429,
        code: 'insufficient_quota',
        type: 'insufficient_quota',
        message:
          '429 You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
      },
      {
        rule: { fault: { type: 'rate_limited', retryAfterSeconds: 7 } },
        errorClass: RateLimitError,
        status: 429,
        code: 'rate_limit_exceeded',
        type: 'requests',
        message:
          '429 Rate limit reached for gpt-4o in organization org-switchyardsim on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in 7s. Visit https://platform.openai.com/account/rate-limits to learn more.',
      },
      {
        rule: { fault: { type: 'server_error' } },
        errorClass: InternalServerError,
        status: 500,
        code: null,
        type: 'server_error',
        message: '500 The server had an error while processing your request. Sorry about that!',
      },
      {
        rule: { fault: { type: 'server_error', status: 503 } },
        errorClass: InternalServerError,
        status: 503,
        code: null,
        type: 'server_error',
        message: '503 The engine is currently overloaded, please try again later.',
      },
      {
        rule: { fault: { type: 'context_length' } },
        errorClass: BadRequestError,
        status: 400,
        code: 'context_length_exceeded',
        type: 'invalid_request_error',
        message:
          "400 This model's maximum context length is 128000 tokens. However, your messages resulted in 128001 tokens. Please reduce the length of the messages.",
      },
      {
        rule: { fault: { type: 'mid_stream_error' } },
        errorClass: InternalServerError,
        status: 500,
        code: null,
        type: 'server_error',
        message: '500 The server had an error while processing your request. Sorry about that!',
      },
    ];
    for (const { rule, errorClass, status, code, type, message } of cases) {
      it(`answers ${rule.fault.type}${'status' in rule.fault ? ` ${rule.fault.status}` : ''} with ${status} ${code ?? type}`, async () => {
        simulator.addFault(rule);
        const error = (await createError()) as APIError;
        expect(error).toBeInstanceOf(errorClass as typeof APIError);
        expect(error).toMatchObject({ status, code, type, message });
        expect(error.requestID).toMatch(/^req_sim/);
        expect(error.headers?.get('content-type')).toBe('application/json');
        expect(error.headers?.get('x-should-retry')).toBe('false');
        expect(simulator.requests[0]).toMatchObject({ status, fault: { type: rule.fault.type } });
      });
    }

    it('sends retry-after only on rate limits that set it, never on quota exhaustion', async () => {
      simulator.setFaults([{ fault: { type: 'rate_limited', retryAfterSeconds: 3 }, times: 1 }]);
      expect(((await createError()) as APIError).headers?.get('retry-after')).toBe('3');
      simulator.setFaults([{ fault: { type: 'rate_limited' }, times: 1 }]);
      expect(((await createError()) as APIError).headers?.get('retry-after')).toBeNull();
      simulator.setFaults([{ fault: { type: 'quota_exhausted' }, times: 1 }]);
      expect(((await createError()) as APIError).headers?.get('retry-after')).toBeNull();
    });

    it('keeps the SDK from retrying (x-should-retry: false) even with its default maxRetries', async () => {
      simulator.addFault({ fault: { type: 'server_error', status: 503 } });
      const retrying = new OpenAI({ apiKey: 'sk-test', baseURL: simulator.baseURL });
      await expect(
        retrying.chat.completions.create({ model, messages: [{ role: 'user', content: prompt }] }),
      ).rejects.toBeInstanceOf(InternalServerError);
      expect(simulator.requests).toHaveLength(1);
    });

    it('lets the SDK retry when noRetryHeader is false', async () => {
      await simulator.stop();
      simulator = await startSimulator({
        kind: 'openai',
        models: [model],
        noRetryHeader: false,
        faults: [{ fault: { type: 'rate_limited', retryAfterSeconds: 0 }, times: 1 }],
      });
      const retrying = new OpenAI({ apiKey: 'sk-test', baseURL: simulator.baseURL, maxRetries: 1 });
      const completion = await retrying.chat.completions.create({
        model,
        messages: [{ role: 'user', content: prompt }],
      });
      expect(completion.choices[0]?.message.content).toBe(answer);
      expect(simulator.requests.map((request) => request.status)).toEqual([429, 200]);
    });

    it('resets the connection before headers (APIConnectionError)', async () => {
      simulator.addFault({ fault: { type: 'connection_reset' } });
      const error = await createError();
      expect(error).toBeInstanceOf(APIConnectionError);
      expect((error as APIError).status).toBeUndefined();
      expect(simulator.requests[0]?.response.kind).toBe('reset');
    });

    it('never answers no_response until the caller aborts', async () => {
      simulator.addFault({ fault: { type: 'no_response' } });
      const controller = new AbortController();
      const pending = client.chat.completions.create(
        { model, messages: [{ role: 'user', content: prompt }] },
        { signal: controller.signal },
      );
      await vi.waitFor(() => expect(simulator.requests[0]?.response.kind).toBe('hung'), ioWait);
      controller.abort();
      await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    });

    it('closes hung connections on stop()', async () => {
      simulator.addFault({ fault: { type: 'no_response' } });
      const pending = createError();
      await vi.waitFor(() => expect(simulator.requests).toHaveLength(1), ioWait);
      await simulator.stop();
      expect(await pending).toBeInstanceOf(APIConnectionError);
    });

    it('scopes faults by model glob, caller country and times', async () => {
      simulator.addFault({
        fault: { type: 'region_block' },
        model: 'gpt-4*',
        callers: ['cn', 'RU'],
        times: 2,
      });
      const call = (country: string | undefined, target = model) =>
        client.chat.completions
          .create(
            { model: target, messages: [{ role: 'user', content: 'x' }] },
            country ? { headers: { 'x-switchyard-caller-country': country } } : {},
          )
          .then(
            () => 200,
            (error: APIError) => error.status,
          );
      expect(await call(undefined)).toBe(200);
      expect(await call('DE')).toBe(200);
      expect(await call('CN', 'gpt-small')).toBe(200);
      expect(await call('CN')).toBe(403);
      expect(simulator.faults[0]?.times).toBe(1);
      expect(await call('ru')).toBe(403);
      expect(simulator.faults).toEqual([]);
      expect(await call('CN')).toBe(200);
    });

    it('scopes faults by API key', async () => {
      simulator.addFault({ fault: { type: 'key_revoked' }, apiKey: 'sk-revoked' });
      const revoked = new OpenAI({ apiKey: 'sk-revoked', baseURL: simulator.baseURL, maxRetries: 0 });
      await expect(
        revoked.chat.completions.create({ model, messages: [{ role: 'user', content: 'x' }] }),
      ).rejects.toBeInstanceOf(AuthenticationError);
      await expect(
        client.chat.completions.create({ model, messages: [{ role: 'user', content: 'x' }] }),
      ).resolves.toBeDefined();
    });

    it('removes, replaces and clears faults live', () => {
      const id = simulator.addFault({ id: 'ban', fault: { type: 'region_block' } });
      expect(id).toBe('ban');
      expect(() => simulator.addFault({ id: 'ban', fault: { type: 'region_block' } })).toThrow(
        /already in use/,
      );
      expect(() => simulator.addFault({ fault: { type: 'stream_cut' } as never })).toThrow(/afterChunks/);
      expect(() => simulator.addFault({ fault: { type: 'nope' } as never })).toThrow(
        /fault.type must be one of/,
      );
      simulator.addFault({ fault: { type: 'server_error' } });
      simulator.removeFault('ban');
      expect(simulator.faults.map((rule) => rule.fault.type)).toEqual(['server_error']);
      simulator.setFaults([
        { fault: { type: 'quota_exhausted' } },
        { fault: { type: 'latency', extraMs: 5 } },
      ]);
      expect(simulator.faults.map((rule) => rule.fault.type)).toEqual(['quota_exhausted', 'latency']);
      simulator.clearFaults();
      expect(simulator.faults).toEqual([]);
    });
  });

  describe('faults in the stream', () => {
    it('cuts the stream after N chunks without [DONE] (the SDK throws)', async () => {
      simulator.addFault({ fault: { type: 'stream_cut', afterChunks: 2 } });
      const received: string[] = [];
      const stream = await client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: prompt }],
        stream: true,
      });
      const error = await (async () => {
        for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
      })().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toBe('terminated');
      expect(received.join('')).toBe('This is');
      expect(simulator.requests[0]?.response).toMatchObject({ kind: 'cut', text: 'This is' });
    });

    it('stalls after N chunks until the caller aborts', async () => {
      simulator.addFault({ fault: { type: 'stream_stall', afterChunks: 1 } });
      const stream = await client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: prompt }],
        stream: true,
      });
      const received: string[] = [];
      await vi.waitFor(() => expect(simulator.requests[0]?.response.kind).toBe('stalled'), ioWait);
      const iterating = (async () => {
        for await (const chunk of stream) {
          received.push(chunk.choices[0]?.delta.content ?? '');
          if (received.length === 2) stream.controller.abort();
        }
      })();
      await iterating;
      expect(received.join('')).toBe('This');
    });

    it('sends a malformed chunk (the SDK throws a SyntaxError)', async () => {
      simulator.addFault({ fault: { type: 'malformed_chunk' } });
      await expect(collectStream()).rejects.toThrow(
        'Error reading response: malformed server-sent event JSON.',
      );
    });

    it('omits [DONE] on missing_terminator (the SDK ends normally)', async () => {
      simulator.addFault({ fault: { type: 'missing_terminator' } });
      const chunks = await collectStream();
      expect(textOf(chunks)).toBe(answer);
      expect(simulator.requests[0]?.response.kind).toBe('stream');
    });

    it('sends an error chunk mid-stream (APIError without status)', async () => {
      simulator.addFault({ fault: { type: 'mid_stream_error' } });
      const received: string[] = [];
      const error = await (async () => {
        const stream = await client.chat.completions.create({
          model,
          messages: [{ role: 'user', content: prompt }],
          stream: true,
        });
        for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
      })().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(APIError);
      expect(error).toMatchObject({ status: undefined, type: 'server_error', code: null });
      expect(received.join('')).toBe('This');
    });

    it('filters the answer with finish_reason content_filter', async () => {
      simulator.addFault({ fault: { type: 'content_filter' } });
      const completion = await client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: prompt }],
      });
      expect(completion.choices[0]).toMatchObject({
        finish_reason: 'content_filter',
        message: { content: null },
      });
      const chunks = await collectStream();
      expect(textOf(chunks)).toBe('');
      expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('content_filter');
    });
  });

  describe('latency', () => {
    it('delays the first token by firstTokenMs plus slow_first_token, scaled by timeScale', async () => {
      await simulator.stop();
      simulator = await startSimulator({
        kind: 'openai',
        models: [model],
        latency: { firstTokenMs: 1000 },
        timeScale: 2,
        faults: [{ fault: { type: 'slow_first_token', delayMs: 3000 } }],
      });
      client = new OpenAI({ apiKey: 'sk-test', baseURL: simulator.baseURL, maxRetries: 0 });
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const stream = await client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: prompt }],
        stream: true,
      });
      const iterator = stream[Symbol.asyncIterator]();
      expect((await iterator.next()).value?.choices[0]?.delta.role).toBe('assistant');
      let second: OpenAI.ChatCompletionChunk | undefined;
      const next = iterator.next().then((result) => {
        second = result.value;
      });
      await vi.advanceTimersByTimeAsync(1999);
      expect(second).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      await next;
      expect(second?.choices[0]?.delta.content).toBe('This');
      vi.useRealTimers();
      await iterator.return?.();
    });

    it('paces tokens at tokensPerSecond, per model via setLatency', async () => {
      simulator.setLatency(model, { tokensPerSecond: 10 });
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      let done = false;
      const pending = client.chat.completions
        .create({ model, messages: [{ role: 'user', content: 'Hi' }] })
        .then((completion) => {
          done = true;
          return completion;
        });
      const tokens = countTokens(simulatedAnswer({ model, prompt: 'Hi' }));
      await until(() => simulator.requests.length === 1);
      await vi.advanceTimersByTimeAsync(tokens * 100 - 1);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      vi.useRealTimers();
      expect((await pending).choices[0]?.message.content).toBe(simulatedAnswer({ model, prompt: 'Hi' }));
    });
  });
});
