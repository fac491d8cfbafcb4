import { describe, expect, it } from 'vitest';
import { InProcessExchange } from './in-process-exchange.js';
import type { SimulatorExchange } from './simulator-exchange.js';

function exchangeFor(signal?: AbortSignal) {
  const open = new Set<SimulatorExchange>();
  let exchange!: InProcessExchange;
  const response = new Promise<Response>((resolve, reject) => {
    exchange = new InProcessExchange({
      request: { method: 'POST', url: 'http://openai.simulator.invalid/v1/chat', headers: {}, signal },
      body: '{"a":1}',
      open,
      resolve,
      reject,
    });
  });
  return { exchange, response, open };
}

describe('InProcessExchange', () => {
  describe('takeBody', () => {
    it('gives the body once', () => {
      const { exchange } = exchangeFor();
      expect(exchange.path).toBe('/v1/chat');
      expect(exchange.takeBody()).toBe('{"a":1}');
      expect(exchange.takeBody()).toBe('');
    });
  });

  describe('forgetRequest', () => {
    it('forgets the request headers and body once the engine has read them', () => {
      const open = new Set<SimulatorExchange>();
      const exchange = new InProcessExchange({
        request: {
          method: 'POST',
          url: 'http://openai.simulator.invalid/v1/chat',
          headers: new Headers({ authorization: 'Bearer sk-test', 'x-switchyard-caller-country': 'DE' }),
          signal: undefined,
        },
        body: '{"a":1}',
        open,
        resolve: () => {},
        reject: () => {},
      });
      expect(exchange.header('x-switchyard-caller-country')).toBe('DE');
      exchange.forgetRequest();
      expect(exchange.header('x-switchyard-caller-country')).toBeUndefined();
      expect(exchange.headers).toEqual({});
      expect(exchange.takeBody()).toBe('');
    });
  });

  describe('write', () => {
    it('resolves with the head and streams what is written until the end', async () => {
      const { exchange, response, open } = exchangeFor();
      exchange.serve(async () => {});
      expect(open.has(exchange)).toBe(true);
      exchange.writeHead(201, { 'x-test': 'yes' });
      exchange.write('data: 1\n\n');
      exchange.end('data: 2\n\n');
      const answer = await response;
      expect(answer.status).toBe(201);
      expect(answer.headers.get('x-test')).toBe('yes');
      expect(await answer.text()).toBe('data: 1\n\ndata: 2\n\n');
      expect(exchange.closed).toBe(true);
      expect(open.has(exchange)).toBe(false);
    });
  });

  describe('cut', () => {
    it('delivers what was written, then fails the body as terminated', async () => {
      const { exchange, response } = exchangeFor();
      exchange.serve(async () => {});
      exchange.write('partial');
      exchange.cut();
      const reader = (await response).body?.getReader();
      const first = await reader?.read();
      expect(new TextDecoder().decode(first?.value)).toBe('partial');
      await expect(reader?.read()).rejects.toThrow('terminated');
    });
  });

  describe('reset', () => {
    it('rejects the fetch call as a failed connection before the head', async () => {
      const { exchange, response } = exchangeFor();
      exchange.serve(async () => {});
      const closed: string[] = [];
      exchange.onClose(() => closed.push('closed'));
      exchange.reset();
      await expect(response).rejects.toThrow('fetch failed');
      expect(closed).toEqual(['closed']);
    });
  });

  describe('handleEvent', () => {
    it('rejects the fetch call with the reason of an abort', async () => {
      const controller = new AbortController();
      const { exchange, response, open } = exchangeFor(controller.signal);
      exchange.serve(async () => {});
      controller.abort(new Error('caller gave up'));
      await expect(response).rejects.toThrow('caller gave up');
      expect(exchange.closed).toBe(true);
      expect(open.size).toBe(0);
    });

    it('does not listen to a signal that had already aborted', async () => {
      const { exchange, response } = exchangeFor(AbortSignal.abort(new Error('too late')));
      let served = false;
      exchange.serve(async () => {
        served = true;
      });
      expect(served).toBe(false);
      await expect(response).rejects.toThrow('too late');
    });
  });

  describe('serve', () => {
    it('answers 500 when the engine fails before sending anything', async () => {
      const { exchange, response } = exchangeFor();
      exchange.serve(async () => {
        throw new Error('boom');
      });
      const answer = await response;
      expect(answer.status).toBe(500);
      expect(await answer.text()).toContain('simulator failure: Error: boom');
    });
  });
});
