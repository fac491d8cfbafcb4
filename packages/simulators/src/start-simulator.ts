import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FaultRule } from './fault.js';
import { createSimulatorEngine } from './internal/simulator-engine.js';
import type { SimulatorExchange } from './internal/simulator-exchange.js';
import type { LatencyModel } from './latency-model.js';
import type { OpenAIFlavor } from './providers/openai-flavors/openai-flavor.js';
import type { SimulatorHandle, SimulatorKind } from './simulator-handle.js';

/** A model a simulator serves. */
export interface SimulatorModel {
  /** Model id as callers name it, e.g. `gpt-4o`, `claude-sonnet-4-5`, `llama3.2`. */
  id: string;
  /** Context window in tokens; longer prompts get the provider's context-length error. Default: unlimited. */
  contextWindow?: number;
  /** Latency of this model (overrides the simulator default). */
  latency?: LatencyModel;
  /**
   * Usage details reported on every answer of this model, so usage mapping can be tested:
   * prompt-cache reads and writes (capped at the input tokens) and reasoning tokens (added to
   * the output tokens). Default none.
   */
  usage?: { cachedInputTokens?: number; cacheWriteInputTokens?: number; reasoningTokens?: number };
}

/** Options of {@link startSimulator}. */
export interface StartSimulatorOptions {
  /** Provider wire format to speak. */
  kind: SimulatorKind;
  /** Models served; any other model gets the provider's model-not-found answer. */
  models: ReadonlyArray<string | SimulatorModel>;
  /** Port on 127.0.0.1. Default `0` (a random free port). */
  port?: number;
  /** Fault rules in force from the start. Default none. */
  faults?: readonly FaultRule[];
  /** Default latency of every model. Default instant (`firstTokenMs: 0`, `tokensPerSecond: Infinity`). */
  latency?: LatencyModel;
  /** Divides every delay (latency and `slow_first_token`/`latency` faults). Default `1`. */
  timeScale?: number;
  /** Header naming the caller's country, matched by `FaultRule.callers`. Default `x-switchyard-caller-country`. */
  callerHeader?: string;
  /** Accepted API keys; any other (or none) gets the provider's invalid-key answer. Default: any key, or none. */
  apiKeys?: readonly string[];
  /**
   * Send `x-should-retry: false` on every error answer so the official SDKs do not retry
   * 429/5xx by themselves (the caller, e.g. the router, sees the first failure). Default `true`.
   */
  noRetryHeader?: boolean;
  /** Keep at most this many recorded requests (the oldest are dropped). Default `10000`. */
  maxRecordedRequests?: number;
  /**
   * Coalesce a stream's content into bursts at most this often (simulated ms): far fewer timers
   * for long answers; the first token and the end of the stream keep their exact instants.
   * Default `0`: each content event waits for its own tokens.
   */
  chunkIntervalMs?: number;
  /**
   * Tokens per streamed content event. Default `1`: one event per token, as the providers send;
   * more means fewer events for the SDKs to parse (drills use 8), the same text and usage.
   */
  tokensPerChunk?: number;
  /**
   * For `kind: 'openai'`: answer as this OpenAI-compatible server does (its reasoning
   * field, usage placement and accounting, ids, finish reasons, extra chunks): `vllm`,
   * `llama.cpp`, `lmstudio`, `deepseek`, `groq`, `xai`, `together`, `azure`. Default: OpenAI itself.
   */
  flavor?: OpenAIFlavor;
}

const maxBodyBytes = 32 * 1024 * 1024;

