/**
 * The body of an in-process answer, written by the engine and read by the SDK
 * through `fetch`: a body stream whose cut keeps what was written before it.
 * A WHATWG stream's `controller.error()` empties its queue: bytes the engine
 * wrote in the same turn as a cut (an answer with no latency, or the last
 * burst of events before it) would never reach a reader that was not already
 * waiting, so a stream cut after its content would read as one cut before it.
 *
 * The object is its stream's underlying source (`start`, `pull`, `cancel`),
 * so a body kept while an answer streams is one object, not a closure per method.
 *
 * @example
 * ```ts
 * const body = new BodyStream({ onCancel: () => {} });
 * body.enqueue(new TextEncoder().encode('data: {}\n\n'));
 * body.errorAfterQueued(new TypeError('terminated')); // the reader gets the bytes, then the error
 * ```
 */
export class BodyStream {
  /** What the `Response` carries. */
  readonly stream: ReadableStream<Uint8Array>;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #failure: { reason: unknown } | undefined;
  readonly #onCancel: () => void;

  /** @param options.onCancel called when the reader cancels the body. */
  constructor({ onCancel }: { onCancel: () => void }) {
    this.#onCancel = onCancel;
    this.stream = new ReadableStream<Uint8Array>(this);
  }

  /** Underlying source: keeps the stream's controller. */
  start(controller: ReadableStreamDefaultController<Uint8Array>): void {
    this.#controller = controller;
  }

  /** Underlying source, called when the queue has room again: a cut waiting for the reader to drain it lands now. */
  pull(): void {
    if (this.#failure !== undefined) this.#controller.error(this.#failure.reason);
  }

  /** Underlying source: the reader cancelled the body. */
  cancel(): void {
    this.#onCancel();
  }

  /** Queues bytes for the reader. */
  enqueue(chunk: Uint8Array): void {
    this.#controller.enqueue(chunk);
  }

  /** Ends the body once the reader has what was queued. */
  close(): void {
    this.#controller.close();
  }

  /** Errors the body at once: what is queued and not read yet is dropped (an abort). */
  error(reason: unknown): void {
    this.#controller.error(reason);
  }

  /**
   * Errors the body once the reader has read what was queued, as a connection
   * closed by the other side delivers every byte sent before it (a cut).
   */
  errorAfterQueued(reason: unknown): void {
    // The queue holds at most its high-water mark (1 chunk) before desiredSize drops to 0.
    if ((this.#controller.desiredSize ?? 0) > 0) this.#controller.error(reason);
    else this.#failure = { reason };
  }
}
