import { BodyStream } from './body-stream.js';
import { fetchFailed, terminated } from './connection-errors.js';
import { headerOf, headerRecordOf } from './request-headers.js';
import type { SimulatorExchange } from './simulator-exchange.js';
import { SlabEncoder } from './slab-encoder.js';

/** What the engine needs of a request: method, URL, headers (as the `fetch` call gave them), body and abort signal. */
export interface IncomingRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: RequestInit['headers'];
  readonly signal: AbortSignal | undefined;
}

/** Body bytes in views of shared buffers: the same bytes as `TextEncoder`, not a buffer per chunk. */
const encoder = new SlabEncoder();

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/**
 * One in-process request and its answer (`createSimulator`): resolves the
 * `fetch` promise with the `Response` once the engine sends the status line,
 * streams the body as the engine writes it, and behaves like a real
 * connection on faults (a reset rejects with `TypeError: fetch failed`, a cut
 * body errors with `TypeError: terminated`, a hung or stalled answer waits
 * for the request's abort signal).
 *
 * A class rather than a closure per method: an answer streamed for a long
 * time keeps one object with its state, not a dozen functions and their
 * shared scope. It listens to the abort signal itself (`handleEvent`).
 *
 * @example
 * ```ts
 * const response = await new Promise<Response>((resolve, reject) => {
 *   const exchange = new InProcessExchange({ request, body, open, resolve, reject });
 *   exchange.serve((each) => engine.handle(each));
 * });
 * ```
 */
export class InProcessExchange implements SimulatorExchange {
  readonly method: string;
  readonly path: string;
  /**
   * The request's headers as given: read one at a time ({@link header}), copied only for
   * {@link headers}; forgotten once the engine has read the request ({@link forgetRequest}).
   */
  #headers: RequestInit['headers'];
  #state: 'head' | 'body' | 'done' = 'head';
  #head: { status: number; headers: Readonly<Record<string, string>> } | undefined;
  #listeners: (() => void)[] = [];
  /** Body text written in this turn and not enqueued yet. */
  #unsent = '';
  #body: string;
  readonly #signal: AbortSignal | undefined;
  readonly #open: Set<SimulatorExchange>;
  readonly #responseBody: BodyStream;
  /** The `fetch` promise's functions, until it settles. */
  #resolve: ((response: Response) => void) | undefined;
  #reject: ((reason: unknown) => void) | undefined;

  /**
   * @param options.request the request read from the `fetch` call.
   * @param options.body its body text.
   * @param options.open the simulator's open exchanges: this one is in it until it ends.
   * @param options.resolve settles the `fetch` call with the answer.
   * @param options.reject fails the `fetch` call.
   */
  constructor(options: {
    request: IncomingRequest;
    body: string;
    open: Set<SimulatorExchange>;
    resolve: (response: Response) => void;
    reject: (reason: unknown) => void;
  }) {
    const { request } = options;
    this.#responseBody = new BodyStream({ onCancel: () => this.#finish() });
    this.method = request.method;
    this.path = new URL(request.url).pathname;
    this.#headers = request.headers;
    this.#signal = request.signal;
    this.#body = options.body;
    this.#open = options.open;
    this.#resolve = options.resolve;
    this.#reject = options.reject;
  }

  /**
   * Serves the request: joins the open exchanges, follows the request's abort
   * signal and lets `handle` answer (a failure of it answers 500 before the
   * head, tears the connection after). Not a closure of the caller's: what
   * waits on `handle` keeps this exchange only, not the request's body.
   *
   * @param handle the engine's answer to an exchange.
   */
  serve(handle: (exchange: SimulatorExchange) => Promise<void>): void {
    this.#open.add(this);
    const signal = this.#signal;
    if (signal?.aborted) {
      this.handleEvent();
      return;
    }
    signal?.addEventListener('abort', this, { once: true });
    handle(this).catch((error: unknown) => this.#engineFailed(error));
  }

  /** The abort of the request's signal. */
  handleEvent(): void {
    const signal = this.#signal;
    const reason = signal === undefined ? undefined : abortReason(signal);
    if (this.#state === 'head') this.#reject?.(reason);
    else if (this.#state === 'body') this.#fail(reason);
    this.#finish();
  }

  /** Answers a failure of the engine: a 500 before the head, a torn connection after. */
  #engineFailed(error: unknown): void {
    if (this.#state === 'head') {
      this.#head = { status: 500, headers: { 'content-type': 'application/json' } };
      this.end(JSON.stringify({ error: `simulator failure: ${String(error)}` }));
    } else this.destroy();
  }

  header(name: string): string | undefined {
    return headerOf(this.#headers, name);
  }

  get headers(): Readonly<Record<string, string>> {
    return headerRecordOf(this.#headers);
  }

  takeBody(): string {
    const text = this.#body;
    this.#body = '';
    return text;
  }

  forgetRequest(): void {
    this.#headers = undefined;
    this.#body = '';
  }

  get closed(): boolean {
    return this.#state === 'done';
  }

  get headersSent(): boolean {
    return this.#state !== 'head';
  }

  onClose(listener: () => void): void {
    if (this.#state === 'done') listener();
    else this.#listeners.push(listener);
  }

  writeHead(status: number, headers: Readonly<Record<string, string>>): void {
    this.#head = { status, headers };
  }

  flushHeaders(): void {
    this.#start();
  }

  write(text: string): void {
    this.#start();
    if (this.#state !== 'body' || text === '') return;
    // What the engine writes in one turn (a burst of events between two waits) is one chunk, as
    // a socket would deliver it: the reader's stack runs once per burst, not once per event.
    if (this.#unsent === '') queueMicrotask(() => this.#send());
    this.#unsent += text;
  }

  end(text?: string): void {
    this.#start();
    if (this.#state !== 'body') return;
    if (text !== undefined) this.#unsent += text;
    this.#send();
    this.#responseBody.close();
    this.#finish();
  }

  cut(): void {
    this.#start();
    if (this.#state === 'body') {
      // Closed by the other side: every byte written before it is delivered, then the error.
      this.#send();
      this.#responseBody.errorAfterQueued(terminated());
    }
    this.#finish();
  }

  reset(): void {
    this.destroy();
  }

  destroy(): void {
    if (this.#state === 'head') this.#reject?.(fetchFailed());
    else if (this.#state === 'body') this.#fail(terminated());
    this.#finish();
  }

  #start(): void {
    if (this.#state !== 'head') return;
    const head = this.#head;
    // The Response copies the head: an answer streaming for a long time need not keep it.
    this.#head = undefined;
    this.#state = 'body';
    const resolve = this.#resolve;
    this.#resolve = undefined;
    this.#reject = undefined;
    resolve?.(
      new Response(this.#responseBody.stream, { status: head?.status ?? 200, headers: head?.headers ?? {} }),
    );
  }

  #send(): void {
    if (this.#unsent === '') return;
    if (this.#state === 'body') this.#responseBody.enqueue(encoder.encode(this.#unsent));
    this.#unsent = '';
  }

  /** Errors the body after what was written before the failure (a reset or an abort drops what is unread). */
  #fail(reason: unknown): void {
    this.#send();
    this.#responseBody.error(reason);
  }

  #finish(): void {
    if (this.#state === 'done') return;
    this.#state = 'done';
    this.#resolve = undefined;
    this.#reject = undefined;
    this.#open.delete(this);
    this.#signal?.removeEventListener('abort', this);
    const listeners = this.#listeners;
    this.#listeners = [];
    for (const listener of listeners) listener();
  }
}