/** The exchange of one HTTP request on a loopback socket. */
function httpExchange(request: IncomingMessage, response: ServerResponse, body: string): SimulatorExchange {
  let closed = false;
  let head: { status: number; headers: Readonly<Record<string, string>> } | undefined;
  const listeners: (() => void)[] = [];
  response.on('close', () => {
    closed = true;
    for (const listener of listeners.splice(0)) listener();
  });
  const sendHead = () => {
    if (head !== undefined && !response.headersSent) response.writeHead(head.status, head.headers);
  };
  return {
    method: request.method ?? 'GET',
    path: (request.url ?? '/').split('?')[0] ?? '/',
    header: (name) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value.join(', ') : value;
    },
    headers: request.headers,
    takeBody: () => {
      const text = body;
      body = '';
      return text;
    },
    // The headers are the socket's request's, which Node keeps while the answer is open.
    forgetRequest: () => {
      body = '';
    },
    get closed() {
      return closed;
    },
    get headersSent() {
      return response.headersSent;
    },
    onClose: (listener) => {
      if (closed) listener();
      else listeners.push(listener);
    },
    writeHead: (status, headers) => {
      head = { status, headers };
    },
    flushHeaders: () => {
      sendHead();
      response.flushHeaders();
    },
    write: (text) => {
      sendHead();
      response.write(text);
    },
    end: (text) => {
      sendHead();
      response.end(text);
    },
    cut: () => {
      sendHead();
      // Close after flushing what was written, leaving the HTTP body unterminated.
      const socket = response.socket;
      if (socket === null) response.destroy();
      else socket.end();
    },
    reset: () => request.socket.resetAndDestroy(),
    destroy: () => response.destroy(),
  };
}

/**
 * Starts a loopback HTTP server speaking the OpenAI, Anthropic or Ollama wire
 * format, with deterministic answers, a latency model and scriptable faults.
 *
 * @param options.kind - `openai`, `anthropic` or `ollama`.
 * @param options.models - Model ids (or `{ id, contextWindow, latency }`) it serves.
 * @param options.port - Port on 127.0.0.1; default `0` (random).
 * @param options.faults - Initial fault rules; change them live with `addFault`/`setFaults`.
 * @param options.latency - Default latency model; default instant.
 * @param options.timeScale - Divides every delay; default `1`.
 * @param options.callerHeader - Caller-country header; default `x-switchyard-caller-country`.
 * @param options.apiKeys - Accepted keys; default any.
 * @param options.noRetryHeader - Send `x-should-retry: false` on error answers; default `true`.
 * @param options.maxRecordedRequests - Recorded requests kept; default `10000`.
 * @param options.chunkIntervalMs - Coalesce streamed content into bursts this often; default `0` (per event).
 * @param options.tokensPerChunk - Tokens per streamed content event; default `1`.
 * @returns A handle with the base URL, fault and latency controls, recorded requests and `stop()`.
 * @throws TypeError when an option is invalid (unknown kind, bad fault rule, bad latency).
 * @example
 * ```ts
 * import OpenAI from 'openai';
 * import { startSimulator } from '@switchyard/simulators';
 *
 * const simulator = await startSimulator({ kind: 'openai', models: ['gpt-4o'] });
 * const client = new OpenAI({ apiKey: 'sk-test', baseURL: simulator.baseURL, maxRetries: 0 });
 * const completion = await client.chat.completions.create({
 *   model: 'gpt-4o',
 *   messages: [{ role: 'user', content: 'Hi' }],
 * });
 * console.log(completion.choices[0]?.message.content); // This is gpt-4o answering: "Hi".
 * await simulator.stop();
 * ```
 */
export async function startSimulator(options: StartSimulatorOptions): Promise<SimulatorHandle> {
  const engine = createSimulatorEngine({ ...options, caller: 'startSimulator' });
  const port = options.port ?? 0;
  const sockets = new Set<Socket>();
  let stopped = false;

  const server = createServer({ keepAliveTimeout: 5_000 }, (request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // A client that goes away while sending its body must not crash the simulator.
    request.on('error', () => undefined);
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    request.on('end', () => {
      const exchange = httpExchange(request, response, Buffer.concat(chunks).toString('utf8'));
      engine.handle(exchange).catch((error: unknown) => {
        if (!response.headersSent) {
          const text = JSON.stringify({ error: `simulator failure: ${String(error)}` });
          response.writeHead(500, { 'content-type': 'application/json' });
          response.end(text);
        } else {
          response.destroy();
        }
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address !== null ? address.port : port;
  const url = `http://127.0.0.1:${actualPort}`;

  return {
    kind: engine.kind,
    port: actualPort,
    url,
    baseURL: engine.protocol.baseURL(url),
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
      if (stopped) return;
      stopped = true;
      engine.stop();
      const closing = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await closing;
    },
  };
}
