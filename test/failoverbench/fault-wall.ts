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

/** The catalogue's `full` timing profile (what a published scorecard uses). */
export const fullTiming = {
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

type Behaviour =
  | 'ok'
  | 'ok_noprefill'
  | '429_retry_after_once'
  | '429_persistent'
  | '500_once'
  | '503_persistent'
  | 'reset_once'
  | 'no_response'
  | 'slow_ttft'
  | 'stream_cut'
  | 'stream_stall'
  | 'malformed_chunk'
  | 'no_done'
  | 'context_length'
  | 'content_filter'
  | 'flap'
  | 'region_block'
  | 'model_withdrawn'
  | 'key_revoked'
  | 'insufficient_quota';

const behaviours: Record<string, Behaviour> = {
  ok: 'ok',
  'ok-noprefill': 'ok_noprefill',
  s01: '429_retry_after_once',
  s02: '429_persistent',
  s03: '500_once',
  s04: '503_persistent',
  s05: 'reset_once',
  s06: 'no_response',
  s07: 'slow_ttft',
  s08: 'stream_cut',
  s09: 'stream_stall',
  s10: 'malformed_chunk',
  s11: 'no_done',
  s12: 'context_length',
  s13: 'content_filter',
  s14: 'stream_cut',
  s15: 'flap',
  s16: '503_persistent',
  b01: 'region_block',
  b02: 'model_withdrawn',
  b03: 'key_revoked',
  b04: 'insufficient_quota',
};

/** The behaviour of a model name: the `fb-<tag>` part after any provider prefix. */
function behaviourOf(model: string): Behaviour | undefined {
  const name = model.split('/').at(-1)?.trim().toLowerCase() ?? '';
  if (!name.startsWith('fb-')) return undefined;
  const rest = name.slice(3);
  return behaviours[rest] ?? behaviours[rest.split('-')[0] ?? ''];
}

const encoder = new TextEncoder();
const words = canonicalAnswer.split(' ');

function terminated(): TypeError {
  return new TypeError('terminated', {
    cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
  });
}

function connectionReset(): TypeError {
  return new TypeError('fetch failed', {
    cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', syscall: 'read' }),
  });
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

function errorResponse(status: number, message: string, type: string, code: string | null, headers = {}) {
  return new Response(JSON.stringify({ error: { message, type, param: null, code } }), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
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
  readonly timing = fullTiming;
  log: WallEntry[] = [];
  #counts = new Map<string, number>();
  #resetAt = Date.now();
  #sequence = 0;

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
    let answerWords = words;
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
    switch (behaviour) {
      case '429_retry_after_once':
        if (attempt === 1) {
          entry.action = `429 retry-after=${timing.retryAfterS}`;
          return errorResponse(
            429,
            `Rate limit reached for ${model}. Please retry after ${timing.retryAfterS} seconds.`,
            'rate_limit_error',
            'rate_limit_exceeded',
            { 'retry-after': String(timing.retryAfterS) },
          );
        }
        break;
      case '429_persistent':
        entry.action = '429';
        return errorResponse(
          429,
          `Rate limit reached for ${model}.`,
          'rate_limit_error',
          'rate_limit_exceeded',
        );
      case '500_once':
        if (attempt === 1) {
          entry.action = '500';
          return errorResponse(
            500,
            'The server had an error while processing your request.',
            'server_error',
            null,
          );
        }
        break;
      case '503_persistent':
        entry.action = '503';
        return errorResponse(
          503,
          'The engine is currently overloaded. Please try again later.',
          'server_error',
          'overloaded',
        );
      case 'reset_once':
        if (attempt === 1) {
          entry.action = 'tcp-reset';
          throw connectionReset();
        }
        break;
      case 'no_response':
        entry.action = `no-response ${timing.noResponseS}s`;
        return this.#silence(timing.noResponseS * 1_000, signal);
      case 'context_length':
        entry.action = '400 context_length_exceeded';
        return errorResponse(
          400,
          "This model's maximum context length is 8192 tokens. However, your messages resulted in 9631 tokens. Please reduce the length of the messages.",
          'invalid_request_error',
          'context_length_exceeded',
        );
      case 'content_filter':
        entry.action = '400 content_policy_violation';
        return errorResponse(
          400,
          'Your request was rejected as a result of our safety system.',
          'invalid_request_error',
          'content_policy_violation',
        );
      case 'flap':
        if (this.now() < timing.flapDownS) {
          entry.action = '503 (down window)';
          return errorResponse(
            503,
            'The engine is currently overloaded. Please try again later.',
            'server_error',
            'overloaded',
          );
        }
        entry.action = '200 (recovered)';
        break;
      case 'region_block':
        entry.action = '403 unsupported_country_region_territory';
        return errorResponse(
          403,
          'Country, region, or territory not supported',
          'request_forbidden',
          'unsupported_country_region_territory',
        );
      case 'model_withdrawn':
        entry.action = '404 model withdrawn';
        return errorResponse(
          404,
          `The model \`${model}\` has been deprecated, learn more here: https://platform.openai.com/docs/deprecations`,
          'invalid_request_error',
          'model_not_found',
        );
      case 'key_revoked':
        entry.action = '401 invalid_api_key';
        return errorResponse(
          401,
          'Incorrect API key provided: sk-wall****. You can find your API key at https://platform.openai.com/account/api-keys.',
          'invalid_request_error',
          'invalid_api_key',
        );
      case 'insufficient_quota':
        entry.action = '429 insufficient_quota';
        return errorResponse(
          429,
          'You exceeded your current quota, please check your plan and billing details.',
          'insufficient_quota',
          'insufficient_quota',
        );
      default:
        break;
    }
    const mode =
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
      return this.#stream({
        entry,
        id,
        model,
        answerWords,
        continuation,
        mode,
        signal,
        usage: body.stream_options?.include_usage === true,
      });
    return this.#plain({ entry, id, model, answerWords, continuation, mode, signal });
  };

  /** No answer at all, until the request is aborted or `ms` pass (then the connection closes). */
  #silence(ms: number, signal: AbortSignal | undefined): Promise<Response> {
    return new Promise<Response>((_, reject) => {
      const timer = setTimeout(() => reject(connectionReset()), ms);
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(abortReason(signal));
        },
        { once: true },
      );
    });
  }

  async #plain(options: {
    entry: WallEntry;
    id: string;
    model: string;
    answerWords: string[];
    continuation: boolean;
    mode: string;
    signal: AbortSignal | undefined;
  }): Promise<Response> {
    const { entry, mode, signal } = options;
    const text = (options.continuation ? ' ' : '') + options.answerWords.join(' ');
    const completion = {
      id: options.id,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1_000),
      model: options.model,
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
      usage: {
        prompt_tokens: entry.promptTokens,
        completion_tokens: options.answerWords.length,
        total_tokens: entry.promptTokens + options.answerWords.length,
      },
    };
    const json = JSON.stringify(completion);
    if (mode === 'slow') {
      entry.action = `200 after ${this.timing.slowTtftS}s`;
      await this.#wait(this.timing.slowTtftS * 1_000, signal);
    }
    if (mode === 'cut' || mode === 'stall') {
      entry.action =
        mode === 'cut' ? '200 truncated body then close' : `200 headers then silence ${this.timing.stallS}s`;
      const part = mode === 'cut' ? json.slice(0, Math.floor(json.length * 0.6)) : '';
      return new Response(
        new ReadableStream<Uint8Array>({
          start: (controller) => {
            if (part !== '') controller.enqueue(encoder.encode(part));
            const close = () => controller.error(terminated());
            if (mode === 'cut') queueMicrotask(close);
            else this.#after(this.timing.stallS * 1_000, signal, close, (reason) => controller.error(reason));
          },
        }),
        { status: 200, headers: { 'content-type': 'application/json' } },
      );
    }
    if (mode === 'malformed') {
      entry.action = '200 malformed JSON body';
      return new Response(`${json.slice(0, Math.floor(json.length / 2))}"oops`, {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }
    entry.action ||= '200';
    return new Response(json, { status: 200, headers: { 'content-type': 'application/json' } });
  }

  #stream(options: {
    entry: WallEntry;
    id: string;
    model: string;
    answerWords: string[];
    continuation: boolean;
    mode: string;
    signal: AbortSignal | undefined;
    usage: boolean;
  }): Response {
    const { entry, id, model, answerWords, continuation, mode, signal } = options;
    const timing = this.timing;
    const created = Math.floor(Date.now() / 1_000);
    const chunk = (delta: Record<string, unknown>, finish: string | null = null, usage?: unknown) =>
      `data: ${JSON.stringify({
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        choices: usage === undefined ? [{ index: 0, delta, finish_reason: finish }] : [],
        ...(usage === undefined ? {} : { usage }),
      })}\n\n`;
    let stopped = false;
    // Aborted by the request's signal or when the client cancels the body: every wait ends then.
    const gone = new AbortController();
    if (signal?.aborted) gone.abort(abortReason(signal));
    else signal?.addEventListener('abort', () => gone.abort(abortReason(signal)), { once: true });
    const body = new ReadableStream<Uint8Array>({
      start: async (controller) => {
        const write = (text: string) => {
          if (!stopped) controller.enqueue(encoder.encode(text));
        };
        const fail = (reason: unknown) => {
          if (stopped) return;
          stopped = true;
          controller.error(reason);
        };
        gone.signal.addEventListener('abort', () => fail(gone.signal.reason), { once: true });
        try {
          if (mode === 'slow') {
            entry.action = `200 stream, first token after ${timing.slowTtftS}s`;
            await this.#wait(timing.slowTtftS * 1_000, gone.signal);
          }
          write(chunk({ role: 'assistant', content: '' }));
          let sent = 0;
          for (const [index, word] of answerWords.entries()) {
            if (stopped) return;
            if (mode === 'cut' && index === timing.cutAfterTokens) {
              entry.action = `200 stream cut after ${index} tokens (no terminating chunk)`;
              fail(terminated());
              return;
            }
            if (mode === 'stall' && index === timing.stallAfterTokens) {
              entry.action = `200 stream stalled after ${index} tokens for ${timing.stallS}s then close`;
              await this.#wait(timing.stallS * 1_000, gone.signal);
              fail(terminated());
              return;
            }
            if (mode === 'malformed' && index === timing.malformedAtToken) {
              entry.action = `200 stream with malformed chunk at token ${index}`;
              write(
                `data: {"id": "${id}", "object": "chat.completion.chunk", "choices": [{"delta": {"content": \n\n`,
              );
            }
            write(chunk({ content: index > 0 || continuation ? ` ${word}` : word }));
            sent++;
            await this.#wait(timing.tokenIntervalMs, gone.signal);
          }
          write(chunk({}, 'stop'));
          if (options.usage)
            write(
              chunk({}, null, {
                prompt_tokens: entry.promptTokens,
                completion_tokens: sent,
                total_tokens: entry.promptTokens + sent,
              }),
            );
          if (mode === 'no_done') entry.action = '200 stream complete, [DONE] omitted';
          else {
            write('data: [DONE]\n\n');
            entry.action ||= '200 stream';
          }
          if (!stopped) {
            stopped = true;
            controller.close();
          }
        } catch (error) {
          fail(error);
        }
      },
      cancel: (reason) => {
        stopped = true;
        gone.abort(reason);
      },
    });
    return new Response(body, {
      status: 200,
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
    });
  }

  /** Waits `ms`, or rejects with the abort reason when the request is aborted first. */
  #wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => this.#after(ms, signal, resolve, reject));
  }

  #after(
    ms: number,
    signal: AbortSignal | undefined,
    done: () => void,
    aborted: (reason: unknown) => void,
  ): void {
    if (signal?.aborted) {
      aborted(abortReason(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      aborted(abortReason(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      done();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  }
}
