import type { Fault } from '../fault.js';
import type { AnswerIds, ProviderProtocol, StreamEvent } from '../providers/provider-protocol.js';
import type { RecordedRequest, RecordedResponse } from '../recorded-request.js';
import type { SimulatorExchange } from './simulator-exchange.js';

/**
 * Calls `resume` after `ms` simulated ms and returns true; returns false, calling nothing, when
 * `ms` is not above 0 (the caller goes on at once).
 */
export type Pause = (ms: number, resume: () => void) => boolean;

/** What writing a planned stream needs (what making its events needs is held by `events`). */
export interface StreamWriting {
  exchange: SimulatorExchange;
  protocol: ProviderProtocol;
  /** The stream's events, made as they are read. */
  events: Iterable<StreamEvent>;
  fault: Fault | undefined;
  answerIds: AnswerIds;
  record: RecordedRequest;
  recorded: RecordedResponse;
  pause: Pause;
  isStopped: () => boolean;
  firstTokenMs: number;
  msPerToken: number;
  /** Coalesce streamed content: wait at most this often (simulated ms); 0: once per event. */
  chunkIntervalMs: number;
  /** Whether the streamed text is gathered in the record. */
  recording: boolean;
}

/**
 * Writes a stream's events paced by the latency model, then ends it as its
 * fault says (`stream_cut`, `stream_stall`, `mid_stream_error`).
 *
 * An object that a timer resumes rather than an async function: a stream
 * waits between its bursts for a long time while hundreds of others run, and
 * what it keeps meanwhile is this object and one timer, not a suspended frame
 * with its registers, a promise and its resolving functions per wait.
 *
 * @example
 * ```ts
 * await new PacedStreamWriter(writing).run(); // resolves when the stream ended, was cut or stalled, or its client left
 * ```
 */
export class PacedStreamWriter {
  readonly #writing: StreamWriting;
  readonly #events: Iterator<StreamEvent>;
  /** Content events written (a fault stops after some). */
  #contentWritten = 0;
  #firstContent = true;
  /**
   * Time owed to the latency model and not waited yet: with chunkIntervalMs, content events are
   * written in bursts; the first token and the end of the stream keep their exact instants.
   */
  #owed = 0;
  readonly #stopAfter: number | undefined;
  /** The event read before a wait, written when the wait ends. */
  #waiting: StreamEvent | undefined;
  #resolve: (() => void) | undefined;
  #reject: ((reason: unknown) => void) | undefined;
  /** What a wait calls when it ends: one function for the whole stream. */
  readonly #resume = () => this.#step();

  /** @param writing what the stream writes and how it waits. */
  constructor(writing: StreamWriting) {
    this.#writing = writing;
    this.#events = writing.events[Symbol.iterator]();
    const fault = writing.fault;
    this.#stopAfter =
      fault?.type === 'mid_stream_error'
        ? 1
        : fault?.type === 'stream_cut' || fault?.type === 'stream_stall'
          ? fault.afterChunks
          : undefined;
  }

  /**
   * Writes the stream: what needs no wait now, the rest as the waits end.
   *
   * @returns resolves when the stream is over (ended, cut, stalled, or its client or the simulator left);
   *   rejects with what failed while writing it.
   */
  run(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
      this.#step();
    });
  }

  #gone(): boolean {
    return this.#writing.exchange.closed || this.#writing.isStopped();
  }

  /** Writes events until one must wait (then returns: the wait resumes here) or the stream is over. */
  #step(): void {
    try {
      const waited = this.#waiting;
      if (waited !== undefined) {
        this.#waiting = undefined;
        if (this.#gone()) {
          this.#settle();
          return;
        }
        this.#write(waited);
      }
      const { firstTokenMs, msPerToken, chunkIntervalMs, pause } = this.#writing;
      for (let next = this.#events.next(); !next.done; next = this.#events.next()) {
        const event = next.value;
        if (
          this.#stopAfter !== undefined &&
          this.#contentWritten >= this.#stopAfter &&
          event.role !== 'head'
        ) {
          this.#events.return?.();
          break;
        }
        let wait: number | undefined;
        if (event.role === 'content' || (this.#firstContent && event.role !== 'head')) {
          this.#owed += this.#firstContent ? firstTokenMs : msPerToken * (event.tokens ?? 0);
          if (this.#firstContent || this.#owed >= chunkIntervalMs) {
            wait = this.#owed;
            this.#owed = 0;
          }
          this.#firstContent = false;
          if (event.role === 'content') this.#contentWritten += 1;
        } else if (this.#owed > 0 && event.role !== 'head') {
          wait = this.#owed;
          this.#owed = 0;
        }
        if (wait !== undefined) {
          if (pause(wait, this.#resume)) {
            this.#waiting = event;
            return;
          }
          if (this.#gone()) {
            this.#settle();
            return;
          }
        }
        this.#write(event);
      }
      if (!this.#gone()) this.#end();
      this.#settle();
    } catch (error) {
      const reject = this.#reject;
      this.#resolve = undefined;
      this.#reject = undefined;
      reject?.(error);
    }
  }

  #write(event: StreamEvent): void {
    const { exchange, recorded, recording } = this.#writing;
    exchange.write(event.wire);
    recorded.chunks = (recorded.chunks ?? 0) + 1;
    if (recording && event.text !== undefined) recorded.text += event.text;
  }

  /** Every event is written: ends the stream as its fault says. */
  #end(): void {
    const { exchange, protocol, fault, answerIds, record, recorded } = this.#writing;
    if (fault?.type === 'stream_cut') {
      recorded.kind = 'cut';
      record.endedAt = Date.now();
      exchange.cut();
      return;
    }
    if (fault?.type === 'stream_stall') {
      recorded.kind = 'stalled';
      return;
    }
    if (fault?.type === 'mid_stream_error') {
      exchange.write(protocol.midStreamError(answerIds));
      recorded.chunks = (recorded.chunks ?? 0) + 1;
    }
    recorded.kind = 'stream';
    record.endedAt = Date.now();
    exchange.end();
  }

  #settle(): void {
    const resolve = this.#resolve;
    this.#resolve = undefined;
    this.#reject = undefined;
    resolve?.();
  }
}
