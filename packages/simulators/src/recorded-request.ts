import type { FaultType } from './fault.js';

/**
 * One request a simulator received, and what it answered. Recorded for every
 * request, including those it never answered (`status` stays `undefined`).
 * API keys are redacted: headers that carry one read `[redacted]`.
 */
export interface RecordedRequest {
  /** Sequence number within this simulator, from 1. */
  readonly seq: number;
  /** HTTP method, e.g. `POST`. */
  readonly method: string;
  /** Request path without the query string, e.g. `/v1/chat/completions`. */
  readonly path: string;
  /** Request headers (lower-case names), with API keys redacted. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body, the raw text when it was not JSON, or `undefined` when empty. */
  readonly body: unknown;
  /** The model named in the body, if any. */
  readonly model: string | undefined;
  /** The caller country from the caller header, upper-cased, if any. */
  readonly caller: string | undefined;
  /** The last four characters of the API key, if one was sent. */
  readonly apiKeySuffix: string | undefined;
  /** Whether a streamed answer was asked for. */
  readonly stream: boolean;
  /** Status answered; `undefined` while pending, after a reset or when never answered. */
  status: number | undefined;
  /** The fault applied to this request, if any. */
  fault: { readonly type: FaultType; readonly ruleId: string } | undefined;
  /** What was sent back. */
  response: RecordedResponse;
  /** `Date.now()` when the request arrived. */
  readonly startedAt: number;
  /** `Date.now()` when the answer ended (or the connection was dropped); `undefined` while pending. */
  endedAt: number | undefined;
}

/** Summary of the answer to a recorded request. */
export interface RecordedResponse {
  /**
   * `pending` (still running), `json` (complete body), `stream` (complete stream), `reset`
   * (connection reset, nothing sent), `hung` (never answered), `cut` (closed mid-answer),
   * `stalled` (stopped sending, left open), `aborted` (client went away mid-answer).
   */
  kind: 'pending' | 'json' | 'stream' | 'reset' | 'hung' | 'cut' | 'stalled' | 'aborted';
  /** The JSON body for `json` answers (errors included). */
  body?: unknown;
  /** Stream chunks (SSE events or NDJSON lines) written, for streamed answers. */
  chunks?: number;
  /** Answer text written (content only), for successful answers. */
  text?: string;
  /** Tool calls answered, by name. */
  toolCalls?: string[];
  /** Finish reason as the provider spelled it, e.g. `stop`, `end_turn`, `tool_calls`. */
  finishReason?: string;
  /** Token counts reported. */
  usage?: { inputTokens: number; outputTokens: number };
}
