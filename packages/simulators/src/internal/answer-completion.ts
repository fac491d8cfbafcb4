import type { Fault } from '../fault.js';
import type { LatencyModel } from '../latency-model.js';
import type { AnswerIds, ProviderProtocol, StreamEvent } from '../providers/provider-protocol.js';
import type { RecordedRequest, RecordedResponse } from '../recorded-request.js';
import { type AnswerContext, answerContextOf, type Conversation } from './conversation.js';
import { PacedStreamWriter, type Pause } from './paced-stream-writer.js';
import { type Completion, planCompletion } from './plan-completion.js';
import type { SimulatorExchange } from './simulator-exchange.js';

/** A model a simulator serves, options checked. */
export interface EngineModel {
  readonly id: string;
  readonly contextWindow: number | undefined;
  readonly latency: LatencyModel | undefined;
  readonly usage:
    | { cachedInputTokens?: number; cacheWriteInputTokens?: number; reasoningTokens?: number }
    | undefined;
}

/** How an answer is sent, whatever it answers. */
interface Delivery {
  exchange: SimulatorExchange;
  protocol: ProviderProtocol;
  latency: Required<LatencyModel>;
  fault: Fault | undefined;
  ids: AnswerIds;
  record: RecordedRequest;
  sleep: (ms: number) => Promise<void> | undefined;
  /** `sleep` for a stream: calls back instead of a promise per wait. */
  pause: Pause;
  isStopped: () => boolean;
  /** Coalesce streamed content: wait at most this often (simulated ms); 0: once per event. */
  chunkIntervalMs: number;
  /** Tokens per streamed content event (1: one event per token, as providers send). */
  tokensPerChunk: number;
  /** Whether the record is kept (`maxRecordedRequests` above 0): the streamed text is gathered in it only then. */
  recording: boolean;
}

/**
 * Answers a generation request that no fault refused: the complete JSON
 * answer or the stream, paced by the latency model, with the answer faults
 * (`stream_cut`, `stream_stall`, `malformed_chunk`, `missing_terminator`,
 * `mid_stream_error`, `slow_first_token`, `latency`, `content_filter`) applied.
 *
 * The answer is planned at once; what is sent over the answer's time keeps
 * the planned answer and what its wire format needs of the conversation,
 * never the prompt (an answer streamed for a second of simulated time would
 * otherwise keep its request's prompt for as long).
 */
export function answerCompletion(
  options: Delivery & { conversation: Conversation; model: EngineModel },
): Promise<void> {
  const { conversation, model, ...delivery } = options;
  const completion = planCompletion(conversation, {
    contentFilter: delivery.fault?.type === 'content_filter',
    usage: model.usage,
  });
  return sendCompletion(delivery, completion, answerContextOf(conversation));
}

function sendCompletion(
  delivery: Delivery,
  completion: Completion,
  conversation: AnswerContext,
): Promise<void> {
  const { exchange, protocol, latency, fault, ids, record } = delivery;
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

  if (!conversation.stream)
    return sendJson({
      delivery,
      completion,
      conversation,
      answerIds,
      headers,
      summary,
      firstTokenMs,
      msPerToken,
    });

  // Made as they are written: a stream keeps its plan while it waits, not the bytes of every event.
  let events: Iterable<StreamEvent> = protocol.stream(
    completion,
    conversation,
    answerIds,
    delivery.tokensPerChunk,
  );
  if (fault?.type === 'missing_terminator')
    events = [...events].filter((event) => event.role !== 'terminator');
  if (fault?.type === 'malformed_chunk') {
    // Which content event is the last one is known only once all are made.
    const all = [...events];
    const contentIndexes = all.flatMap((event, index) => (event.role === 'content' ? [index] : []));
    const after = fault.afterChunks ?? 1;
    const target = contentIndexes[Math.min(after, contentIndexes.length - 1)];
    const original = target === undefined ? undefined : all[target];
    events =
      target !== undefined && original !== undefined
        ? all.with(target, { ...original, wire: protocol.malform(original) })
        : all;
  }
  record.status = 200;
  const recorded: RecordedResponse = {
    kind: 'pending',
    chunks: 0,
    text: '',
    toolCalls: summary.toolCalls,
    finishReason,
    usage: summary.usage,
  };
  record.response = recorded;
  exchange.writeHead(200, {
    ...headers,
    'content-type': protocol.streamContentType,
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  exchange.flushHeaders();
  return new PacedStreamWriter({
    exchange,
    protocol,
    events,
    fault,
    answerIds,
    record,
    recorded,
    pause: delivery.pause,
    isStopped: delivery.isStopped,
    firstTokenMs,
    msPerToken,
    chunkIntervalMs: delivery.chunkIntervalMs,
    recording: delivery.recording,
  }).run();
}

/** Answers with the whole JSON body once the latency model's time has passed. */
async function sendJson(options: {
  delivery: Delivery;
  completion: Completion;
  conversation: AnswerContext;
  answerIds: AnswerIds;
  headers: Record<string, string>;
  summary: Pick<RecordedResponse, 'text' | 'toolCalls' | 'finishReason' | 'usage'>;
  firstTokenMs: number;
  msPerToken: number;
}): Promise<void> {
  const { delivery, completion, conversation, answerIds, headers, summary, firstTokenMs, msPerToken } =
    options;
  const { exchange, protocol, fault, record, sleep } = delivery;
  const gone = () => exchange.closed || delivery.isStopped();
  await sleep(firstTokenMs);
  if (gone()) return;
  await sleep(msPerToken * completion.outputTokens);
  if (gone()) return;
  const answer = protocol.json(completion, conversation, answerIds);
  const text = JSON.stringify(answer);
  if (fault?.type === 'stream_cut' || fault?.type === 'stream_stall' || fault?.type === 'malformed_chunk') {
    const partial = text.slice(0, Math.floor(text.length / 2));
    record.status = 200;
    exchange.writeHead(200, {
      ...headers,
      'content-type': 'application/json',
      ...(fault.type === 'malformed_chunk' ? { 'content-length': String(Buffer.byteLength(partial)) } : {}),
    });
    if (fault.type === 'malformed_chunk') {
      record.response = { kind: 'json', body: partial };
      record.endedAt = Date.now();
      exchange.end(partial);
    } else if (fault.type === 'stream_cut') {
      record.response = { kind: 'cut' };
      record.endedAt = Date.now();
      exchange.write(partial);
      exchange.cut();
    } else {
      record.response = { kind: 'stalled' };
      exchange.write(partial);
    }
    return;
  }
  record.status = 200;
  record.response = { kind: 'json', body: answer, ...summary };
  record.endedAt = Date.now();
  exchange.writeHead(200, {
    ...headers,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
  });
  exchange.end(text);
}
