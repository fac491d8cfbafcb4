import Anthropic from '@anthropic-ai/sdk';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSimulator, type InProcessSimulator } from './create-simulator.js';
import type { Fault } from './fault.js';
import type { SimulatorHandle, SimulatorKind } from './simulator-handle.js';
import { startSimulator } from './start-simulator.js';

const running: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(running.splice(0).map((simulator) => simulator.stop()));
});

type Transport = { baseURL: string; fetch?: typeof fetch; headers?: Record<string, string> };
type Outcome = Record<string, unknown>;

/** One call through the official SDK of `kind`, reduced to what a caller sees: the text, or the error's class, status and code. */
async function call(
  kind: SimulatorKind,
  transport: Transport,
  stream: boolean,
  signal?: AbortSignal,
): Promise<Outcome> {
  const messages = [{ role: 'user' as const, content: 'Where is the nearest station?' }];
  try {
    if (kind === 'openai') {
      const client = new OpenAI({
        apiKey: 'sk-test',
        baseURL: transport.baseURL,
        maxRetries: 0,
        logLevel: 'off',
        ...(transport.fetch ? { fetch: transport.fetch } : {}),
        ...(transport.headers ? { defaultHeaders: transport.headers } : {}),
      });
      if (!stream) {
        const answer = await client.chat.completions.create({ model: 'm', messages }, { signal });
        return { text: answer.choices[0]?.message.content, usage: answer.usage?.completion_tokens };
      }
      let text = '';
      const chunks = await client.chat.completions.create({ model: 'm', messages, stream: true }, { signal });
      for await (const chunk of chunks) text += chunk.choices[0]?.delta?.content ?? '';
      return { text };
    }
    if (kind === 'anthropic') {
      const client = new Anthropic({
        apiKey: 'k',
        baseURL: transport.baseURL,
        maxRetries: 0,
        ...(transport.fetch ? { fetch: transport.fetch } : {}),
        ...(transport.headers ? { defaultHeaders: transport.headers } : {}),
      });
      if (!stream) {
        const answer = await client.messages.create({ model: 'm', max_tokens: 100, messages }, { signal });
        return {
          text: answer.content.map((block) => (block.type === 'text' ? block.text : '')).join(''),
          usage: answer.usage.output_tokens,
        };
      }
      let text = '';
      const events = await client.messages.create(
        { model: 'm', max_tokens: 100, messages, stream: true },
        { signal },
      );
      for await (const event of events)
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta')
          text += event.delta.text;
      return { text };
    }
    const client = new Ollama({
      host: transport.baseURL,
      ...(transport.fetch ? { fetch: transport.fetch } : {}),
      ...(transport.headers ? { headers: transport.headers } : {}),
    });
    if (!stream) {
      const answer = await client.chat({ model: 'm', messages, stream: false });
      return { text: answer.message.content, usage: answer.eval_count };
    }
    let text = '';
    const parts = await client.chat({ model: 'm', messages, stream: true });
    signal?.addEventListener('abort', () => parts.abort());
    for await (const part of parts) text += part.message.content;
    return { text };
  } catch (error) {
    const failure = error as {
      constructor: { name: string };
      status?: number;
      code?: unknown;
      error?: unknown;
      name?: string;
    };
    return {
      error: failure.constructor.name,
      status: failure.status,
      code: typeof failure.code === 'string' ? failure.code : undefined,
    };
  }
}

async function both(
  kind: SimulatorKind,
  faults: Fault[],
  callers?: string[],
): Promise<[SimulatorHandle, InProcessSimulator]> {
  const options = {
    kind,
    models: ['m'],
    faults: faults.map((fault) => ({ fault, ...(callers ? { callers } : {}) })),
  };
  const loopback = await startSimulator(options);
  const inProcess = createSimulator(options);
  running.push(loopback, inProcess);
  return [loopback, inProcess];
}

