import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SimulatorHandle } from './simulator-handle.js';
import { type StartSimulatorOptions, startSimulator } from './start-simulator.js';

const running: SimulatorHandle[] = [];

async function start(options: StartSimulatorOptions): Promise<SimulatorHandle> {
  const simulator = await startSimulator(options);
  running.push(simulator);
  return simulator;
}

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(running.splice(0).map((simulator) => simulator.stop()));
});

function chat(
  simulator: SimulatorHandle,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  return fetch(`${simulator.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'Hi' }], ...body }),
  });
}

describe('startSimulator', () => {
  describe('startSimulator()', () => {
    it('listens on 127.0.0.1 with the base URL each SDK expects', async () => {
      const openai = await start({ kind: 'openai', models: ['m'] });
      const anthropic = await start({ kind: 'anthropic', models: ['m'] });
      const ollama = await start({ kind: 'ollama', models: ['m'] });
      expect(openai.url).toBe(`http://127.0.0.1:${openai.port}`);
      expect(openai.baseURL).toBe(`${openai.url}/v1`);
      expect(anthropic.baseURL).toBe(anthropic.url);
      expect(ollama.baseURL).toBe(ollama.url);
      expect(new Set([openai.port, anthropic.port, ollama.port]).size).toBe(3);
    });

    it('listens on the given port', async () => {
      const first = await start({ kind: 'openai', models: ['m'] });
      const port = first.port;
      await first.stop();
      const second = await start({ kind: 'openai', models: ['m'], port });
      expect(second.port).toBe(port);
    });

    it('rejects invalid options with what was expected', async () => {
      await expect(startSimulator({ kind: 'gemini' as never, models: [] })).rejects.toThrow(
        'kind must be "openai", "anthropic" or "ollama"; got "gemini"',
      );
      await expect(startSimulator({ kind: 'openai', models: [{ id: '' }] })).rejects.toThrow('models[0]');
      await expect(startSimulator({ kind: 'openai', models: [], timeScale: 0 })).rejects.toThrow('timeScale');
      await expect(
        startSimulator({ kind: 'openai', models: [{ id: 'm', usage: { reasoningTokens: 1.5 } }] }),
      ).rejects.toThrow('models[0].usage.reasoningTokens must be an integer >= 0');
      await expect(
        startSimulator({ kind: 'openai', models: [], latency: { tokensPerSecond: 0 } }),
      ).rejects.toThrow('latency.tokensPerSecond must be a number > 0');
      await expect(
        startSimulator({
          kind: 'openai',
          models: [],
          faults: [{ fault: { type: 'slow_first_token' } as never }],
        }),
      ).rejects.toThrow('slow_first_token needs fault.delayMs >= 0');
    });

    it('reads the caller country from a custom header', async () => {
      const simulator = await start({
        kind: 'openai',
        models: ['m'],
        callerHeader: 'X-Country',
        faults: [{ fault: { type: 'region_block' }, callers: ['CN'] }],
      });
      expect((await chat(simulator, {}, { 'x-country': 'cn' })).status).toBe(403);
      expect((await chat(simulator, {}, { 'x-switchyard-caller-country': 'CN' })).status).toBe(200);
      expect(simulator.requests.map((request) => request.caller)).toEqual(['CN', undefined]);
    });

    it('answers 401 without a key when apiKeys is set', async () => {
      const simulator = await start({ kind: 'openai', models: ['m'], apiKeys: ['k'] });
      const response = await chat(simulator, {});
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', code: null } });
      expect((await chat(simulator, {}, { authorization: 'Bearer k' })).status).toBe(200);
    });

    it('answers unknown routes and bad bodies in the provider shape', async () => {
      const simulator = await start({ kind: 'openai', models: ['m'] });
      const missing = await fetch(`${simulator.url}/v1/nothing`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ error: { message: 'Invalid URL (GET /v1/nothing)' } });
      const bad = await fetch(`${simulator.baseURL}/chat/completions`, { method: 'POST', body: 'not json' });
      expect(bad.status).toBe(400);
      expect(simulator.requests[1]?.body).toBe('not json');
      const noMessages = await chat(simulator, { messages: [] });
      expect(await noMessages.json()).toMatchObject({
        error: { code: 'missing_required_parameter', param: 'messages' },
      });
    });

    it('keeps at most maxRecordedRequests records, dropping the oldest', async () => {
      const simulator = await start({ kind: 'openai', models: ['m'], maxRecordedRequests: 4 });
      for (let index = 0; index < 5; index++) await (await chat(simulator, {})).text();
      expect(simulator.requests.map((request) => request.seq)).toEqual([4, 5]);
      await expect(startSimulator({ kind: 'openai', models: [], maxRecordedRequests: -1 })).rejects.toThrow(
        'maxRecordedRequests must be an integer >= 0',
      );
    });

    it('applies the latency fault before the first token, divided by timeScale', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const simulator = await start({
        kind: 'openai',
        models: ['m'],
        timeScale: 10,
        faults: [{ fault: { type: 'latency', extraMs: 1000 } }],
      });
      let answered = false;
      const pending = chat(simulator, {}).then((response) => {
        answered = true;
        return response.status;
      });
      for (let round = 0; round < 1000 && simulator.requests.length === 0; round++) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      await vi.advanceTimersByTimeAsync(99);
      expect(answered).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(await pending).toBe(200);
    });
  });

  describe('stop()', () => {
    it('closes stalled streams and pending latency timers, and can be called twice', async () => {
      const simulator = await start({
        kind: 'anthropic',
        models: ['m'],
        latency: { firstTokenMs: 60_000 },
        faults: [{ fault: { type: 'stream_stall', afterChunks: 0 }, times: 1 }],
      });
      const body = JSON.stringify({
        model: 'm',
        max_tokens: 10,
        stream: true,
        messages: [{ role: 'user', content: 'x' }],
      });
      const stalled = await fetch(`${simulator.url}/v1/messages`, { method: 'POST', body });
      const slow = await fetch(`${simulator.url}/v1/messages`, { method: 'POST', body });
      const readStalled = stalled.text().catch((error: Error) => error);
      const readSlow = slow.text().catch((error: Error) => error);
      await simulator.stop();
      await simulator.stop();
      expect(await readStalled).toBeInstanceOf(Error);
      expect(await readSlow).toBeInstanceOf(Error);
      expect(simulator.requests.map((request) => request.response.kind)).toEqual(['stalled', 'aborted']);
    });
  });
});
