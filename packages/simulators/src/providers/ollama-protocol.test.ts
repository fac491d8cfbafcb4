import { type ChatResponse, Ollama } from 'ollama';
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

const model = 'llama3.2';
const prompt = 'Where is the nearest station?';
const answer = simulatedAnswer({ model, prompt });
const messages = [{ role: 'user', content: prompt }];

let simulator: SimulatorHandle;
let client: Ollama;

beforeEach(async () => {
  simulator = await startSimulator({ kind: 'ollama', models: [model, { id: 'tiny:1b', contextWindow: 20 }] });
  client = new Ollama({ host: simulator.baseURL });
});

afterEach(async () => {
  vi.restoreAllMocks();
  await simulator.stop();
});

const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

/** The `ollama` client's ResponseError is not exported: detect it by name and fields. */
interface ResponseErrorShape {
  name: string;
  error: string;
  status_code: number;
  message: string;
}

async function chatError(request: Partial<Parameters<Ollama['chat']>[0]> = {}): Promise<ResponseErrorShape> {
  return client.chat({ model, messages, ...request, stream: false }).then(
    () => {
      throw new Error('expected the request to fail');
    },
    (error: ResponseErrorShape) => error,
  );
}

async function collectStream(request: Partial<Parameters<Ollama['chat']>[0]> = {}) {
  const parts: ChatResponse[] = [];
  const error = await (async () => {
    const stream = await client.chat({ model, messages, ...request, stream: true });
    for await (const part of stream) parts.push(part);
  })().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return { parts, error, text: parts.map((part) => part.message.content).join('') };
}

