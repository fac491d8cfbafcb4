import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FaultRule } from './fault.js';
import { FaultTable } from './internal/fault-table.js';
import { planCompletion } from './internal/plan-completion.js';
import type { LatencyModel } from './latency-model.js';
import { anthropicProtocol } from './providers/anthropic-protocol.js';
import { ollamaProtocol } from './providers/ollama-protocol.js';
import { openaiProtocol } from './providers/openai-protocol.js';
import type { AnswerIds, ErrorAnswer, ProviderProtocol } from './providers/provider-protocol.js';
import type { RecordedRequest } from './recorded-request.js';
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
}

const kinds: Partial<Record<string, ProviderProtocol>> = {
  openai: openaiProtocol,
  anthropic: anthropicProtocol,
  ollama: ollamaProtocol,
};

const maxBodyBytes = 32 * 1024 * 1024;

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
  const {
    kind,
    models: modelOptions,
    port = 0,
    faults = [],
    latency: defaultLatency = {},
    timeScale = 1,
    callerHeader = 'x-switchyard-caller-country',
    apiKeys,
    noRetryHeader = true,
    maxRecordedRequests = 10_000,
  } = options;
  const found = Object.hasOwn(kinds, kind) ? kinds[kind] : undefined;
  if (found === undefined) {
    throw new TypeError(
      `startSimulator: kind must be "openai", "anthropic" or "ollama"; got ${JSON.stringify(kind)}.`,
    );
  }
  const protocol: ProviderProtocol = found;
  if (!(Number.isInteger(maxRecordedRequests) && maxRecordedRequests >= 0)) {
    throw new TypeError(
      `startSimulator: maxRecordedRequests must be an integer >= 0; got ${JSON.stringify(maxRecordedRequests)}.`,
    );
  }
  if (!Array.isArray(modelOptions))
    throw new TypeError('startSimulator: models must be an array of model ids.');
  if (!(typeof timeScale === 'number' && timeScale > 0 && Number.isFinite(timeScale))) {
    throw new TypeError(
      `startSimulator: timeScale must be a finite number > 0; got ${JSON.stringify(timeScale)}.`,
    );
  }
  const models = modelOptions.map((entry, index) => {
    const model = typeof entry === 'string' ? { id: entry } : entry;
    if (typeof model?.id !== 'string' || model.id === '') {
      throw new TypeError(`startSimulator: models[${index}] must be a model id or { id: string }.`);
    }
    if (model.latency !== undefined) validateLatency(model.latency, `models[${index}].latency`);
    for (const [field, value] of Object.entries(model.usage ?? {})) {
      if (!(typeof value === 'number' && Number.isInteger(value) && value >= 0)) {
        throw new TypeError(
          `startSimulator: models[${index}].usage.${field} must be an integer >= 0; got ${value}.`,
        );
      }
    }
    return { id: model.id, contextWindow: model.contextWindow, latency: model.latency, usage: model.usage };
  });
  validateLatency(defaultLatency, 'latency');
  const latencies = new Map<string, LatencyModel>();
  latencies.set('*', defaultLatency);
  for (const model of models) if (model.latency !== undefined) latencies.set(model.id, model.latency);

  const faultTable = new FaultTable();
  faultTable.set(faults);
  const acceptedKeys = apiKeys === undefined ? undefined : new Set(apiKeys);
  const callerHeaderName = callerHeader.toLowerCase();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Map<ReturnType<typeof setTimeout>, () => void>();
  let sequence = 0;
  let stopped = false;

  function sleep(ms: number): Promise<void> | undefined {
    if (!(ms > 0)) return undefined;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.set(timer, resolve);
    });
  }

  function latencyOf(model: string): Required<LatencyModel> {
    const known = models.find((entry) => protocol.matchesModel(model, entry.id));
    const chosen = (known && latencies.get(known.id)) ?? latencies.get('*') ?? {};
    return { firstTokenMs: chosen.firstTokenMs ?? 0, tokensPerSecond: chosen.tokensPerSecond ?? Infinity };
  }

  async function handle(request: IncomingMessage, response: ServerResponse, bodyText: string): Promise<void> {
    const seq = ++sequence;
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const method = request.method ?? 'GET';
    let body: unknown;
    if (bodyText !== '') {
      try {
        body = JSON.parse(bodyText);
      } catch {
        body = bodyText;
      }
    }
    const apiKey = protocol.apiKey(request.headers);
    const callerValue = request.headers[callerHeaderName];
    const caller =
      typeof callerValue === 'string' && callerValue !== '' ? callerValue.toUpperCase() : undefined;
    const bodyRecord =
      typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
    const model = typeof bodyRecord?.model === 'string' ? bodyRecord.model : undefined;
    const isChat = protocol.isChatRoute(method, path);
    const record: RecordedRequest = {
      seq,
      method,
      path,
      headers: redactHeaders(request.headers),
      body,
      model,
      caller,
      apiKeySuffix: apiKey === undefined ? undefined : apiKey.slice(-4),
      stream: isChat && streamRequested(kind, bodyRecord),
      status: undefined,
      fault: undefined,
      response: { kind: 'pending' },
      startedAt: Date.now(),
      endedAt: undefined,
    };
    requests.push(record);
    if (requests.length > maxRecordedRequests) {
      // Drop in batches so a long benchmark does not shift the array on every request.
      requests.splice(0, requests.length - Math.floor(maxRecordedRequests / 2));
    }
    const ids: AnswerIds = {
      responseId: String(seq).padStart(6, '0'),
      requestId: `req_sim${String(seq).padStart(18, '0')}`,
      toolCallIds: [],
      createdSeconds: Math.floor(record.startedAt / 1000),
      createdAt: new Date(record.startedAt).toISOString(),
      latencyMs: 0,
    };
    let closed = false;
    response.on('close', () => {
      closed = true;
      if (record.endedAt === undefined) record.endedAt = Date.now();
      if (record.response.kind === 'pending') record.response.kind = 'aborted';
    });

    const sendError = (answer: ErrorAnswer): void => {
      const headers: Record<string, string> = answer.withoutRequestId
        ? { ...(answer.headers ?? {}) }
        : { ...protocol.responseHeaders(ids), ...(answer.headers ?? {}) };
      if (noRetryHeader) headers['x-should-retry'] = 'false';
      sendJson(response, answer.status, answer.body, headers);
      record.status = answer.status;
      record.response = { kind: 'json', body: answer.body };
      record.endedAt = Date.now();
    };

    if (!isChat) {
      const info = protocol.answerInfo(method, path, body, models, ids.requestId);
      if (info === undefined) {
        sendError(protocol.error({ type: 'route_not_found', method, path }, ids.requestId));
        return;
      }
      if ('headers' in info || info.status >= 400) {
        sendError(info);
        return;
      }
      sendJson(response, info.status, info.body, protocol.responseHeaders(ids));
      record.status = info.status;
      record.response = { kind: 'json', body: info.body };
      record.endedAt = Date.now();
      return;
    }

    const parsed = protocol.parseChat(body, ids.requestId, path);
    if ('status' in parsed) {
      sendError(parsed);
      return;
    }
    const conversation = parsed;
    const rule = faultTable.take({ model: conversation.model, caller, apiKey });
    const fault = rule?.fault;
    if (rule !== undefined && fault !== undefined) record.fault = { type: fault.type, ruleId: rule.id };

    switch (fault?.type) {
      case 'region_block':
        return sendError(protocol.error({ type: 'region_block' }, ids.requestId));
      case 'model_withdrawn':
        return sendError(
          protocol.error({ type: 'model_withdrawn', model: conversation.model }, ids.requestId),
        );
      case 'key_revoked':
        return sendError(protocol.error({ type: 'key_revoked', apiKey }, ids.requestId));
      case 'quota_exhausted':
        return sendError(protocol.error({ type: 'quota_exhausted' }, ids.requestId));
      case 'rate_limit':
        return sendError(
          protocol.error(
            {
              type: 'rate_limit',
              model: conversation.model,
              retryAfterSeconds: fault.retryAfterSeconds,
            },
            ids.requestId,
          ),
        );
      case 'server_error':
        return sendError(
          protocol.error({ type: 'server_error', status: fault.status ?? 500 }, ids.requestId),
        );
      case 'context_length': {
        const known = models.find((entry) => protocol.matchesModel(conversation.model, entry.id));
        const contextWindow = known?.contextWindow ?? 128_000;
        return sendError(
          protocol.error(
            {
              type: 'context_length',
              contextWindow,
              inputTokens: Math.max(conversation.inputTokens, contextWindow + 1),
            },
            ids.requestId,
          ),
        );
      }
      case 'connection_reset':
        record.response = { kind: 'reset' };
        record.endedAt = Date.now();
        request.socket.resetAndDestroy();
        return;
      case 'no_response':
        record.response = { kind: 'hung' };
        return;
      case 'mid_stream_error':
        if (!conversation.stream)
          return sendError(protocol.error({ type: 'mid_stream_error' }, ids.requestId));
        break;
      default:
        break;
    }

    if (acceptedKeys !== undefined) {
      if (apiKey === undefined) return sendError(protocol.error({ type: 'key_missing' }, ids.requestId));
      if (!acceptedKeys.has(apiKey))
        return sendError(protocol.error({ type: 'key_revoked', apiKey }, ids.requestId));
    }
    const known = models.find((entry) => protocol.matchesModel(conversation.model, entry.id));
    if (known === undefined)
      return sendError(protocol.error({ type: 'model_unknown', model: conversation.model }, ids.requestId));
    if (known.contextWindow !== undefined && conversation.inputTokens > known.contextWindow) {
      return sendError(
        protocol.error(
          {
            type: 'context_length',
            contextWindow: known.contextWindow,
            inputTokens: conversation.inputTokens,
          },
          ids.requestId,
        ),
      );
    }

    const completion = planCompletion(conversation, {
      contentFilter: fault?.type === 'content_filter',
      usage: known.usage,
    });
    const latency = latencyOf(conversation.model);
    let firstTokenMs = latency.firstTokenMs;
    if (fault?.type === 'slow_first_token') firstTokenMs += fault.delayMs;
    if (fault?.type === 'latency') firstTokenMs += fault.extraMs;
    const msPerToken = Number.isFinite(latency.tokensPerSecond) ? 1000 / latency.tokensPerSecond : 0;
    const toolCallIds = completion.toolCalls.map((_, index) => `${ids.responseId}${index}`);
    const answerIds: AnswerIds = {
      ...ids,
      toolCallIds,
      latencyMs: firstTokenMs + msPerToken * completion.outputTokens,
    };
    const headers = protocol.responseHeaders(answerIds);
    const finishReason = protocol.finishReason(completion);
    const summary = {
      text: completion.text,
      toolCalls: completion.toolCalls.map((call) => call.name),
      finishReason,
      usage: { inputTokens: completion.inputTokens, outputTokens: completion.outputTokens },
    };

    if (!conversation.stream) {
      await sleep(firstTokenMs / timeScale);
      if (closed || stopped) return;
      await sleep((msPerToken * completion.outputTokens) / timeScale);
      if (closed || stopped) return;
      const answer = protocol.json(completion, conversation, answerIds);
      const text = JSON.stringify(answer);
      if (
        fault?.type === 'stream_cut' ||
        fault?.type === 'stream_stall' ||
        fault?.type === 'malformed_chunk'
      ) {
        const partial = text.slice(0, Math.floor(text.length / 2));
        response.writeHead(200, {
          ...headers,
          'content-type': 'application/json',
          ...(fault.type === 'malformed_chunk'
            ? { 'content-length': String(Buffer.byteLength(partial)) }
            : {}),
        });
        record.status = 200;
        if (fault.type === 'malformed_chunk') {
          response.end(partial);
          record.response = { kind: 'json', body: partial };
          record.endedAt = Date.now();
        } else {
          response.write(partial);
          if (fault.type === 'stream_cut') {
            record.response = { kind: 'cut' };
            record.endedAt = Date.now();
            cutConnection(response);
          } else {
            record.response = { kind: 'stalled' };
          }
        }
        return;
      }
      sendJson(response, 200, answer, headers);
      record.status = 200;
      record.response = { kind: 'json', body: answer, ...summary };
      record.endedAt = Date.now();
      return;
    }

    let events = protocol.stream(completion, conversation, answerIds);
    if (fault?.type === 'missing_terminator') events = events.filter((event) => event.role !== 'terminator');
    if (fault?.type === 'malformed_chunk') {
      const contentIndexes = events.flatMap((event, index) => (event.role === 'content' ? [index] : []));
      const target = contentIndexes[1] ?? contentIndexes[0];
      if (target !== undefined) {
        const original = events[target]!;
        events = events.with(target, { ...original, wire: protocol.malform(original) });
      }
    }
    response.writeHead(200, {
      ...headers,
      'content-type': protocol.streamContentType,
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    response.flushHeaders();
    record.status = 200;
    const recorded: NonNullable<RecordedRequest['response']> = {
      kind: 'pending',
      chunks: 0,
      text: '',
      toolCalls: summary.toolCalls,
      finishReason,
      usage: summary.usage,
    };
    record.response = recorded;
    let contentWritten = 0;
    let firstContent = true;
    const stopAfter =
      fault?.type === 'stream_cut' || fault?.type === 'stream_stall' || fault?.type === 'mid_stream_error'
        ? fault.type === 'mid_stream_error'
          ? 1
          : fault.afterChunks
        : undefined;
    for (const event of events) {
      if (stopAfter !== undefined && contentWritten >= stopAfter && event.role !== 'head') break;
      if (event.role === 'content' || (firstContent && event.role !== 'head')) {
        const wait = firstContent ? firstTokenMs : msPerToken * (event.tokens ?? 0);
        firstContent = false;
        const pending = sleep(wait / timeScale);
        if (pending !== undefined) await pending;
        if (closed || stopped) return;
        if (event.role === 'content') contentWritten += 1;
      }
      response.write(event.wire);
      recorded.chunks = (recorded.chunks ?? 0) + 1;
      if (event.text !== undefined) recorded.text += event.text;
    }
    if (closed || stopped) return;
    if (fault?.type === 'stream_cut') {
      recorded.kind = 'cut';
      record.endedAt = Date.now();
      cutConnection(response);
      return;
    }
    if (fault?.type === 'stream_stall') {
      recorded.kind = 'stalled';
      return;
    }
    if (fault?.type === 'mid_stream_error') {
      response.write(protocol.midStreamError(answerIds));
      recorded.chunks = (recorded.chunks ?? 0) + 1;
    }
    recorded.kind = 'stream';
    record.endedAt = Date.now();
    response.end();
  }

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
      handle(request, response, Buffer.concat(chunks).toString('utf8')).catch((error: unknown) => {
        if (!response.headersSent) {
          sendJson(response, 500, { error: `simulator failure: ${String(error)}` }, {});
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
    kind,
    port: actualPort,
    url,
    baseURL: protocol.baseURL(url),
    addFault: (rule) => faultTable.add(rule),
    removeFault: (id) => faultTable.remove(id),
    setFaults: (rules) => faultTable.set(rules),
    clearFaults: () => faultTable.clear(),
    get faults() {
      return faultTable.list();
    },
    setLatency(model, latency) {
      validateLatency(latency, `setLatency(${JSON.stringify(model)})`);
      latencies.set(model, latency);
    },
    get requests() {
      return requests;
    },
    clearRequests() {
      requests.length = 0;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const [timer, resolve] of timers) {
        clearTimeout(timer);
        resolve();
      }
      timers.clear();
      const closing = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await closing;
    },
  };
}

function validateLatency(latency: LatencyModel, where: string): void {
  if (typeof latency !== 'object' || latency === null) {
    throw new TypeError(`startSimulator: ${where} must be { firstTokenMs?, tokensPerSecond? }.`);
  }
  const { firstTokenMs, tokensPerSecond } = latency;
  if (firstTokenMs !== undefined && !(typeof firstTokenMs === 'number' && firstTokenMs >= 0)) {
    throw new TypeError(`startSimulator: ${where}.firstTokenMs must be a number >= 0; got ${firstTokenMs}.`);
  }
  if (tokensPerSecond !== undefined && !(typeof tokensPerSecond === 'number' && tokensPerSecond > 0)) {
    throw new TypeError(
      `startSimulator: ${where}.tokensPerSecond must be a number > 0; got ${tokensPerSecond}.`,
    );
  }
}

function streamRequested(kind: SimulatorKind, body: Record<string, unknown> | undefined): boolean {
  if (kind === 'ollama') return body?.stream !== false;
  return body?.stream === true;
}

const secretHeaders = new Set(['authorization', 'x-api-key', 'api-key', 'proxy-authorization']);

function redactHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    result[name] = secretHeaders.has(name) ? '[redacted]' : Array.isArray(value) ? value.join(', ') : value;
  }
  return result;
}

/** Closes the connection after flushing what was written, leaving the HTTP body unterminated. */
function cutConnection(response: ServerResponse): void {
  const socket = response.socket;
  if (socket === null) {
    response.destroy();
    return;
  }
  socket.end();
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
): void {
  const isText = typeof body === 'string';
  const text = isText ? body : JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json',
    'content-length': String(Buffer.byteLength(text)),
  });
  response.end(text);
}
