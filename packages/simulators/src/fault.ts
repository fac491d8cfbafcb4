/**
 * A fault a simulator can inject into its answers. Each one answers with the
 * exact signal the real provider sends for that situation (see the README table).
 *
 * - `region_block`: the caller's country is not served (OpenAI 403
 *   `unsupported_country_region_territory`, Anthropic 403 `forbidden` without `request-id`).
 * - `legal_block`: the caller may not be served for legal reasons (HTTP 451, RFC 7725). No LLM
 *   provider is known to send 451: the body is Switchyard's own, in the provider's error envelope,
 *   and a client classifies the answer by its status alone. With `blockedBy` (an absolute http(s) URL),
 *   the answer names the entity implementing the block in `Link: <blockedBy>; rel="blocked-by"`
 *   (RFC 7725 §4).
 * - `model_withdrawn`: the model was retired or removed (404).
 * - `key_revoked`: the API key is invalid, revoked or expired (401).
 * - `quota_exhausted`: the account is out of credit (a 429 or 402 without `retry-after`).
 * - `rate_limited`: a rate limit (429), with `retry-after` when `retryAfterSeconds` is set.
 * - `server_error`: a server error with the given status (default 500).
 * - `connection_reset`: the TCP connection is reset before any header is sent.
 * - `no_response`: the request is accepted and never answered (until the client gives up or `stop()`).
 * - `slow_first_token`: the first token (or the whole non-streamed answer) is delayed by `delayMs`.
 * - `stream_cut`: the connection is closed after `afterChunks` content chunks, without a terminator.
 * - `stream_stall`: nothing more is sent after `afterChunks` content chunks; the connection stays open.
 * - `malformed_chunk`: one chunk is not valid JSON: the content chunk after `afterChunks` good ones
 *   (default 1), or the body of an answer that is not streamed.
 * - `missing_terminator`: the stream ends cleanly but without its terminator (`[DONE]`, `message_stop`, `done: true`).
 * - `mid_stream_error`: after the first content chunk the provider's in-stream error event is sent.
 * - `context_length`: the prompt is reported as longer than the model's context window (400).
 * - `content_filter`: the answer is withheld by the provider's content filter.
 * - `latency`: every answer is delayed by `extraMs` more before its first token.
 */
export type Fault =
  | { type: 'region_block' }
  | { type: 'legal_block'; blockedBy?: string }
  | { type: 'model_withdrawn' }
  | { type: 'key_revoked' }
  | { type: 'quota_exhausted' }
  | { type: 'rate_limited'; retryAfterSeconds?: number }
  | { type: 'server_error'; status?: 500 | 502 | 503 | 529 }
  | { type: 'connection_reset' }
  | { type: 'no_response' }
  | { type: 'slow_first_token'; delayMs: number }
  | { type: 'stream_cut'; afterChunks: number }
  | { type: 'stream_stall'; afterChunks: number }
  | { type: 'malformed_chunk'; afterChunks?: number }
  | { type: 'missing_terminator' }
  | { type: 'mid_stream_error' }
  | { type: 'context_length' }
  | { type: 'content_filter' }
  | { type: 'latency'; extraMs: number };

/** The name of a fault, e.g. `'region_block'`. */
export type FaultType = Fault['type'];

/**
 * Earlier spellings still read, each becoming its fault type: `rate_limit`
 * (before the one spelling `rate_limited`, the failure kind's name).
 */
export const faultTypeAliases: Readonly<Record<string, FaultType>> = { rate_limit: 'rate_limited' };

/** Every fault type, in documentation order. */
export const faultTypes: readonly FaultType[] = [
  'region_block',
  'legal_block',
  'model_withdrawn',
  'key_revoked',
  'quota_exhausted',
  'rate_limited',
  'server_error',
  'connection_reset',
  'no_response',
  'slow_first_token',
  'stream_cut',
  'stream_stall',
  'malformed_chunk',
  'missing_terminator',
  'mid_stream_error',
  'context_length',
  'content_filter',
  'latency',
];

/**
 * When a fault applies. A request matches a rule when every field that is set matches;
 * the first matching rule (in the order they were added) is applied.
 *
 * @example
 * ```ts
 * const rule: FaultRule = { fault: { type: 'region_block' }, model: 'gpt-*', callers: ['CN', 'RU'] };
 * ```
 */
export interface FaultRule {
  /** Stable id for `removeFault`; generated (`fault-1`, ...) when absent. */
  id?: string;
  /** What to answer. */
  fault: Fault;
  /** Model glob (`*` matches any run of characters, `?` one character). Default: every model. */
  model?: string;
  /** Caller countries (case-insensitive) read from the caller header. Default: every caller, even none. */
  callers?: string[];
  /** Only requests made with exactly this API key. Default: any key. */
  apiKey?: string;
  /** Apply this many times, then expire (and disappear from the rule list). Default: forever. */
  times?: number;
}
