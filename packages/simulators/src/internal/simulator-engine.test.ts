import { describe, expect, it } from 'vitest';
import { createSimulatorEngine } from './simulator-engine.js';
import type { SimulatorExchange } from './simulator-exchange.js';

/** An exchange whose body can be taken once, as the transports give it: a second take fails the test. */
function exchangeOnce(body: string) {
  let taken = 0;
  let status: number | undefined;
  let text = '';
  const exchange: SimulatorExchange = {
    method: 'POST',
    path: '/v1/chat/completions',
    headers: { authorization: 'Bearer sk-test' },
    takeBody: () => {
      taken++;
      if (taken > 1) throw new Error('the body was taken twice');
      return body;
    },
    closed: false,
    headersSent: false,
    onClose: () => {},
    writeHead: (answered) => {
      status = answered;
    },
    flushHeaders: () => {},
    write: (chunk) => {
      text += chunk;
    },
    end: (chunk) => {
      text += chunk ?? '';
    },
    cut: () => {},
    reset: () => {},
    destroy: () => {},
  };
  return { exchange, answer: () => ({ taken, status, text }) };
}

describe('createSimulatorEngine', () => {
  it('takes the request body once and answers from it (the transport forgets it after)', async () => {
    const engine = createSimulatorEngine({ kind: 'openai', models: ['m'], caller: 'test' });
    const { exchange, answer } = exchangeOnce(
      JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'Hello there' }] }),
    );
    await engine.handle(exchange);
    const { taken, status, text } = answer();
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
    const { exchange, answer } = exchangeOnce(
      JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'Hi' }] }),
    );
    await engine.handle(exchange);
    expect(answer().status).toBe(200);
    expect(engine.requests).toEqual([]);
  });
});
