/**
 * Our fault server for the public failover catalogue: an OpenAI-compatible
 * Chat Completions provider that breaks on purpose, the fault chosen by the
 * model name (`fb-ok` answers; `fb-s08-stream-cut` dies after 40 of 60 words;
 * ...), written from the catalogue's descriptions and timing profile `full`.
 * It answers in process through a `fetch` (the official `openai` SDK still
 * builds every request and parses every answer) and behaves like a socket on
 * faults: a reset rejects with `TypeError: fetch failed`, a body closed early
 * errors with `TypeError: terminated`, silence lasts until the request is
 * aborted. Every delay is a global `setTimeout`, so the catalogue runs on
 * virtual time. It logs every attempt (seconds since `reset`, model, action).
 */
import { canonicalAnswer } from './canonical-answer.js';
import { type AnswerMode, canonicalWords, plainAnswer, streamAnswer } from './wall-answers.js';
import { behaviourOf, faultResponse } from './wall-faults.js';
import { abortReason, errorResponse } from './wall-transport.js';

/** The catalogue's `full` timing profile (what a published scorecard uses). */
export const fullTiming: WallTiming = {
  retryAfterS: 2,
  slowTtftS: 20,
  stallS: 30,
  noResponseS: 120,
  flapDownS: 60,
  tokenIntervalMs: 15,
  cutAfterTokens: 40,
  stallAfterTokens: 20,
  malformedAtToken: 10,
};

/** The waits and counts of a timing profile. */
export interface WallTiming {
  readonly retryAfterS: number;
  readonly slowTtftS: number;
  readonly stallS: number;
  readonly noResponseS: number;
  readonly flapDownS: number;
  readonly tokenIntervalMs: number;
  readonly cutAfterTokens: number;
  readonly stallAfterTokens: number;
  readonly malformedAtToken: number;
}

/** One request the wall saw. */
export interface WallEntry {
  /** Seconds since the last reset. */
  readonly t: number;
  readonly model: string;
  /** Attempts on this model since the reset, this one included. */
  readonly attempt: number;
  readonly stream: boolean;
  readonly lastRole: string | undefined;
  /** What the wall did, e.g. `503`, `200 stream cut after 40 tokens`, `400 prefill_rejected`. */
  action: string;
  readonly promptTokens: number;
}

interface Message {
  role?: string;
  content?: unknown;
}

const textOf = (content: unknown): string =>
  typeof content === 'string'
    ? content
    : Array.isArray(content)
      ? content.map((part: { text?: unknown }) => (typeof part?.text === 'string' ? part.text : '')).join('')
      : '';

/** The fault wall: `fetch` answers; `log` is what it saw since `reset`. */
export class FaultWall {
  readonly timing: WallTiming;
  log: WallEntry[] = [];
  #counts = new Map<string, number>();
  #resetAt = Date.now();
  #sequence = 0;

  /** @param options.timing changes to the `full` profile (e.g. no wait between words, for a loopback run in real time). */
  constructor(options: { timing?: Partial<WallTiming> } = {}) {
    this.timing = { ...fullTiming, ...options.timing };
  }

  /** Clears the log and the attempt counters; the clock of the log starts again. */
  reset(): void {
    this.log = [];
    this.#counts = new Map();
    this.#resetAt = Date.now();
  }

  /** Seconds since the last reset. */
  now(): number {
    return (Date.now() - this.#resetAt) / 1_000;
  }

  /** The wall's `fetch`: give it to the SDK (`createOpenAI({ fetch })`). */
  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const signal = init?.signal ?? undefined;
    if (signal?.aborted) throw abortReason(signal);
    if (!url.pathname.endsWith('/chat/completions'))
      return errorResponse(404, `No route for ${url.pathname}`, 'invalid_request_error', null);
    const body = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as {
      model?: string;
      stream?: boolean;
      messages?: Message[];
      stream_options?: { include_usage?: boolean };
    };
    const model = String(body.model ?? '');
    const messages = body.messages ?? [];
    const last = messages.at(-1);
    const attempt = (this.#counts.get(model) ?? 0) + 1;
    this.#counts.set(model, attempt);
    this.#sequence++;
    const promptTokens = messages.reduce(
      (sum, message) => sum + textOf(message.content).split(/\s+/).length + 4,
      0,
    );
    const entry: WallEntry = {
      t: this.now(),
      model,
      attempt,
      stream: body.stream === true,
      lastRole: last?.role,
      action: '',
      promptTokens,
    };
    this.log.push(entry);
    const behaviour = behaviourOf(model);
    if (behaviour === undefined) {
      entry.action = '404 model_not_found';
      return errorResponse(
        404,
        `The model \`${model}\` does not exist`,
        'invalid_request_error',
        'model_not_found',
      );
    }
    const timing = this.timing;
    // A prefill (an assistant message last) whose text starts the answer gets the rest of it.
    let answerWords = canonicalWords;
    let continuation = false;
    if (last?.role === 'assistant') {
      const partial = textOf(last.content).trim();
      if (behaviour === 'ok_noprefill') {
        entry.action = '400 prefill_rejected';
        return errorResponse(
          400,
          'This model does not support assistant message prefill. The conversation must end with a user message.',
          'invalid_request_error',
          'invalid_prefill',
        );
      }
      if (partial !== '' && canonicalAnswer.startsWith(partial)) {
        answerWords = canonicalAnswer.slice(partial.length).split(/\s+/).filter(Boolean);
        continuation = true;
      }
    }
    const fault = faultResponse({ behaviour, model, attempt, now: this.now(), timing, entry, signal });
    if (fault !== undefined) return fault;
    const mode: AnswerMode =
      behaviour === 'slow_ttft'
        ? 'slow'
        : behaviour === 'stream_cut'
          ? 'cut'
          : behaviour === 'stream_stall'
            ? 'stall'
            : behaviour === 'malformed_chunk'
              ? 'malformed'
              : behaviour === 'no_done'
                ? 'no_done'
                : 'ok';
    const id = `chatcmpl-fb-${this.#sequence}`;
    if (body.stream === true)
      return streamAnswer({
        timing,
        entry,
        id,
        model,
        answerWords,
        continuation,
        mode,
        signal,
        usage: body.stream_options?.include_usage === true,
      });
    return plainAnswer({ timing, entry, id, model, answerWords, continuation, mode, signal });
  };
}