describe('ollama simulator', () => {
  describe('chat (non-streaming)', () => {
    it('answers the deterministic text with counts and nanosecond durations', async () => {
      const response = await client.chat({ model, messages });
      expect(response).toMatchObject({
        model,
        message: { role: 'assistant', content: answer },
        done: true,
        done_reason: 'stop',
        prompt_eval_count: 4 + countTokens(prompt),
        eval_count: countTokens(answer),
      });
      expect(response.eval_duration).toBeGreaterThanOrEqual(countTokens(answer) * 1_000_000);
      expect(response.total_duration).toBe(
        response.load_duration + response.prompt_eval_duration + response.eval_duration,
      );
      expect(Number.isNaN(Date.parse(String(response.created_at)))).toBe(false);
      expect(simulator.requests[0]).toMatchObject({ path: '/api/chat', stream: false, status: 200 });
    });

    it('calls the tool the prompt names with object arguments', async () => {
      const response = await client.chat({
        model,
        messages: [{ role: 'user', content: 'use get_weather' }],
        tools: [weatherTool],
      });
      expect(response.message.tool_calls).toEqual([
        {
          id: expect.any(String),
          function: { index: 0, name: 'get_weather', arguments: { city: 'example' } },
        },
      ]);
      expect(response.message.content).toBe('');
    });

    it('answers a tool message with text', async () => {
      const response = await client.chat({
        model,
        tools: [weatherTool],
        messages: [
          { role: 'user', content: 'use get_weather' },
          {
            role: 'assistant',
            content: '',
            tool_calls: [{ function: { name: 'get_weather', arguments: {} } }],
          },
          { role: 'tool', content: 'Fog', tool_name: 'get_weather' },
        ],
      });
      expect(response.message.content).toBe(simulatedAnswer({ model, prompt: 'Fog' }));
    });

    it('returns JSON valid against a format schema, and JSON for format json', async () => {
      const schema = { type: 'object', properties: { n: { type: 'number', minimum: 5 } }, required: ['n'] };
      const structured = await client.chat({ model, messages, format: schema });
      expect(JSON.parse(structured.message.content)).toEqual({ n: 5 });
      const json = await client.chat({ model, messages, format: 'json' });
      expect(JSON.parse(json.message.content)).toEqual({ answer });
    });

    it('stops at num_predict with done_reason length', async () => {
      const response = await client.chat({ model, messages, options: { num_predict: 2 } });
      expect(response).toMatchObject({
        done_reason: 'length',
        eval_count: 2,
        message: { content: 'This is' },
      });
    });
  });

  describe('chat (streaming)', () => {
    it('streams NDJSON parts and a final done part with counts', async () => {
      const { parts, text, error } = await collectStream();
      expect(error).toBeUndefined();
      expect(text).toBe(answer);
      expect(parts.at(-1)).toMatchObject({
        done: true,
        done_reason: 'stop',
        eval_count: countTokens(answer),
      });
      expect(parts.slice(0, -1).every((part) => part.done === false)).toBe(true);
    });

    it('streams by default when the body has no stream field (server default)', async () => {
      const response = await fetch(`${simulator.url}/api/chat`, {
        method: 'POST',
        body: JSON.stringify({ model, messages }),
      });
      expect(response.headers.get('content-type')).toBe('application/x-ndjson');
      const lines = (await response.text()).trim().split('\n');
      expect(lines.length).toBe(countTokens(answer) + 1);
      expect(JSON.parse(lines.at(-1) ?? '')).toMatchObject({ done: true });
      expect(simulator.requests[0]?.stream).toBe(true);
    });

    it('streams a tool call whole, with object arguments', async () => {
      const { parts } = await collectStream({
        messages: [{ role: 'user', content: 'get_weather?' }],
        tools: [weatherTool],
      });
      expect(parts[0]?.message.tool_calls?.[0]?.function).toEqual({
        index: 0,
        name: 'get_weather',
        arguments: { city: 'example' },
      });
      expect(parts.at(-1)?.done).toBe(true);
    });
  });

  describe('generate', () => {
    it('answers a prompt in response, streamed or not', async () => {
      const response = await client.generate({ model, prompt, system: 'Be brief.' });
      expect(response).toMatchObject({
        model,
        response: answer,
        done: true,
        done_reason: 'stop',
        prompt_eval_count: 4 + countTokens('Be brief.') + 4 + countTokens(prompt),
      });
      const parts: string[] = [];
      for await (const part of await client.generate({ model, prompt, stream: true }))
        parts.push(part.response ?? '');
      expect(parts.join('')).toBe(answer);
      expect(simulator.requests.map((request) => request.path)).toEqual(['/api/generate', '/api/generate']);
    });

    it('applies faults to generate too', async () => {
      simulator.addFault({ fault: { type: 'model_withdrawn' } });
      await expect(client.generate({ model, prompt })).rejects.toMatchObject({ status_code: 404 });
    });
  });

  describe('list, show and version', () => {
    it('lists models as name:latest in /api/tags', async () => {
      const { models } = await client.list();
      expect(models.map((entry) => entry.name)).toEqual(['llama3.2:latest', 'tiny:1b']);
      expect(models[0]?.details.format).toBe('gguf');
    });

    it('shows a model with its context length and 404s an unknown one', async () => {
      const shown = await client.show({ model: 'tiny:1b' });
      expect(shown.model_info).toMatchObject({ 'llama.context_length': 20 });
      await expect(client.show({ model: 'nope' })).rejects.toMatchObject({
        name: 'ResponseError',
        status_code: 404,
        error: "model 'nope' not found",
      });
    });

    it('reports a version and answers GET / like the server', async () => {
      expect((await client.version()).version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(await (await fetch(simulator.url)).text()).toBe('Ollama is running');
    });
  });

  describe('errors and faults', () => {
    it('answers an unknown model with 404 model not found', async () => {
      const error = await chatError({ model: 'llama9' });
      expect(error).toMatchObject({
        name: 'ResponseError',
        status_code: 404,
        error: "model 'llama9' not found",
      });
    });

    it('matches a model with or without :latest', async () => {
      await expect(client.chat({ model: 'llama3.2:latest', messages })).resolves.toMatchObject({
        done: true,
      });
    });

    it('answers a prompt longer than the context window with 400', async () => {
      const error = await chatError({
        model: 'tiny:1b',
        messages: [{ role: 'user', content: 'word '.repeat(30) }],
      });
      expect(error).toMatchObject({ status_code: 400, error: 'the input length exceeds the context length' });
    });

    const cases: Array<{ rule: FaultRule; status: number; error: string }> = [
      {
        rule: { fault: { type: 'region_block' } },
        status: 403,
        error: 'this model is not available in your region',
      },
      {
        rule: { fault: { type: 'legal_block' } },
        status: 451,
        error: 'unavailable for legal reasons: this model may not be served in your jurisdiction',
      },
      { rule: { fault: { type: 'model_withdrawn' } }, status: 404, error: `model '${model}' not found` },
      { rule: { fault: { type: 'key_revoked' } }, status: 401, error: 'unauthorized' },
      {
        rule: { fault: { type: 'quota_exhausted' } },
        status: 429,
        error: 'you have reached your usage limit, please upgrade to continue',
      },
      {
        rule: { fault: { type: 'rate_limited', retryAfterSeconds: 1 } },
        status: 429,
        error: 'too many requests, please try again later',
      },
      {
        rule: { fault: { type: 'server_error' } },
        status: 500,
        error: 'an error was encountered while running the model',
      },
      {
        rule: { fault: { type: 'server_error', status: 503 } },
        status: 503,
        error: 'server busy, please try again.  maximum pending requests exceeded',
      },
      {
        rule: { fault: { type: 'context_length' } },
        status: 400,
        error: 'the input length exceeds the context length',
      },
      {
        rule: { fault: { type: 'mid_stream_error' } },
        status: 500,
        error: 'an error was encountered while running the model',
      },
    ];
    for (const { rule, status, error: message } of cases) {
      it(`answers ${rule.fault.type}${'status' in rule.fault ? ` ${rule.fault.status}` : ''} with ${status}`, async () => {
        simulator.addFault(rule);
        const error = await chatError();
        expect(error).toMatchObject({ name: 'ResponseError', status_code: status, error: message, message });
        expect(simulator.requests[0]).toMatchObject({ status, fault: { type: rule.fault.type } });
      });
    }

    it('sends retry-after only on rate limits that set it', async () => {
      simulator.addFault({ fault: { type: 'rate_limited', retryAfterSeconds: 9 }, times: 1 });
      const limited = await fetch(`${simulator.url}/api/chat`, {
        method: 'POST',
        body: JSON.stringify({ model, messages }),
      });
      expect(limited.headers.get('retry-after')).toBe('9');
      simulator.addFault({ fault: { type: 'quota_exhausted' }, times: 1 });
      const quota = await fetch(`${simulator.url}/api/chat`, {
        method: 'POST',
        body: JSON.stringify({ model, messages }),
      });
      expect(quota.status).toBe(429);
      expect(quota.headers.get('retry-after')).toBeNull();
    });

    it('resets the connection before headers (fetch failed)', async () => {
      simulator.addFault({ fault: { type: 'connection_reset' } });
      await expect(client.chat({ model, messages })).rejects.toThrow('fetch failed');
    });

    it('never answers no_response; only a fetch signal or stop() ends the wait', async () => {
      simulator.addFault({ fault: { type: 'no_response' } });
      // ollama-js cannot abort a request whose headers have not arrived (abort() only reaches
      // registered streams), so the caller has to bring its own fetch with a signal.
      const controller = new AbortController();
      const abortable = new Ollama({
        host: simulator.baseURL,
        fetch: (input, init) => fetch(input, { ...init, signal: controller.signal }),
      });
      const aborted = abortable.chat({ model, messages });
      await vi.waitFor(() => expect(simulator.requests[0]?.response.kind).toBe('hung'), ioWait);
      controller.abort();
      await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
      const stopped = client.chat({ model, messages });
      await vi.waitFor(() => expect(simulator.requests[1]?.response.kind).toBe('hung'), ioWait);
      await simulator.stop();
      await expect(stopped).rejects.toThrow('fetch failed');
    });
  });

  describe('faults in the stream', () => {
    it('cuts the stream after N parts (the client throws)', async () => {
      simulator.addFault({ fault: { type: 'stream_cut', afterChunks: 2 } });
      const { text, error } = await collectStream();
      expect(text).toBe('This is');
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toBe('terminated');
      expect(simulator.requests[0]?.response.kind).toBe('cut');
    });

    it('stalls after N parts until the client aborts', async () => {
      simulator.addFault({ fault: { type: 'stream_stall', afterChunks: 1 } });
      const stream = await client.chat({ model, messages, stream: true });
      await vi.waitFor(() => expect(simulator.requests[0]?.response.kind).toBe('stalled'), ioWait);
      const parts: ChatResponse[] = [];
      const error = await (async () => {
        for await (const part of stream) {
          parts.push(part);
          stream.abort();
        }
      })().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(parts.map((part) => part.message.content)).toEqual(['This']);
      expect(error).toMatchObject({ name: 'AbortError' });
    });

    it('sends a malformed line (the client warns and skips it)', async () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      simulator.addFault({ fault: { type: 'malformed_chunk' } });
      const { text, error } = await collectStream();
      expect(error).toBeUndefined();
      expect(text).toBe(answer.replace(' is', ''));
      expect(warn).toHaveBeenCalledWith('invalid json: ', expect.any(String));
    });

    it('ends without the done part on missing_terminator (the client throws)', async () => {
      simulator.addFault({ fault: { type: 'missing_terminator' } });
      const { text, error } = await collectStream();
      expect(text).toBe(answer);
      expect((error as Error).message).toBe('Did not receive done or success response in stream.');
    });

    it('sends an error line mid-stream (plain Error with the message)', async () => {
      simulator.addFault({ fault: { type: 'mid_stream_error' } });
      const { text, error } = await collectStream();
      expect(text).toBe('This');
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toBe('an error was encountered while running the model');
      expect(error).not.toHaveProperty('status_code');
    });

    it('refuses in text on content_filter (Ollama has no content filter)', async () => {
      simulator.addFault({ fault: { type: 'content_filter' } });
      const response = await client.chat({ model, messages });
      expect(response.message.content).toBe("I'm sorry, but I can't help with that.");
    });
  });
});
