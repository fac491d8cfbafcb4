import type { LanguageModelV4CallOptions, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import Anthropic, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  BadRequestError,
  RateLimitError,
} from '@anthropic-ai/sdk';
import { type ClassifiedFailure, ProviderError } from '@switchyard/core';
import { type Fault, type SimulatorHandle, startSimulator } from '@switchyard/simulators';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { classifyAnthropicError } from './classify-anthropic-error.js';
import { createAnthropic } from './create-anthropic.js';

/**
 * How long a wait on real I/O (a socket, a file) may take: the test's own time, not the 1 s
 * default of `vi.waitFor` and `expect.poll`, which a busy machine can miss.
 */
const ioWait = { timeout: 15_000 };

const model = 'claude-test';
const key = 'sk-ant-api03-secretsecretsecret-1234';
let simulator: SimulatorHandle;
let anthropic: ReturnType<typeof createAnthropic>;

beforeAll(async () => {
  simulator = await startSimulator({
    kind: 'anthropic',
    models: [model, { id: 'claude-tiny', contextWindow: 10 }],
    apiKeys: [key],
  });
  anthropic = createAnthropic({ apiKey: key, baseURL: simulator.baseURL });
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

const ask = (extra: Partial<LanguageModelV4CallOptions> = {}): LanguageModelV4CallOptions => ({
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'Where is the nearest station today?' }] }],
  ...extra,
});