const faults: [string, Fault[]][] = [
  ['no fault', []],
  ['region_block', [{ type: 'region_block' }]],
  ['legal_block', [{ type: 'legal_block' }]],
  ['model_withdrawn', [{ type: 'model_withdrawn' }]],
  ['rate_limited with retry-after', [{ type: 'rate_limited', retryAfterSeconds: 3 }]],
  ['server_error 503', [{ type: 'server_error', status: 503 }]],
  ['connection_reset', [{ type: 'connection_reset' }]],
  ['stream_cut after 2 chunks', [{ type: 'stream_cut', afterChunks: 2 }]],
  ['malformed_chunk', [{ type: 'malformed_chunk' }]],
  ['mid_stream_error', [{ type: 'mid_stream_error' }]],
  ['context_length', [{ type: 'context_length' }]],
];

describe('createSimulator', () => {
  describe.each(['openai', 'anthropic', 'ollama'] as const)('%s', (kind) => {
    it.each(faults)(
      'answers %s through fetch exactly as the loopback server does, to the official SDK',
      async (_name, list) => {
        const [loopback, inProcess] = await both(kind, list);
        for (const stream of [false, true]) {
          const overSocket = await call(kind, loopback, stream);
          const overFetch = await call(kind, inProcess, stream);
          expect(overFetch, `stream: ${stream}`).toEqual(overSocket);
        }
        expect(
          inProcess.requests.map((request) => [request.status, request.response.kind, request.fault?.type]),
        ).toEqual(
          loopback.requests.map((request) => [request.status, request.response.kind, request.fault?.type]),
        );
      },
    );

    it('answers legal_block with 451 to the listed callers only, over fetch and over loopback', async () => {
      const [loopback, inProcess] = await both(kind, [{ type: 'legal_block' }], ['CN']);
      const errorClass = { openai: 'APIError', anthropic: 'APIError', ollama: 'ResponseError' }[kind];
      for (const transport of [loopback, inProcess]) {
        for (const stream of [false, true]) {
          const as = (country: string) => ({
            ...transport,
            headers: { 'x-switchyard-caller-country': country },
          });
          expect(await call(kind, as('CN'), stream)).toMatchObject({ error: errorClass });
          expect(await call(kind, as('DE'), stream)).toMatchObject({ text: expect.any(String) });
        }
        // The status the router classifies as a legal block: 451, whatever the body says.
        expect(transport.requests.map((request) => [request.status, request.fault?.type])).toEqual([
          [451, 'legal_block'],
          [200, undefined],
          [451, 'legal_block'],
          [200, undefined],
        ]);
      }
    });

    it('uses a base URL that never resolves, so only its fetch answers', () => {
      const simulator = createSimulator({ kind, models: ['m'] });
      expect(new URL(simulator.baseURL).hostname).toBe(`${kind}.simulator.invalid`);
    });
  });

  it('reads a fault rule written with the earlier spelling rate_limit as rate_limited', async () => {
    const simulator = createSimulator({ kind: 'openai', models: ['m'] });
    running.push(simulator);
    simulator.addFault({ fault: { type: 'rate_limit', retryAfterSeconds: 2 } as unknown as Fault });
    expect(simulator.faults.map((rule) => rule.fault)).toEqual([
      { type: 'rate_limited', retryAfterSeconds: 2 },
    ]);
    const response = await simulator.fetch(`${simulator.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
  });

  it('names the entity implementing a legal block in Link rel="blocked-by" when the fault gives one', async () => {
    const simulator = createSimulator({ kind: 'openai', models: ['m'] });
    running.push(simulator);
    simulator.addFault({ fault: { type: 'legal_block', blockedBy: 'https://blocker.example/orders/7' } });
    const ask = () =>
      simulator.fetch(`${simulator.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
      });
    const named = await ask();
    expect(named.status).toBe(451);
    expect(named.headers.get('link')).toBe('<https://blocker.example/orders/7>; rel="blocked-by"');
    simulator.clearFaults();
    simulator.addFault({ fault: { type: 'legal_block' } });
    const unnamed = await ask();
    expect(unnamed.status).toBe(451);
    expect(unnamed.headers.get('link')).toBeNull();
  });

  it('paces answers with the global timers, so a fake clock drives them', async () => {
    vi.useFakeTimers({ now: 0 });
    const simulator = createSimulator({
      kind: 'openai',
      models: ['m'],
      latency: { firstTokenMs: 400, tokensPerSecond: 100 },
    });
    let settled: Outcome | undefined;
    void call('openai', simulator, true).then((outcome) => {
      settled = outcome;
    });
    await vi.advanceTimersByTimeAsync(399);
    expect(settled).toBeUndefined();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(settled?.text).toMatch(/answering/);
    const [request] = simulator.requests;
    expect(request?.startedAt).toBe(0);
    // 400 ms to the first token, then one token per 10 ms.
    expect(request?.endedAt).toBe(400 + 10 * ((request?.response.usage?.outputTokens ?? 0) - 1));
  });

  it('waits a first token 30 days away for 30 days, past the 24.8 days one timer can wait', async () => {
    vi.useFakeTimers({ now: 0 });
    const day = 86_400_000;
    const simulator = createSimulator({ kind: 'openai', models: ['m'], latency: { firstTokenMs: 30 * day } });
    // Straight through its fetch: the SDK would give up after its own 10-minute timeout.
    let status: number | undefined;
    void simulator
      .fetch(`${simulator.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
      })
      .then((response) => {
        status = response.status;
      });
    await vi.advanceTimersByTimeAsync(29 * day);
    expect(status).toBeUndefined();
    await vi.advanceTimersByTimeAsync(day);
    expect(status).toBe(200);
    expect(simulator.requests[0]?.endedAt).toBe(30 * day);
  });

  it('coalesces streamed content with chunkIntervalMs, keeping the first token and the end exact', async () => {
    vi.useFakeTimers({ now: 0 });
    const latency = { firstTokenMs: 400, tokensPerSecond: 100 };
    const exact = createSimulator({ kind: 'anthropic', models: ['m'], latency });
    const coalesced = createSimulator({ kind: 'anthropic', models: ['m'], latency, chunkIntervalMs: 100 });
    const outcomes: Outcome[] = [];
    const timers: number[] = [];
    for (const simulator of [exact, coalesced]) {
      const before = vi.getTimerCount();
      void call('anthropic', simulator, true).then((outcome) => outcomes.push(outcome));
      await vi.advanceTimersByTimeAsync(0);
      let fired = 0;
      while (outcomes.length < timers.length + 1) {
        await vi.advanceTimersToNextTimerAsync();
        fired++;
      }
      timers.push(fired);
      expect(vi.getTimerCount()).toBe(before);
    }
    expect(outcomes[1]).toEqual(outcomes[0]);
    const [slow, fast] = [exact.requests[0], coalesced.requests[0]];
    expect(fast?.endedAt).toBe((fast?.startedAt ?? 0) + ((slow?.endedAt ?? 0) - (slow?.startedAt ?? 0)));
    // One timer per token without coalescing; about one per 100 ms with it.
    expect(timers[1]).toBeLessThan((timers[0] ?? 0) / 3);
  });

  it.each(['openai', 'anthropic', 'ollama'] as const)(
    'streams %s answers with tokensPerChunk tokens per event: same text and usage, fewer events',
    async (kind) => {
      const one = createSimulator({ kind, models: ['m'] });
      const eight = createSimulator({ kind, models: ['m'], tokensPerChunk: 8 });
      expect(await call(kind, eight, true)).toEqual(await call(kind, one, true));
      const [single, grouped] = [one.requests[0]?.response, eight.requests[0]?.response];
      expect(grouped?.text).toBe(single?.text);
      expect(grouped?.usage).toEqual(single?.usage);
      // Eight tokens per event: the content events shrink eightfold (the head, structure and tail stay).
      expect((single?.chunks ?? 0) - (grouped?.chunks ?? 0)).toBeGreaterThan(10);
    },
  );

  it('waits on a hung or stalled answer until the caller aborts, then rejects with its reason', async () => {
    for (const fault of [{ type: 'no_response' }, { type: 'stream_stall', afterChunks: 1 }] as Fault[]) {
      const simulator = createSimulator({ kind: 'openai', models: ['m'], faults: [{ fault }] });
      const controller = new AbortController();
      const pending = call('openai', simulator, true, controller.signal);
      await new Promise((resolve) => setImmediate(resolve));
      const expected = fault.type === 'no_response' ? 'hung' : 'stalled';
      expect(simulator.requests[0]?.response.kind).toBe(expected);
      controller.abort();
      const outcome = await pending;
      // The SDK throws on an aborted request, and ends its stream iterator quietly on an aborted stream.
      if (fault.type === 'no_response') expect(outcome.error).toBe('APIUserAbortError');
      else expect(outcome).toEqual({ text: simulator.requests[0]?.response.text });
      expect(simulator.requests[0]?.response.kind).toBe(expected);
    }
  });

  it('ends hung answers on stop, like closing the sockets', async () => {
    const simulator = createSimulator({
      kind: 'anthropic',
      models: ['m'],
      faults: [{ fault: { type: 'no_response' } }],
    });
    const pending = call('anthropic', simulator, false);
    await new Promise((resolve) => setImmediate(resolve));
    await simulator.stop();
    expect((await pending).error).toBe('APIConnectionError');
  });

  it('reads record headers of any case as lower-case names, leaving out undefined values', async () => {
    const simulator = createSimulator({ kind: 'openai', models: ['m'] });
    await simulator.fetch(`${simulator.baseURL}/chat/completions`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: 'Bearer sk-test',
        'X-Trace': 'abc',
        'x-absent': undefined,
      } as unknown as Record<string, string>,
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'Hi there' }] }),
    });
    expect(simulator.requests[0]?.headers).toEqual({
      'content-type': 'application/json',
      authorization: '[redacted]',
      'x-trace': 'abc',
    });
  });

  it('delivers the events written in one turn as one body chunk, as a socket would', async () => {
    const simulator = createSimulator({ kind: 'openai', models: ['m'], tokensPerChunk: 8 });
    const response = await simulator.fetch(`${simulator.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
      body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'Hi there' }] }),
    });
    const chunks: string[] = [];
    const decoder = new TextDecoder();
    for await (const chunk of response.body ?? []) chunks.push(decoder.decode(chunk));
    // No latency: the whole answer is written in one turn, so it arrives whole, [DONE] included.
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatch(/^data: \{.*\n\ndata: \[DONE\]\n\n$/s);
    expect((chunks[0]?.match(/^data: /gm) ?? []).length).toBe(simulator.requests[0]?.response.chunks);
  });

  it('delivers what was written before a cut to a waiting reader, then the error', async () => {
    vi.useFakeTimers({ now: 0 });
    const simulator = createSimulator({
      kind: 'openai',
      models: ['m'],
      latency: { firstTokenMs: 100, tokensPerSecond: 100 },
      faults: [{ fault: { type: 'stream_cut', afterChunks: 2 } }],
    });
    const response = await simulator.fetch(`${simulator.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
      body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'Hi there' }] }),
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    const reading = (async () => {
      for (;;) {
        const next = await reader.read();
        if (next.done) return 'ended';
        text += decoder.decode(next.value);
      }
    })().catch((error: unknown) => (error as Error).message);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await reading).toBe('terminated');
    // The head and both content events reached the reader before the cut.
    expect((text.match(/^data: /gm) ?? []).length).toBe(simulator.requests[0]?.response.chunks);
    expect(simulator.requests[0]?.response.kind).toBe('cut');
  });

  it('delivers what was written before a cut to a reader that starts reading after it', async () => {
    // No latency: the head, both content events and the cut come in one turn, before anyone reads.
    const simulator = createSimulator({
      kind: 'openai',
      models: ['m'],
      faults: [{ fault: { type: 'stream_cut', afterChunks: 2 } }],
    });
    const response = await simulator.fetch(`${simulator.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
      body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'Hi there' }] }),
    });
    const decoder = new TextDecoder();
    let text = '';
    const read = await (async () => {
      for await (const chunk of response.body ?? []) text += decoder.decode(chunk);
      return 'ended';
    })().catch((error: unknown) => (error as Error).message);
    expect(read).toBe('terminated');
    const events = (text.match(/^data: /gm) ?? []).length;
    expect(events).toBeGreaterThan(0);
    expect(events).toBe(simulator.requests[0]?.response.chunks);
    expect(text).not.toContain('[DONE]');
  });
});
