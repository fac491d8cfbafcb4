import Anthropic, {
  APIConnectionError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from '@anthropic-ai/sdk';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { countTokens } from '../count-tokens.js';
import type { FaultRule } from '../fault.js';
import { simulatedAnswer } from '../simulated-answer.js';
import type { SimulatorHandle } from '../simulator-handle.js';
import { startSimulator } from '../start-simulator.js';

/**
 * How long a wait on real I/O (a socket, a file) may take: the test's own time, not the 1 s
 * default of `vi.waitFor` and `expect.poll`, which a busy machine can miss.
 */
const ioWait = { timeout: 15_000 };

const model = 'claude-sonnet-5';
const prompt = 'Where is the nearest station?';
const answer = simulatedAnswer({ model, prompt });

let simulator: SimulatorHandle;
let client: Anthropic;

beforeEach(async () => {
  simulator = await startSimulator({
    kind: 'anthropic',
    models: [model, { id: 'claude-tiny', contextWindow: 20 }],
  });
  client = new Anthropic({
    apiKey: 'sk-ant-test-1234',
    baseURL: simulator.baseURL,
    maxRetries: 0,
    logLevel: 'off',
  });
});

afterEach(async () => {
  await simulator.stop();
});

const weatherTool: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: {
    type: 'object',
    properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1 } },
    required: ['city', 'days'],
  },
};

const base = { model, max_tokens: 1024, messages: [{ role: 'user' as const, content: prompt }] };

async function createError(options: Partial<Anthropic.MessageCreateParamsNonStreaming> = {}) {
  return client.messages.create({ ...base, ...options }).then(
    () => {
      throw new Error('expected the request to fail');
    },
    (error: unknown) => error,
  );
}

async function collectEvents(options: Partial<Anthropic.MessageCreateParamsStreaming> = {}) {
  const events: Anthropic.RawMessageStreamEvent[] = [];
  const error = await (async () => {
    const stream = await client.messages.create({ ...base, ...options, stream: true });
    for await (const event of stream) events.push(event);
  })().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return { events, error };
}

function textOf(events: Anthropic.RawMessageStreamEvent[]): string {
  return events
    .map((event) =>
      event.type === 'content_block_delta' && event.delta.type === 'text_delta' ? event.delta.text : '',
    )
    .join('');
}

