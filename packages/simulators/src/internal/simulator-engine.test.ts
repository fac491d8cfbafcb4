import { afterEach, describe, expect, it, vi } from 'vitest';
import { recordingExchange } from '../test-fixtures/recording-exchange.js';
import { createSimulatorEngine } from './simulator-engine.js';

describe('createSimulatorEngine', () => {
  it('takes the request body once and answers from it (the transport forgets it after)', async () => {
    const engine = createSimulatorEngine({ kind: 'openai', models: ['m'], caller: 'test' });
    const { exchange, answered } = recordingExchange(
      JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'Hello there' }] }),
    );
    await engine.handle(exchange);
    const { taken, status, text } = answered();
    expect(taken).toBe(1);
    expect(status).toBe(200);
    expect(JSON.parse(text).choices[0].message.content).toBe('This is m answering: "Hello there".');
    expect(engine.requests[0]?.body).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: 'Hello there' }],
    });
  });

  it('keeps no request body where it keeps no requests (maxRecordedRequests: 0)', async () => {
    const engine = createSimulatorEngine({
      kind: 'openai',
      models: ['m'],
      caller: 'test',
      maxRecordedRequests: 0,
    });
    const { exchange, answered } = recordingExchange(
      JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'Hi' }] }),
    );
    await engine.handle(exchange);
    expect(answered().status).toBe(200);
    expect(engine.requests).toEqual([]);
  });

  it('lets the exchange forget the request headers before the answer waits', async () => {
    vi.useFakeTimers();
    try {
      const engine = createSimulatorEngine({
        kind: 'openai',
        models: [{ id: 'm', latency: { firstTokenMs: 500, tokensPerSecond: 10 } }],
        caller: 'test',
        maxRecordedRequests: 0,
      });
      const { exchange, answered } = recordingExchange(
        JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'Hi' }] }),
      );
      const handled = engine.handle(exchange);
      expect(answered().forgotten).toBe(true);
      expect(answered().text).not.toContain('data: [DONE]');
      await vi.runAllTimersAsync();
      await handled;
      expect(answered().text).toContain('data: [DONE]');
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects the promise of handle when reading the request fails, never throwing', async () => {
    const engine = createSimulatorEngine({ kind: 'openai', models: ['m'], caller: 'test' });
    const { exchange } = recordingExchange();
    const failing = {
      ...exchange,
      takeBody: () => {
        throw new Error('socket gone');
      },
    };
    let handled: Promise<void> | undefined;
    expect(() => {
      handled = engine.handle(failing);
    }).not.toThrow();
    await expect(handled).rejects.toThrow('socket gone');
  });

  describe('an Ollama answer', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('writes the time the request came as its created_at (ISO 8601, milliseconds kept)', async () => {
      vi.useFakeTimers({ now: new Date('2026-06-25T08:59:00.123Z') });
      const engine = createSimulatorEngine({ kind: 'ollama', models: ['m'], caller: 'test' });
      const { exchange, answered } = recordingExchange(
        JSON.stringify({ model: 'm', stream: false, messages: [{ role: 'user', content: 'Hi' }] }),
      );
      await engine.handle({ ...exchange, path: '/api/chat', takeBody: exchange.takeBody });
      expect(answered().status).toBe(200);
      expect(JSON.parse(answered().text).created_at).toBe('2026-06-25T08:59:00.123Z');
    });
  });
});
