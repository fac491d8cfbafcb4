import type { ReadableStreamReadResult } from 'node:stream/web';
import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';

type Part = LanguageModelV4StreamPart;
type ReadResult = ReadableStreamReadResult<Part>;

/** Where a provider stream's loop writes its parts: the web stream's controller, or a direct reader. */
export interface PartSink {
  enqueue(part: Part): void;
  close(): void;
}

/** What a direct reader drives: the provider stream's loop. */
interface PartPuller {
  /** Reads events until at least one part was written, or the stream ended; `undefined` once it has settled. */
  pull(): Promise<void> | undefined;
  /** Runs on the events at hand, without a read: whether a part was written or the stream ended. */
  pullReady(): boolean;
  /** Stops reading and closes the connection. */
  cancel(): void;
}

const doneResult: ReadResult = Object.freeze({ done: true, value: undefined });

/**
 * Reads a provider stream's parts straight from its loop, as a
 * `ReadableStreamDefaultReader` would read them from the stream: the same
 * parts in the same order, `done` after the last, `done` at once after a
 * cancel (even while a read is pending), every read after a failed one
 * rejected with its error, without the stream's queue, read requests and pull
 * promises. One read at a time (the router's readers await each read).
 */
export class DirectPartReader implements PartSink {
  readonly #puller: PartPuller;
  /** Parts written and not read yet, from `#head` on. */
  readonly #parts: Part[] = [];
  #head = 0;
  #closed = false;
  #cancelled = false;
  /** The loop failed: every read from then on rejects with {@link #error}. */
  #errored = false;
  #error: unknown;

  constructor(puller: PartPuller) {
    this.#puller = puller;
  }

  enqueue(part: Part): void {
    if (!this.#cancelled) this.#parts.push(part);
  }

  close(): void {
    this.#closed = true;
  }

  /** The next part, or `done` once the stream ended or was cancelled. */
  read(): Promise<ReadResult> {
    if (this.#errored) return Promise.reject(this.#error);
    let taken = this.#take();
    if (taken === undefined) {
      // Parts from the events a chunk brought, at once: no pull promise, no read of the body.
      try {
        if (this.#puller.pullReady()) taken = this.#take();
      } catch (error) {
        this.#failed(error);
        return Promise.reject(error);
      }
    }
    if (taken !== undefined) return Promise.resolve(taken);
    const pending = new Promise<ReadResult>(this.#capture);
    this.#pullNext();
    return pending;
  }

  /** Stops reading: the connection is closed, a pending read ends `done` at once. */
  cancel(_reason?: unknown): Promise<void> {
    if (!this.#cancelled) {
      this.#cancelled = true;
      this.#parts.length = 0;
      this.#head = 0;
      // A stream that ended has nothing left to stop (a connection its source kept stays kept).
      if (!this.#closed) this.#puller.cancel();
      const resolve = this.#resolve;
      this.#resolve = undefined;
      this.#reject = undefined;
      resolve?.(doneResult);
    }
    return Promise.resolve();
  }

  /** The pending read's settlers (one read at a time). */
  #resolve: ((result: ReadResult) => void) | undefined;
  #reject: ((error: unknown) => void) | undefined;
  readonly #capture = (resolve: (result: ReadResult) => void, reject: (error: unknown) => void) => {
    this.#resolve = resolve;
    this.#reject = reject;
  };

  /** Runs the loop once for the pending read. */
  #pullNext(): void {
    const pulling = this.#puller.pull();
    if (pulling !== undefined) {
      pulling.then(this.#afterPull, this.#failed);
      return;
    }
    // The loop has settled (its stream was cancelled through the web stream, say): nothing more
    // will be written, so the pending read gets what is left, then `done`, and never loops.
    this.#closed = true;
    this.#afterPull();
  }

  /** The loop ran: the pending read gets what it wrote, or the loop runs again. */
  readonly #afterPull = (): void => {
    const resolve = this.#resolve;
    // Cancelled meanwhile: the read ended `done` then.
    if (resolve === undefined) return;
    const taken = this.#take();
    if (taken === undefined) {
      this.#pullNext();
      return;
    }
    this.#resolve = undefined;
    this.#reject = undefined;
    resolve(taken);
  };

  readonly #failed = (error: unknown): void => {
    this.#errored = true;
    this.#error = error;
    const reject = this.#reject;
    this.#resolve = undefined;
    this.#reject = undefined;
    reject?.(error);
  };

  /** A part written and not read yet, `done` when none will come, `undefined` when the loop must run. */
  #take(): ReadResult | undefined {
    if (this.#cancelled) return doneResult;
    const parts = this.#parts;
    if (this.#head < parts.length) {
      const value = parts[this.#head++] as Part;
      if (this.#head === parts.length) {
        parts.length = 0;
        this.#head = 0;
      }
      return { done: false, value };
    }
    return this.#closed ? doneResult : undefined;
  }
}
