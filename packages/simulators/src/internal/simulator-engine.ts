import type { Fault, FaultRule } from '../fault.js';
import type { LatencyModel } from '../latency-model.js';
import type { AnswerIds, ErrorAnswer, ProviderProtocol } from '../providers/provider-protocol.js';
import type { RecordedRequest } from '../recorded-request.js';
import type { SimulatorKind } from '../simulator-handle.js';
import { answerCompletion, type EngineModel } from './answer-completion.js';
import { type EngineOptions, resolveEngineOptions, validateLatency } from './engine-options.js';
import { FaultTable } from './fault-table.js';
import type { SimulatorExchange } from './simulator-exchange.js';

/** The engine of a simulator: answers exchanges, holds faults, latencies and recorded requests. */
export interface SimulatorEngine {
  readonly kind: SimulatorKind;
  readonly protocol: ProviderProtocol;
  handle(exchange: SimulatorExchange): Promise<void>;
  addFault(rule: FaultRule): string;
  removeFault(id: string): void;
  setFaults(rules: readonly FaultRule[]): void;
  clearFaults(): void;
  readonly faults: readonly FaultRule[];
  setLatency(model: string, latency: LatencyModel): void;
  readonly requests: readonly RecordedRequest[];
  clearRequests(): void;
  /** Cancels every pending delay; exchanges still running end without answering. */
  stop(): void;
}

const noHeaders: Readonly<Record<string, string>> = Object.freeze({});

const secretHeaders = new Set(['authorization', 'x-api-key', 'api-key', 'proxy-authorization']);

function redactHeaders(headers: SimulatorExchange['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    result[name] = secretHeaders.has(name) ? '[redacted]' : Array.isArray(value) ? value.join(', ') : value;
  }
  return result;
}

function streamRequested(kind: SimulatorKind, body: Record<string, unknown> | undefined): boolean {
  if (kind === 'ollama') return body?.stream !== false;
  return body?.stream === true;
}

/** The longest delay `setTimeout` takes as given; it runs a longer one after 1 ms. */
const maxTimerMs = 2 ** 31 - 1;

/**
 * Builds the transport-free engine of a simulator: options validated, one
 * `handle(exchange)` per request. Delays use the global `setTimeout`, so a
 * fake clock (a drill's virtual time) drives them.
 *
 * @throws TypeError when an option is invalid.
 */