describe('anthropic simulator', () => {
  describe('messages.create (non-streaming)', () => {
    it('answers the deterministic text with usage and request-id', async () => {
      const { data, request_id } = await client.messages
        .create({ ...base, system: 'Be brief.' })
        .withResponse();
      expect(data).toMatchObject({
        type: 'message',
        role: 'assistant',
        model,
        content: [{ type: 'text', text: answer }],
        stop_reason: 'end_turn',
        stop_sequence: null,
      });
      expect(data.id).toMatch(/^msg_/);
      expect(data.usage).toMatchObject({
        input_tokens: 3 + countTokens('Be brief.') + 4 + countTokens(prompt),
        output_tokens: countTokens(answer),
      });
      expect(request_id).toMatch(/^req_sim/);
    });

    it('reports cache reads and writes outside input_tokens, and thinking tokens', async () => {
      await simulator.stop();
      simulator = await startSimulator({
        kind: 'anthropic',
        models: [
          { id: model, usage: { cachedInputTokens: 4, cacheWriteInputTokens: 2, reasoningTokens: 3 } },
        ],
      });
      client = new Anthropic({ apiKey: 'k', baseURL: simulator.baseURL, maxRetries: 0 });
      const total = 3 + 4 + countTokens(prompt);
      const expected = {
        input_tokens: total - 6,
        cache_read_input_tokens: 4,
        cache_creation_input_tokens: 2,
        output_tokens: countTokens(answer) + 3,
        output_tokens_details: { thinking_tokens: 3 },
      };
      expect((await client.messages.create(base)).usage).toMatchObject(expected);
      const { events } = await collectEvents();
      expect(events.at(-2)).toMatchObject({ type: 'message_delta', usage: expected });
    });

    it('records the request with the key redacted', async () => {
      await client.messages.create(base, { headers: { 'x-switchyard-caller-country': 'fr' } });
      expect(simulator.requests[0]).toMatchObject({
        path: '/v1/messages',
        model,
        caller: 'FR',
        apiKeySuffix: '1234',
        status: 200,
        body: base,
        response: { kind: 'json', text: answer, finishReason: 'end_turn' },
      });
      // @anthropic-ai/sdk 1.x sends the key as `Authorization: Bearer` (0.x sent `x-api-key`).
      expect(simulator.requests[0]?.headers.authorization).toBe('[redacted]');
      expect(simulator.requests[0]?.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });

    it('uses a tool the prompt names, with input valid against its schema', async () => {
      const message = await client.messages.create({
        ...base,
        messages: [{ role: 'user', content: 'Call get_weather for Paris' }],
        tools: [weatherTool],
      });
      expect(message.stop_reason).toBe('tool_use');
      expect(message.content).toEqual([
        {
          type: 'tool_use',
          id: expect.stringMatching(/^toolu_/),
          name: 'get_weather',
          input: { city: 'example', days: 1 },
        },
      ]);
    });

    it('answers a tool_result with text', async () => {
      const message = await client.messages.create({
        ...base,
        tools: [weatherTool],
        messages: [
          { role: 'user', content: 'Call get_weather' },
          {
            role: 'assistant',
            content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} }],
          },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'Rain' }] },
        ],
      });
      expect(message.content).toEqual([{ type: 'text', text: simulatedAnswer({ model, prompt: 'Rain' }) }]);
    });

    it('forces a tool with tool_choice any', async () => {
      const message = await client.messages.create({
        ...base,
        tools: [weatherTool],
        tool_choice: { type: 'any' },
      });
      expect(message.content[0]).toMatchObject({ type: 'tool_use', name: 'get_weather' });
    });

    it('returns JSON valid against output_config.format', async () => {
      const message = await client.messages.create({
        ...base,
        output_config: {
          format: {
            type: 'json_schema',
            schema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
          },
        },
      });
      const block = message.content[0];
      expect(block?.type === 'text' && JSON.parse(block.text)).toEqual({ ok: false });
    });

    it('stops at a stop sequence and at max_tokens', async () => {
      const stopped = await client.messages.create({ ...base, stop_sequences: ['answering'] });
      expect(stopped).toMatchObject({
        stop_reason: 'stop_sequence',
        stop_sequence: 'answering',
        content: [{ type: 'text', text: `This is ${model} ` }],
      });
      const cut = await client.messages.create({ ...base, max_tokens: 2 });
      expect(cut).toMatchObject({ stop_reason: 'max_tokens', usage: { output_tokens: 2 } });
    });
  });

  describe('messages.create (streaming)', () => {
    it('streams message_start, content blocks, message_delta with usage and message_stop', async () => {
      const { events, error } = await collectEvents();
      expect(error).toBeUndefined();
      expect(textOf(events)).toBe(answer);
      expect(events[0]).toMatchObject({
        type: 'message_start',
        message: { content: [], usage: { output_tokens: 1 } },
      });
      expect(events[1]).toEqual({
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'text', text: '' },
      });
      expect(events.map((event) => event.type).slice(-3)).toEqual([
        'content_block_stop',
        'message_delta',
        'message_stop',
      ]);
      expect(events.at(-2)).toMatchObject({
        delta: { stop_reason: 'end_turn' },
        usage: { output_tokens: countTokens(answer) },
      });
    });

    it('sends named SSE events including ping on the wire', async () => {
      const response = await fetch(`${simulator.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'k' },
        body: JSON.stringify({ ...base, stream: true }),
      });
      const text = await response.text();
      expect(response.headers.get('request-id')).toMatch(/^req_sim/);
      expect(text.startsWith('event: message_start\ndata: {')).toBe(true);
      expect(text).toContain('event: ping\ndata: {"type":"ping"}\n\n');
      expect(text.endsWith('event: message_stop\ndata: {"type":"message_stop"}\n\n')).toBe(true);
      expect(simulator.requests[0]?.apiKeySuffix).toBe('k');
      expect(simulator.requests[0]?.headers['x-api-key']).toBe('[redacted]');
    });

    it('accumulates a final message with MessageStream', async () => {
      const message = await client.messages.stream(base).finalMessage();
      expect(message.content).toEqual([{ type: 'text', text: answer }]);
      expect(message.usage.output_tokens).toBe(countTokens(answer));
    });

    it('streams tool input as input_json_delta fragments', async () => {
      const { events } = await collectEvents({
        messages: [{ role: 'user', content: 'get_weather now' }],
        tools: [weatherTool],
      });
      const start = events.find((event) => event.type === 'content_block_start');
      expect(start).toMatchObject({
        index: 0,
        content_block: { type: 'tool_use', name: 'get_weather', input: {} },
      });
      const fragments = events.flatMap((event) =>
        event.type === 'content_block_delta' && event.delta.type === 'input_json_delta'
          ? [event.delta.partial_json]
          : [],
      );
      expect(fragments[0]).toBe('');
      expect(fragments.length).toBeGreaterThan(3);
      expect(JSON.parse(fragments.join(''))).toEqual({ city: 'example', days: 1 });
      const final = await client.messages
        .stream({ ...base, messages: [{ role: 'user', content: 'get_weather now' }], tools: [weatherTool] })
        .finalMessage();
      expect(final.content[0]).toMatchObject({ type: 'tool_use', input: { city: 'example', days: 1 } });
      expect(final.stop_reason).toBe('tool_use');
    });
  });

  describe('errors', () => {
    it('answers an unknown model with 404 not_found_error', async () => {
      const error = (await createError({ model: 'claude-9' })) as APIError;
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ status: 404, type: 'not_found_error' });
      expect(error.error).toEqual({
        type: 'error',
        error: { type: 'not_found_error', message: 'model: claude-9' },
        request_id: error.requestID,
      });
    });

    it('answers a missing max_tokens with 400 invalid_request_error', async () => {
      const response = await fetch(`${simulator.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model, messages: [] }),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        type: 'error',
        error: { type: 'invalid_request_error', message: 'max_tokens: Field required' },
      });
    });

    it('answers a prompt longer than the context window with prompt is too long', async () => {
      const error = await createError({
        model: 'claude-tiny',
        messages: [{ role: 'user', content: 'word '.repeat(30) }],
      });
      expect(error).toBeInstanceOf(BadRequestError);
      expect((error as APIError).message).toMatch(/prompt is too long: \d+ tokens > 20 maximum/);
    });

    it('rejects keys outside apiKeys with 401 authentication_error', async () => {
      await simulator.stop();
      simulator = await startSimulator({ kind: 'anthropic', models: [model], apiKeys: ['good'] });
      client = new Anthropic({ apiKey: 'bad', baseURL: simulator.baseURL, maxRetries: 0 });
      const error = await createError();
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).toMatchObject({ status: 401, type: 'authentication_error' });
    });
  });

  describe('faults before the answer', () => {
    const cases: Array<{
      rule: FaultRule;
      errorClass: unknown;
      status: number;
      type: string;
      message: string;
    }> = [
      {
        // No provider is known to send 451: Switchyard's own body in Anthropic's envelope; the SDK has no subclass for it.
        rule: { fault: { type: 'legal_block' } },
        errorClass: APIError,
        status: 451,
        type: 'permission_error',
        message:
          'Unavailable For Legal Reasons: this model may not be served to callers in your jurisdiction.',
      },
      {
        rule: { fault: { type: 'model_withdrawn' } },
        errorClass: NotFoundError,
        status: 404,
        type: 'not_found_error',
        message: `model: ${model}`,
      },
      {
        rule: { fault: { type: 'key_revoked' } },
        errorClass: AuthenticationError,
        status: 401,
        type: 'authentication_error',
        message: 'invalid x-api-key',
      },
      {
        rule: { fault: { type: 'quota_exhausted' } },
        errorClass: Anthropic.PaymentRequiredError,
        status: 402,
        type: 'billing_error',
        message:
          'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.',
      },
      {
        rule: { fault: { type: 'rate_limited', retryAfterSeconds: 2 } },
        errorClass: RateLimitError,
        status: 429,
        type: 'rate_limit_error',
        message: "This request would exceed your account's rate limit. Please try again later.",
      },
      {
        rule: { fault: { type: 'server_error' } },
        errorClass: InternalServerError,
        status: 500,
        type: 'api_error',
        message: 'Internal server error',
      },
      {
        rule: { fault: { type: 'server_error', status: 529 } },
        errorClass: Anthropic.OverloadedError,
        status: 529,
        type: 'overloaded_error',
        message: 'Overloaded',
      },
      {
        rule: { fault: { type: 'server_error', status: 503 } },
        errorClass: Anthropic.ServiceUnavailableError,
        status: 503,
        type: 'api_error',
        message: 'Internal server error',
      },
      {
        rule: { fault: { type: 'context_length' } },
        errorClass: BadRequestError,
        status: 400,
        type: 'invalid_request_error',
        message: 'prompt is too long: 128001 tokens > 128000 maximum',
      },
      {
        rule: { fault: { type: 'mid_stream_error' } },
        errorClass: Anthropic.OverloadedError,
        status: 529,
        type: 'overloaded_error',
        message: 'Overloaded',
      },
    ];
    for (const { rule, errorClass, status, type, message } of cases) {
      it(`answers ${rule.fault.type}${'status' in rule.fault ? ` ${rule.fault.status}` : ''} with ${status} ${type}`, async () => {
        simulator.addFault(rule);
        const error = (await createError()) as APIError;
        expect(error).toBeInstanceOf(errorClass as typeof APIError);
        expect(error).toMatchObject({ status, type, apiMessage: message });
        expect(error.requestID).toMatch(/^req_sim/);
        expect(error.error).toEqual({ type: 'error', error: { type, message }, request_id: error.requestID });
        expect(error.headers?.get('x-should-retry')).toBe('false');
        expect(simulator.requests[0]).toMatchObject({ status, fault: { type: rule.fault.type } });
      });
    }

    it('answers region_block with the edge 403 forbidden body and no request-id', async () => {
      simulator.addFault({ fault: { type: 'region_block' } });
      const error = (await createError()) as APIError;
      expect(error).toBeInstanceOf(PermissionDeniedError);
      expect(error).toMatchObject({ status: 403, type: 'forbidden', requestID: null });
      expect(error.error).toEqual({ error: { type: 'forbidden', message: 'Request not allowed' } });
      expect(error.message).toBe('403 {"error":{"type":"forbidden","message":"Request not allowed"}}');
      expect(error.headers?.get('server')).toBe('cloudflare');
    });

    it('sends retry-after on rate limits that set it, never on quota exhaustion', async () => {
      simulator.setFaults([{ fault: { type: 'rate_limited', retryAfterSeconds: 4 }, times: 1 }]);
      expect(((await createError()) as APIError).headers?.get('retry-after')).toBe('4');
      simulator.setFaults([{ fault: { type: 'rate_limited' }, times: 1 }]);
      expect(((await createError()) as APIError).headers?.get('retry-after')).toBeNull();
      simulator.setFaults([{ fault: { type: 'quota_exhausted' }, times: 1 }]);
      expect(((await createError()) as APIError).headers?.get('retry-after')).toBeNull();
    });

    it('keeps the SDK from retrying a 529 with its default maxRetries', async () => {
      simulator.addFault({ fault: { type: 'server_error', status: 529 } });
      const retrying = new Anthropic({ apiKey: 'k', baseURL: simulator.baseURL });
      await expect(retrying.messages.create(base)).rejects.toBeInstanceOf(Anthropic.OverloadedError);
      expect(simulator.requests).toHaveLength(1);
    });

    it('resets the connection before headers (APIConnectionError)', async () => {
      simulator.addFault({ fault: { type: 'connection_reset' } });
      expect(await createError()).toBeInstanceOf(APIConnectionError);
    });

    it('never answers no_response until the caller aborts', async () => {
      simulator.addFault({ fault: { type: 'no_response' } });
      const controller = new AbortController();
      const pending = client.messages.create(base, { signal: controller.signal });
      await vi.waitFor(() => expect(simulator.requests[0]?.response.kind).toBe('hung'), ioWait);
      controller.abort();
      await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    });
  });

  describe('faults in the stream', () => {
    it('cuts the stream after N deltas (the SDK throws terminated)', async () => {
      simulator.addFault({ fault: { type: 'stream_cut', afterChunks: 2 } });
      const { events, error } = await collectEvents();
      expect(textOf(events)).toBe('This is');
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toBe('terminated');
      expect(events.some((event) => event.type === 'message_stop')).toBe(false);
    });

    it('stalls after N deltas until the caller aborts (iteration ends quietly)', async () => {
      simulator.addFault({ fault: { type: 'stream_stall', afterChunks: 2 } });
      const stream = await client.messages.create({ ...base, stream: true });
      await vi.waitFor(() => expect(simulator.requests[0]?.response.kind).toBe('stalled'), ioWait);
      const events: Anthropic.RawMessageStreamEvent[] = [];
      for await (const event of stream) {
        events.push(event);
        if (textOf(events) === 'This is') stream.controller.abort();
      }
      expect(textOf(events)).toBe('This is');
    });

    it('sends a malformed event (the SDK throws a SyntaxError)', async () => {
      simulator.addFault({ fault: { type: 'malformed_chunk' } });
      const { error } = await collectEvents();
      expect(error).toBeInstanceOf(SyntaxError);
    });

    it('omits message_stop on missing_terminator (raw stream ends without error)', async () => {
      simulator.addFault({ fault: { type: 'missing_terminator' }, times: 1 });
      const { events, error } = await collectEvents();
      expect(error).toBeUndefined();
      expect(textOf(events)).toBe(answer);
      expect(events.at(-1)?.type).toBe('message_delta');
    });

    it('sends event: error mid-stream (APIError without status, type overloaded_error)', async () => {
      simulator.addFault({ fault: { type: 'mid_stream_error' } });
      const { events, error } = await collectEvents();
      expect(textOf(events)).toBe('This');
      expect(error).toBeInstanceOf(APIError);
      expect(error).toMatchObject({ status: undefined, type: 'overloaded_error' });
      expect((error as APIError).message).toBe(
        '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
      );
    });

    it('refuses on content_filter with stop_reason refusal', async () => {
      simulator.addFault({ fault: { type: 'content_filter' } });
      const message = await client.messages.create(base);
      expect(message).toMatchObject({ stop_reason: 'refusal', content: [] });
      const { events } = await collectEvents();
      expect(events.map((event) => event.type)).toEqual(['message_start', 'message_delta', 'message_stop']);
      expect(events[1]).toMatchObject({ delta: { stop_reason: 'refusal' } });
    });
  });
});
