import type { AnswerContext, Conversation } from '../internal/conversation.js';
import type { Completion } from '../internal/plan-completion.js';
import type { SimulatorKind } from '../simulator-handle.js';

/** An HTTP error answer: status, JSON body and extra headers. */
export interface ErrorAnswer {
  readonly status: number;
  /** JSON body, or a string sent as `text/plain`. */
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Leave out the provider's request-id header (Anthropic's edge region block). */
  readonly withoutRequestId?: boolean;
}

/** The situations every provider answers with an error of its own shape. */
export type ErrorSituation =
  | { readonly type: 'region_block' }
  | { readonly type: 'legal_block' }
  | { readonly type: 'model_withdrawn'; readonly model: string }
  | { readonly type: 'model_unknown'; readonly model: string }
  | { readonly type: 'key_revoked'; readonly apiKey: string | undefined }
  | { readonly type: 'key_missing' }
  | { readonly type: 'quota_exhausted' }
  | { readonly type: 'rate_limited'; readonly model: string; readonly retryAfterSeconds: number | undefined }
  | { readonly type: 'server_error'; readonly status: number }
  | { readonly type: 'mid_stream_error' }
  | { readonly type: 'context_length'; readonly inputTokens: number; readonly contextWindow: number }
  | { readonly type: 'bad_request'; readonly message: string; readonly param?: string }
  | { readonly type: 'route_not_found'; readonly method: string; readonly path: string };

/** One piece of a streamed answer. */
export interface StreamEvent {
  /** Exact bytes to write (an SSE event or an NDJSON line, with its terminator). */
  readonly wire: string;
  /**
   * `head`: sent as soon as the stream starts; `content`: carries part of the answer (counted by
   * `stream_cut`/`stream_stall`, paced by the latency model); `structure`: block boundaries sent
   * without delay; `tail`: finish and usage; `terminator`: the end marker `missing_terminator` drops.
   */
  readonly role: 'head' | 'content' | 'structure' | 'tail' | 'terminator';
  /** Output tokens this event carries (pacing). */
  readonly tokens?: number;
  /** Answer text this event carries (recording). */
  readonly text?: string;
}

/** Ids and timestamps one answer uses, drawn by the simulator. */
export interface AnswerIds {
  readonly responseId: string;
  readonly requestId: string;
  readonly toolCallIds: readonly string[];
  readonly createdSeconds: number;
  /** When the answer was created, in milliseconds since the epoch: a wire format that writes it as text formats it itself. */
  readonly createdMs: number;
  /** Milliseconds the latency model spends on this answer (Ollama durations). */
  readonly latencyMs: number;
}

/** What a simulator needs from a provider to speak its wire format. */
export interface ProviderProtocol {
  readonly kind: SimulatorKind;
  /** Base URL the official SDK expects, from `http://127.0.0.1:PORT`. */
  baseURL(url: string): string;
  /** Recognises a generation route. */
  isChatRoute(method: string, path: string): boolean;
  /** Answers informational routes (models, tags, version, show); `undefined` when not one. */
  answerInfo(
    method: string,
    path: string,
    body: unknown,
    models: readonly { id: string; contextWindow: number | undefined }[],
    requestId: string,
  ): { status: number; body: unknown } | ErrorAnswer | undefined;
  /** The API key the request carries (read from its headers, one at a time). */
  apiKey(request: { header(name: string): string | undefined }): string | undefined;
  /** Parses a generation request body, or answers a 400. */
  parseChat(body: unknown, requestId: string, path: string): Conversation | ErrorAnswer;
  /** Whether the provider knows `requested` as one of `known` (Ollama adds `:latest`). */
  matchesModel(requested: string, known: string): boolean;
  /** The error answer for a situation. */
  error(situation: ErrorSituation, requestId: string): ErrorAnswer;
  /** Headers on every answer of one request. */
  responseHeaders(ids: AnswerIds): Record<string, string>;
  /** The complete non-streamed answer body. */
  json(completion: Completion, conversation: AnswerContext, ids: AnswerIds): unknown;
  /**
   * The streamed answer, event by event; content events carry up to `tokensPerChunk` tokens each
   * (default 1). Each event is made when it is read: an answer streamed over a long time keeps
   * what it answers and a position, not the bytes of every event still to come.
   */
  stream(
    completion: Completion,
    conversation: AnswerContext,
    ids: AnswerIds,
    tokensPerChunk?: number,
  ): Iterable<StreamEvent>;
  /** Content type of a streamed answer. */
  readonly streamContentType: string;
  /** A broken (unparseable) version of a stream event. */
  malform(event: StreamEvent): string;
  /** The provider's in-stream error event. */
  midStreamError(ids: AnswerIds): string;
  /** Normalised finish reason as the provider spells it. */
  finishReason(completion: Completion): string;
}