export function createSimulatorEngine(options: EngineOptions): SimulatorEngine {
  const {
    kind,
    protocol,
    models,
    faults,
    latencies,
    timeScale,
    callerHeader: callerHeaderName,
    acceptedKeys,
    noRetryHeader,
    maxRecordedRequests,
    chunkIntervalMs,
    tokensPerChunk,
    caller: who,
  } = resolveEngineOptions(options);

  const faultTable = new FaultTable();
  faultTable.set(faults);
  const requests: RecordedRequest[] = [];
  const timers = new Map<ReturnType<typeof setTimeout>, () => void>();
  // Where no request is kept, a record holds only what answering needs: it lives as long as its
  // answer, and a long drill has hundreds of answers under way.
  const recording = maxRecordedRequests > 0;
  let sequence = 0;
  let stopped = false;

  function sleep(ms: number): Promise<void> | undefined {
    if (!(ms > 0)) return undefined;
    return new Promise((resolve) => wait(ms / timeScale, resolve));
  }

  /** What `handle` gives for an answer sent at once. */
  const answered: Promise<void> = Promise.resolve();

  /** Whether the simulator was stopped: one function for every answer. */
  const isStopped = () => stopped;

  /** `sleep` without a promise: `resume` is called when the time has passed. */
  function pause(ms: number, resume: () => void): boolean {
    if (!(ms > 0)) return false;
    wait(ms / timeScale, resume);
    return true;
  }

  /** Resolves after `left` ms: one timer and its callback per wait, kept in `timers` until it fires. */
  function wait(left: number, resolve: () => void): void {
    // setTimeout runs a delay past 2^31 - 1 ms after 1 ms: a longer one waits in steps.
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        if (left > maxTimerMs) wait(left - maxTimerMs, resolve);
        else resolve();
      },
      Math.min(left, maxTimerMs),
    );
    timers.set(timer, resolve);
  }

  /** The model a request names, if the simulator serves it. */
  function modelNamed(model: string): EngineModel | undefined {
    return models.find((entry) => protocol.matchesModel(model, entry.id));
  }

  function latencyOf(model: string): Required<LatencyModel> {
    const known = modelNamed(model);
    const chosen = (known && latencies.get(known.id)) ?? latencies.get('*') ?? {};
    return { firstTokenMs: chosen.firstTokenMs ?? 0, tokensPerSecond: chosen.tokensPerSecond ?? Infinity };
  }

  /**
   * Answers an exchange: the promise of its answer itself (no async frame around it while it
   * streams), settled at once for an answer sent at once; a failure of `begin` rejects it.
   */
  function handle(exchange: SimulatorExchange): Promise<void> {
    try {
      return begin(exchange) ?? answered;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Reads a request and answers it, or starts the answer and returns its promise. Not async, so
   * nothing only this function holds (the parsed body, the conversation and its prompt) stays in
   * memory while a long answer streams; and no closure here reads them (a closure keeps every
   * variable of its scope that any closure reads).
   */
  function begin(exchange: SimulatorExchange): Promise<void> | undefined {
    const seq = ++sequence;
    const { method, path } = exchange;
    const bodyText = exchange.takeBody();
    let body: unknown;
    if (bodyText !== '') {
      try {
        body = JSON.parse(bodyText);
      } catch {
        body = bodyText;
      }
    }
    const apiKey = protocol.apiKey(exchange);
    const callerValue = exchange.header(callerHeaderName);
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
      headers: recording ? redactHeaders(exchange.headers) : noHeaders,
      body: recording ? body : undefined,
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
    // Every header the answer needs is read: the exchange need not keep them while it streams.
    exchange.forgetRequest();
    if (recording) {
      requests.push(record);
      if (requests.length > maxRecordedRequests) {
        // Drop in batches so a long benchmark does not shift the array on every request.
        requests.splice(0, requests.length - Math.floor(maxRecordedRequests / 2));
      }
    }
    const ids: AnswerIds = {
      responseId: String(seq).padStart(6, '0'),
      requestId: `req_sim${String(seq).padStart(18, '0')}`,
      toolCallIds: [],
      createdSeconds: Math.floor(record.startedAt / 1000),
      createdMs: record.startedAt,
      latencyMs: 0,
    };
    // Where no request is kept, nobody reads how it ended: no listener waits for it.
    if (recording) {
      exchange.onClose(() => {
        if (record.endedAt === undefined) record.endedAt = Date.now();
        if (record.response.kind === 'pending') record.response.kind = 'aborted';
      });
    }

    const sendJson = (status: number, answer: unknown, headers: Record<string, string>): void => {
      const isText = typeof answer === 'string';
      const text = isText ? answer : JSON.stringify(answer);
      exchange.writeHead(status, {
        ...headers,
        'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json',
        'content-length': String(Buffer.byteLength(text)),
      });
      exchange.end(text);
    };
    const sendError = (answer: ErrorAnswer): undefined => {
      const headers: Record<string, string> = answer.withoutRequestId
        ? { ...(answer.headers ?? {}) }
        : { ...protocol.responseHeaders(ids), ...(answer.headers ?? {}) };
      if (noRetryHeader) headers['x-should-retry'] = 'false';
      record.status = answer.status;
      record.response = { kind: 'json', body: answer.body };
      record.endedAt = Date.now();
      sendJson(answer.status, answer.body, headers);
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
      record.status = info.status;
      record.response = { kind: 'json', body: info.body };
      record.endedAt = Date.now();
      sendJson(info.status, info.body, protocol.responseHeaders(ids));
      return;
    }

    const parsed = protocol.parseChat(body, ids.requestId, path);
    if ('status' in parsed) {
      sendError(parsed);
      return;
    }
    const conversation = parsed;
    const rule = faultTable.take({ model: conversation.model, caller, apiKey });
    const fault: Fault | undefined = rule?.fault;
    if (rule !== undefined && fault !== undefined) record.fault = { type: fault.type, ruleId: rule.id };

    switch (fault?.type) {
      case 'region_block':
        return sendError(protocol.error({ type: 'region_block' }, ids.requestId));
      case 'legal_block': {
        const answer = protocol.error({ type: 'legal_block' }, ids.requestId);
        // RFC 7725 §4: the entity implementing the block names itself in a Link header, whatever the envelope.
        return sendError(
          fault.blockedBy === undefined
            ? answer
            : { ...answer, headers: { ...answer.headers, link: `<${fault.blockedBy}>; rel="blocked-by"` } },
        );
      }
      case 'model_withdrawn':
        return sendError(
          protocol.error({ type: 'model_withdrawn', model: conversation.model }, ids.requestId),
        );
      case 'key_revoked':
        return sendError(protocol.error({ type: 'key_revoked', apiKey }, ids.requestId));
      case 'quota_exhausted':
        return sendError(protocol.error({ type: 'quota_exhausted' }, ids.requestId));
      case 'rate_limited':
        return sendError(
          protocol.error(
            { type: 'rate_limited', model: conversation.model, retryAfterSeconds: fault.retryAfterSeconds },
            ids.requestId,
          ),
        );
      case 'server_error':
        return sendError(
          protocol.error({ type: 'server_error', status: fault.status ?? 500 }, ids.requestId),
        );
      case 'context_length': {
        const known = modelNamed(conversation.model);
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
        exchange.reset();
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
    const known = modelNamed(conversation.model);
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
    return answerCompletion({
      exchange,
      protocol,
      conversation,
      model: known,
      latency: latencyOf(conversation.model),
      fault,
      ids,
      record,
      sleep,
      pause,
      isStopped,
      chunkIntervalMs,
      tokensPerChunk,
      recording,
    });
  }

  return {
    kind,
    protocol,
    handle,
    addFault: (rule) => faultTable.add(rule),
    removeFault: (id) => faultTable.remove(id),
    setFaults: (rules) => faultTable.set(rules),
    clearFaults: () => faultTable.clear(),
    get faults() {
      return faultTable.list();
    },
    setLatency(model, latency) {
      validateLatency(latency, `setLatency(${JSON.stringify(model)})`, who);
      latencies.set(model, latency);
    },
    get requests() {
      return requests;
    },
    clearRequests() {
      requests.length = 0;
    },
    stop() {
      stopped = true;
      for (const [timer, resolve] of timers) {
        clearTimeout(timer);
        resolve();
      }
      timers.clear();
    },
  };
}
