import type { SimulatorExchange } from '../internal/simulator-exchange.js';

/**
 * A transport-free exchange for the engine's tests: it gives `body` once (a
 * second `takeBody()` throws, as a transport that forgot it would fail a
 * reader relying on it), fails a header read after `forgetRequest()`, and
 * records the status and text written.
 *
 * @param body the request body text.
 * @returns the exchange, and what it was answered so far.
 */
export function recordingExchange(body = ''): {
  exchange: SimulatorExchange;
  answered: () => { taken: number; forgotten: boolean; status: number | undefined; text: string };
} {
  let taken = 0;
  let forgotten = false;
  let status: number | undefined;
  let text = '';
  const exchange: SimulatorExchange = {
    method: 'POST',
    path: '/v1/chat/completions',
    header: (name) => {
      if (forgotten) throw new Error(`header ${name} read after the request was forgotten`);
      return name === 'authorization' ? 'Bearer sk-test' : undefined;
    },
    headers: { authorization: 'Bearer sk-test' },
    takeBody: () => {
      taken++;
      if (taken > 1) throw new Error('the body was taken twice');
      return body;
    },
    forgetRequest: () => {
      forgotten = true;
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
  return { exchange, answered: () => ({ taken, forgotten, status, text }) };
}