function failureOfError(error: unknown): ClassifiedFailure {
  if (!ProviderError.isInstance(error)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  expect(error.provider).toBe('anthropic');
  expect(error.message).not.toContain(key);
  expect(error.failure.message).not.toContain(key);
  return error.failure;
}

/** The failure doGenerate rejects with. */
async function generateFailure(
  options: LanguageModelV4CallOptions = ask(),
  modelId = model,
  provider = anthropic,
): Promise<ClassifiedFailure> {
  const error = await provider(modelId)
    .doGenerate(options)
    .then(
      () => undefined,
      (caught: unknown) => caught,
    );
  return failureOfError(error);
}

/** Where and how a stream failed: thrown by doStream (before headers) or streamed as the last part. */
async function streamFailure(
  options: LanguageModelV4CallOptions = ask(),
  modelId = model,
): Promise<{ where: 'thrown' | 'part'; failure: ClassifiedFailure; parts: LanguageModelV4StreamPart[] }> {
  let stream: ReadableStream<LanguageModelV4StreamPart>;
  try {
    ({ stream } = await anthropic(modelId).doStream(options));
  } catch (error) {
    return { where: 'thrown', failure: failureOfError(error), parts: [] };
  }
  const parts: LanguageModelV4StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  expect(parts.some((part) => part.type === 'finish')).toBe(false);
  const last = parts.at(-1);
  if (last?.type !== 'error') throw new Error(`expected an error part, got ${last?.type}`);
  return { where: 'part', failure: failureOfError(last.error), parts };
}

describe('classifyAnthropicError', () => {
  describe('every simulator fault, through the adapter and the official SDK', () => {
    const cutoffs: Array<[string, Fault, Partial<ClassifiedFailure>]> = [
      [
        'region block (403 forbidden, no request-id)',
        { type: 'region_block' },
        {
          kind: 'cutoff',
          cutoffReason: 'region_blocked',
          scope: 'jurisdiction',
          status: 403,
          code: 'forbidden',
          message: 'Request not allowed',
        },
      ],
      [
        // Anthropic answers a withdrawn and an unknown model alike (404 `model: X`): the adapter says
        // model_not_found, and the router calls it model_withdrawn when the target served before.
        'withdrawn model (404 not_found_error)',
        { type: 'model_withdrawn' },
        {
          kind: 'cutoff',
          cutoffReason: 'model_not_found',
          scope: 'target',
          status: 404,
          code: 'not_found_error',
          message: `model: ${model}`,
        },
      ],
      [
        'revoked key (401 authentication_error)',
        { type: 'key_revoked' },
        {
          kind: 'cutoff',
          cutoffReason: 'key_revoked',
          scope: 'target',
          status: 401,
          code: 'authentication_error',
          message: 'invalid x-api-key',
        },
      ],
      [
        'exhausted credit (402 billing_error)',
        { type: 'quota_exhausted' },
        { kind: 'cutoff', cutoffReason: 'billing', scope: 'target', status: 402, code: 'billing_error' },
      ],
      [
        'rate limit without retry-after (429 rate_limit_error)',
        { type: 'rate_limited' },
        { kind: 'rate_limited', status: 429, code: 'rate_limit_error' },
      ],
      [
        'rate limit with retry-after: 7',
        { type: 'rate_limited', retryAfterSeconds: 7 },
        { kind: 'rate_limited', status: 429, code: 'rate_limit_error', retryAfterMs: 7000 },
      ],
      ['500 api_error', { type: 'server_error' }, { kind: 'transient', status: 500, code: 'api_error' }],
      ['502', { type: 'server_error', status: 502 }, { kind: 'transient', status: 502, code: 'api_error' }],
      ['503', { type: 'server_error', status: 503 }, { kind: 'transient', status: 503, code: 'api_error' }],
      [
        '529 overloaded_error',
        { type: 'server_error', status: 529 },
        { kind: 'transient', status: 529, code: 'overloaded_error', message: 'Overloaded' },
      ],
      [
        'prompt too long (400 invalid_request_error)',
        { type: 'context_length' },
        { kind: 'context_length', status: 400, code: 'invalid_request_error' },
      ],
      [
        'connection reset before headers',
        { type: 'connection_reset' },
        { kind: 'transient', code: 'connection_error' },
      ],
    ];

    describe.each(cutoffs)('%s', (_name, fault, expected) => {
      it('rejects doGenerate with it', async () => {
        simulator.addFault({ fault });
        const failure = await generateFailure();
        expect(failure).toMatchObject(expected);
        if (!('retryAfterMs' in expected)) expect(failure.retryAfterMs).toBeUndefined();
        expect(simulator.requests).toHaveLength(1);
      });
      it('rejects doStream with it, before any part', async () => {
        simulator.addFault({ fault });
        const { where, failure } = await streamFailure();
        expect(where).toBe('thrown');
        expect(failure).toMatchObject(expected);
      });
    });

    it('classifies the region block apart from its key and model: it applies per caller', async () => {
      simulator.addFault({ fault: { type: 'region_block' }, callers: ['SG'] });
      expect(await generateFailure(ask({ headers: { 'x-switchyard-caller-country': 'SG' } }))).toMatchObject({
        kind: 'cutoff',
        cutoffReason: 'region_blocked',
      });
      const ok = await anthropic(model).doGenerate(ask({ headers: { 'x-switchyard-caller-country': 'DE' } }));
      expect(ok.finishReason.unified).toBe('stop');
    });

    it('classifies an unknown model (404 without a fault) as model_not_found', async () => {
      expect(await generateFailure(ask(), 'claude-gone')).toMatchObject({
        kind: 'cutoff',
        cutoffReason: 'model_not_found',
        message: 'model: claude-gone',
      });
    });

    it('classifies a prompt longer than the context window as context_length', async () => {
      expect(await generateFailure(ask(), 'claude-tiny')).toMatchObject({
        kind: 'context_length',
        status: 400,
        message: expect.stringMatching(/^prompt is too long: \d+ tokens > 10 maximum$/),
      });
    });

    it('classifies a key the simulator does not accept as key_revoked, and a missing key as auth', async () => {
      const wrong = createAnthropic({ apiKey: 'sk-ant-other-9999', baseURL: simulator.baseURL });
      expect(await generateFailure(ask(), model, wrong)).toMatchObject({
        kind: 'cutoff',
        cutoffReason: 'key_revoked',
      });
      const keyless = createAnthropic({
        client: new Anthropic({ apiKey: null, baseURL: simulator.baseURL, maxRetries: 0 }),
      });
      expect(await generateFailure(ask(), model, keyless)).toMatchObject({
        kind: 'auth',
        code: 'missing_credentials',
      });
      expect(simulator.requests).toHaveLength(1);
    });

    describe('in-stream faults', () => {
      it('stream cut without message_stop: a transient error part after the text, never a finish', async () => {
        simulator.addFault({ fault: { type: 'stream_cut', afterChunks: 2 } });
        const { where, failure, parts } = await streamFailure();
        expect(where).toBe('part');
        expect(parts.filter((part) => part.type === 'text-delta')).toHaveLength(2);
        expect(failure).toMatchObject({ kind: 'transient', code: 'connection_closed' });
        expect(failure.message).toContain('terminated');
      });

      it('missing message_stop after a complete answer: a stream_truncated error, not a silent finish', async () => {
        simulator.addFault({ fault: { type: 'missing_terminator' } });
        const { failure, parts } = await streamFailure();
        expect(parts.some((part) => part.type === 'text-end')).toBe(true);
        expect(failure).toMatchObject({ kind: 'transient', code: 'stream_truncated' });
      });

      it('event: error (overloaded_error) inside a 200 stream: transient, no status, the provider type', async () => {
        simulator.addFault({ fault: { type: 'mid_stream_error' } });
        const { where, failure, parts } = await streamFailure();
        expect(where).toBe('part');
        expect(parts.filter((part) => part.type === 'text-delta')).toHaveLength(1);
        expect(failure).toEqual({ kind: 'transient', code: 'overloaded_error', message: 'Overloaded' });
      });

      it('malformed chunk: a transient malformed_stream error part naming the offending line', async () => {
        simulator.addFault({ fault: { type: 'malformed_chunk' } });
        const { where, failure } = await streamFailure();
        expect(where).toBe('part');
        expect(failure).toMatchObject({ kind: 'transient', code: 'malformed_stream' });
        // The simulator's malformed event is the first half of a real one: that half, as it came.
        expect(failure.message).toBe(
          'malformed stream data (event 5 (content_block_delta) is not JSON: at column 39: expected a value (an object, a list, text in double quotes, a number, true, false or null), found the end of the data): data: {"type":"content_block_delta","index":',
        );
      });

      it("malformed chunk, error status: nothing printed to the console, even with ANTHROPIC_LOG=debug (the SDK's logger is off)", async () => {
        vi.stubEnv('ANTHROPIC_LOG', 'debug');
        const consoleCalls = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
          vi.spyOn(console, method).mockImplementation(() => undefined),
        );
        try {
          const quiet = createAnthropic({ apiKey: key, baseURL: simulator.baseURL });
          simulator.addFault({ fault: { type: 'malformed_chunk' } });
          const { stream } = await quiet(model).doStream(ask());
          const parts: LanguageModelV4StreamPart[] = [];
          for await (const part of stream) parts.push(part);
          expect(parts.at(-1)).toMatchObject({
            type: 'error',
            error: { failure: { code: 'malformed_stream' } },
          });
          simulator.addFault({ fault: { type: 'server_error' } });
          expect(await generateFailure(ask(), model, quiet)).toMatchObject({ kind: 'transient' });
          for (const spy of consoleCalls) expect(spy).not.toHaveBeenCalled();
        } finally {
          for (const spy of consoleCalls) spy.mockRestore();
          vi.unstubAllEnvs();
        }
      });

      it('stall: the stream waits until the caller (the router timeout) aborts, then ends with an aborted error', async () => {
        simulator.addFault({ fault: { type: 'stream_stall', afterChunks: 1 } });
        const controller = new AbortController();
        const { stream } = await anthropic(model).doStream(ask({ abortSignal: controller.signal }));
        const reader = stream.getReader();
        const parts: LanguageModelV4StreamPart[] = [];
        // Abort only once the text sent before the stall reached us (the simulator marks the request
        // stalled when it writes that text, which can be before the client has read it).
        while (!parts.some((part) => part.type === 'text-delta')) {
          const { value, done } = await reader.read();
          if (done) break;
          parts.push(value);
        }
        await vi.waitUntil(() => simulator.requests[0]?.response.kind === 'stalled', ioWait);
        controller.abort();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parts.push(value);
        }
        expect(parts.filter((part) => part.type === 'text-delta')).toHaveLength(1);
        expect(parts.some((part) => part.type === 'finish')).toBe(false);
        const last = parts.at(-1);
        expect(last?.type).toBe('error');
        expect(last?.type === 'error' && failureOfError(last.error)).toMatchObject({
          kind: 'transient',
          code: 'aborted',
        });
      });

      it.each([
        [{ type: 'slow_first_token', delayMs: 30_000 } as const, 30_000],
        [{ type: 'latency', extraMs: 10_000 } as const, 10_000],
      ])('%o is not a failure: the answer arrives once the clock has moved %i ms', async (fault, delay) => {
        vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
        simulator.addFault({ fault });
        const { stream } = await anthropic(model).doStream(ask());
        const reader = stream.getReader();
        expect((await reader.read()).value?.type).toBe('stream-start');
        // message_start is sent at once; the simulator then waits for the first token.
        expect((await reader.read()).value?.type).toBe('response-metadata');
        let settled = false;
        const next = reader.read().finally(() => {
          settled = true;
        });
        await vi.advanceTimersByTimeAsync(delay - 1);
        expect(settled).toBe(false);
        await vi.advanceTimersByTimeAsync(1);
        expect((await next).value?.type).toBe('text-start');
        const rest: LanguageModelV4StreamPart[] = [];
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          rest.push(value);
        }
        expect(rest.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'stop' } });
      });

      it('a refusal with no content (the content filter) is a content_filtered error part, never a finish', async () => {
        simulator.addFault({ fault: { type: 'content_filter' } });
        const { stream } = await anthropic(model).doStream(ask());
        const parts: LanguageModelV4StreamPart[] = [];
        for await (const part of stream) parts.push(part);
        expect(parts.some((part) => part.type === 'finish')).toBe(false);
        const last = parts.at(-1);
        expect(last?.type).toBe('error');
        expect(
          last?.type === 'error' && ProviderError.isInstance(last.error) && last.error.failure,
        ).toMatchObject({ kind: 'content_filtered', code: 'refusal' });
      });
    });

    describe('non-streamed answers broken the same ways', () => {
      it('mid_stream_error answers a 529 overloaded_error', async () => {
        simulator.addFault({ fault: { type: 'mid_stream_error' } });
        expect(await generateFailure()).toMatchObject({
          kind: 'transient',
          status: 529,
          code: 'overloaded_error',
        });
      });

      it('a cut body is transient', async () => {
        simulator.addFault({ fault: { type: 'stream_cut', afterChunks: 1 } });
        expect(await generateFailure()).toMatchObject({ kind: 'transient' });
      });

      it('a malformed body is transient malformed_response', async () => {
        simulator.addFault({ fault: { type: 'malformed_chunk' } });
        expect(await generateFailure()).toMatchObject({ kind: 'transient', code: 'malformed_response' });
      });

      it('missing_terminator has no effect', async () => {
        simulator.addFault({ fault: { type: 'missing_terminator' } });
        expect((await anthropic(model).doGenerate(ask())).finishReason.unified).toBe('stop');
      });

      it('a stalled body ends as aborted when the caller aborts', async () => {
        simulator.addFault({ fault: { type: 'stream_stall', afterChunks: 1 } });
        const controller = new AbortController();
        const pending = generateFailure(ask({ abortSignal: controller.signal }));
        await vi.waitUntil(() => simulator.requests[0]?.response.kind === 'stalled', ioWait);
        controller.abort();
        expect(await pending).toMatchObject({ kind: 'transient', code: 'aborted' });
      });
    });

    describe('no response', () => {
      it('is a timeout when the SDK timeout fires (fake clock)', async () => {
        vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
        simulator.addFault({ fault: { type: 'no_response' } });
        const impatient = createAnthropic({ apiKey: key, baseURL: simulator.baseURL, timeout: 5_000 });
        const pending = generateFailure(ask(), model, impatient);
        await vi.waitUntil(() => simulator.requests.length === 1, { ...ioWait, interval: 1 });
        await vi.advanceTimersByTimeAsync(5_000);
        expect(await pending).toMatchObject({ kind: 'timeout', code: 'timeout' });
      });

      it('is aborted when the caller aborts first', async () => {
        simulator.addFault({ fault: { type: 'no_response' } });
        const controller = new AbortController();
        const pending = streamFailure(ask({ abortSignal: controller.signal }));
        await vi.waitUntil(() => simulator.requests.length === 1, ioWait);
        controller.abort();
        expect(await pending).toMatchObject({
          where: 'thrown',
          failure: { kind: 'transient', code: 'aborted' },
        });
      });
    });
  });

  describe('SDK retries', () => {
    it('requests a 529 exactly once by default, even when the server allows retries', async () => {
      const retrying = await startSimulator({ kind: 'anthropic', models: [model], noRetryHeader: false });
      try {
        retrying.addFault({ fault: { type: 'server_error', status: 529 } });
        const provider = createAnthropic({ apiKey: key, baseURL: retrying.baseURL });
        expect(await generateFailure(ask(), model, provider)).toMatchObject({
          kind: 'transient',
          status: 529,
        });
        expect(retrying.requests).toHaveLength(1);
        expect(retrying.requests[0]?.headers['x-should-retry']).toBeUndefined();
      } finally {
        await retrying.stop();
      }
    });

    it('retries when maxRetries is raised (the SDK owns retries then)', async () => {
      const retrying = await startSimulator({ kind: 'anthropic', models: [model], noRetryHeader: false });
      try {
        retrying.addFault({ fault: { type: 'rate_limited', retryAfterSeconds: 0 }, times: 1 });
        const provider = createAnthropic({ apiKey: key, baseURL: retrying.baseURL, maxRetries: 1 });
        const result = await provider(model).doGenerate(ask());
        expect(result.finishReason.unified).toBe('stop');
        expect(retrying.requests.map((request) => request.status)).toEqual([429, 200]);
      } finally {
        await retrying.stop();
      }
    });
  });

  describe('signals the simulator does not send', () => {
    const headers = (entries: Record<string, string> = {}) => new Headers(entries);
    const body = (type: string, message: string) => ({ type: 'error', error: { type, message } });

    it.each([
      [
        400,
        'invalid_request_error',
        'You have reached your specified workspace API usage limits.',
        'quota_exhausted',
      ],
      [400, 'invalid_request_error', 'Your organization spend limit has been reached.', 'quota_exhausted'],
      [
        429,
        'rate_limit_error',
        'You have reached your monthly usage limit for this tier.',
        'quota_exhausted',
      ],
    ])('a %i %s naming a spend or usage limit is a quota cutoff', (status, type, message, reason) => {
      const error = APIError.generate(status, body(type, message), undefined, headers());
      expect(classifyAnthropicError(error)).toMatchObject({
        kind: 'cutoff',
        cutoffReason: reason,
        scope: 'target',
      });
    });

    it('451 is a legal block for the jurisdiction', () => {
      const error = APIError.generate(
        451,
        body('api_error', 'Unavailable For Legal Reasons'),
        undefined,
        headers(),
      );
      expect(classifyAnthropicError(error)).toMatchObject({
        kind: 'cutoff',
        cutoffReason: 'legal_block',
        scope: 'jurisdiction',
      });
    });

    it('403 permission_error is auth (the key lacks access), not a cutoff', () => {
      const error = APIError.generate(
        403,
        body('permission_error', 'Your API key does not have permission'),
        undefined,
        headers(),
      );
      expect(classifyAnthropicError(error)).toMatchObject({
        kind: 'auth',
        status: 403,
        code: 'permission_error',
      });
    });

    it('a 401 CORS refusal is auth, not a revoked key', () => {
      const error = APIError.generate(
        401,
        body('authentication_error', 'CORS requests are not allowed for this Organization'),
        undefined,
        headers(),
      );
      expect(classifyAnthropicError(error)).toMatchObject({ kind: 'auth' });
    });

    it('reads retry-after-ms before retry-after', () => {
      const error = new RateLimitError(
        429,
        body('rate_limit_error', 'slow down'),
        undefined,
        headers({ 'retry-after-ms': '250', 'retry-after': '9' }),
      );
      expect(classifyAnthropicError(error)).toMatchObject({ kind: 'rate_limited', retryAfterMs: 250 });
    });

    it.each([408, 409, 504])('%i is transient', (status) => {
      const error = APIError.generate(status, body('timeout_error', 'x'), undefined, headers());
      expect(classifyAnthropicError(error).kind).toBe('transient');
    });

    it('other 4xx are invalid_request', () => {
      const error = new BadRequestError(
        400,
        body('invalid_request_error', 'messages: Field required'),
        undefined,
        headers(),
      );
      expect(classifyAnthropicError(error)).toMatchObject({ kind: 'invalid_request', status: 400 });
    });

    it('its output content filter (a 400, or an error inside the stream) is content_filtered, not invalid_request', () => {
      const blocked = body('invalid_request_error', 'Output blocked by content filtering policy');
      for (const error of [
        new BadRequestError(400, blocked, undefined, headers()),
        new APIError(undefined, blocked, undefined, headers()),
      ]) {
        expect(classifyAnthropicError(error)).toMatchObject({
          kind: 'content_filtered',
          message: 'Output blocked by content filtering policy',
        });
      }
    });

    it('an in-stream error naming the context window is context_length', () => {
      const error = new APIError(
        undefined,
        body('invalid_request_error', 'prompt is too long: 300000 tokens > 200000 maximum'),
        undefined,
        headers(),
      );
      expect(classifyAnthropicError(error).kind).toBe('context_length');
    });

    it('classifies SDK connection, timeout and abort errors, and passes a ProviderError through', () => {
      expect(
        classifyAnthropicError(new APIConnectionError({ cause: new Error('ECONNRESET') })),
      ).toMatchObject({
        kind: 'transient',
        code: 'connection_error',
        message: 'Connection error.: ECONNRESET',
      });
      expect(classifyAnthropicError(new APIConnectionTimeoutError()).kind).toBe('timeout');
      expect(classifyAnthropicError(new APIUserAbortError())).toMatchObject({ code: 'aborted' });
      expect(classifyAnthropicError(new DOMException('gone', 'AbortError'))).toMatchObject({
        code: 'aborted',
      });
      const failure: ClassifiedFailure = { kind: 'auth', message: 'kept' };
      expect(classifyAnthropicError(new ProviderError({ provider: 'anthropic', model, failure }))).toBe(
        failure,
      );
    });

    it('classifies the SDK guard against long non-streamed requests as invalid_request', () => {
      const error = new Error('Streaming is required for operations that may take longer than 10 minutes.');
      expect(classifyAnthropicError(error)).toMatchObject({
        kind: 'invalid_request',
        code: 'streaming_required',
      });
    });

    it('removes API keys from messages', () => {
      const error = APIError.generate(
        401,
        body('authentication_error', `invalid x-api-key ${key}`),
        undefined,
        headers(),
      );
      expect(classifyAnthropicError(error).message).not.toContain(key);
    });
  });
});
