import { fetchFailed } from './internal/connection-errors.js';
import { type IncomingRequest, InProcessExchange } from './internal/in-process-exchange.js';
import { createSimulatorEngine } from './internal/simulator-engine.js';
import type { SimulatorExchange } from './internal/simulator-exchange.js';
import type { SimulatorHandle } from './simulator-handle.js';
import type { StartSimulatorOptions } from './start-simulator.js';

/** Options of {@link createSimulator}: those of `startSimulator` but the port. */
export type CreateSimulatorOptions = Omit<StartSimulatorOptions, 'port'>;

/**
 * A simulator answering in process, through {@link InProcessSimulator.fetch}:
 * the same engine, wire format, faults and recorded requests as a loopback
 * simulator, without a socket.
 */
export interface InProcessSimulator extends Omit<SimulatorHandle, 'port' | 'url'> {
  /**
   * A WHATWG `fetch` that the simulator answers: give it to the official SDK
   * (`new OpenAI({ baseURL, fetch })`, `new Anthropic({ baseURL, fetch })`,
   * `new Ollama({ host, fetch })`). The answer body is a stream paced by the
   * latency model with the global `setTimeout`, so a fake clock drives it.
   */
  readonly fetch: typeof fetch;
  /** `http://<kind>.simulator.invalid` (plus `/v1` for OpenAI): never resolvable, so only this `fetch` answers it. */
  readonly baseURL: string;
}

/**
 * Reads a fetch call without building a `Request` when it need not (the SDKs call
 * `fetch(url, { method, headers, body: string, signal })`): the common case costs no parsing, and
 * no copy of the headers (the engine reads the two or three it needs where they lie).
 */
async function incoming(
  input: string | URL | Request,
  init?: RequestInit,
): Promise<{ request: IncomingRequest; body: string }> {
  if (
    (typeof input === 'string' || input instanceof URL) &&
    (init?.body === undefined || init.body === null || typeof init.body === 'string')
  ) {
    return {
      request: {
        method: (init?.method ?? 'GET').toUpperCase(),
        url: String(input),
        headers: init?.headers ?? undefined,
        signal: init?.signal ?? undefined,
      },
      body: typeof init?.body === 'string' ? init.body : '',
    };
  }
  const request = new Request(input, init);
  return {
    request: { method: request.method, url: request.url, headers: request.headers, signal: request.signal },
    body: await request.text(),
  };
}

/**
 * Answers one request in process ({@link InProcessExchange}): resolves with
 * the `Response` once the engine sends the status line.
 */
function answer(
  request: IncomingRequest,
  body: string,
  handle: (exchange: SimulatorExchange) => Promise<void>,
  open: Set<SimulatorExchange>,
): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    new InProcessExchange({ request, body, open, resolve, reject }).serve(handle);
  });
}

/**
 * Creates a simulator that answers in process through a `fetch` function
 * instead of a socket. The official SDKs still build every request and parse
 * every answer (status, headers, SSE or NDJSON stream, error bodies): only
 * the transport is gone. With no socket and every delay on the global
 * timers, a fake clock drives it completely, which is how a drill runs on
 * virtual time, reproducibly and faster than real time.
 *
 * @param options same as `startSimulator`, without `port`.
 * @returns the simulator: `fetch`, `baseURL`, and the fault, latency and recording controls.
 * @throws TypeError when an option is invalid.
 * @example
 * ```ts
 * import OpenAI from 'openai';
 * import { createSimulator } from '@switchyard/simulators';
 *
 * const simulator = createSimulator({ kind: 'openai', models: ['gpt-4o'] });
 * const client = new OpenAI({ apiKey: 'sk-test', baseURL: simulator.baseURL, fetch: simulator.fetch, maxRetries: 0 });
 * const completion = await client.chat.completions.create({
 *   model: 'gpt-4o',
 *   messages: [{ role: 'user', content: 'Hi' }],
 * });
 * console.log(completion.choices[0]?.message.content); // This is gpt-4o answering: "Hi".
 * ```
 */
export function createSimulator(options: CreateSimulatorOptions): InProcessSimulator {
  const engine = createSimulatorEngine({ ...options, caller: 'createSimulator' });
  let stopped = false;
  const open = new Set<SimulatorExchange>();
  const simulatedFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (stopped) throw fetchFailed();
    const { request, body } = await incoming(input, init);
    return answer(request, body, (exchange) => engine.handle(exchange), open);
  };
  return {
    kind: engine.kind,
    baseURL: engine.protocol.baseURL(`http://${engine.kind}.simulator.invalid`),
    fetch: simulatedFetch as typeof fetch,
    addFault: (rule) => engine.addFault(rule),
    removeFault: (id) => engine.removeFault(id),
    setFaults: (rules) => engine.setFaults(rules),
    clearFaults: () => engine.clearFaults(),
    get faults() {
      return engine.faults;
    },
    setLatency: (model, latency) => engine.setLatency(model, latency),
    get requests() {
      return engine.requests;
    },
    clearRequests: () => engine.clearRequests(),
    async stop() {
      stopped = true;
      engine.stop();
      // Like closing every socket: hung and stalled answers end now.
      for (const exchange of [...open]) exchange.destroy();
    },
  };
}
