/** The body of an in-process answer, written by the engine and read by the SDK through `fetch`. */
export interface BodyStream {
  /** What the `Response` carries. */
  readonly stream: ReadableStream<Uint8Array>;
  /** Queues bytes for the reader. */
  enqueue(chunk: Uint8Array): void;
  /** Ends the body once the reader has what was queued. */
  close(): void;
  /** Errors the body at once: what is queued and not read yet is dropped (an abort). */
  error(reason: unknown): void;
  /**
   * Errors the body once the reader has read what was queued, as a connection
   * closed by the other side delivers every byte sent before it (a cut).
   */
  errorAfterQueued(reason: unknown): void;
}

/**
 * A body stream whose cut keeps what was written before it. A WHATWG
 * stream's `controller.error()` empties its queue: bytes the engine wrote in
 * the same turn as a cut (an answer with no latency, or the last burst of
 * events before it) would never reach a reader that was not already waiting,
 * so a stream cut after its content would read as one cut before it.
 *
 * @param options.onCancel called when the reader cancels the body.
 * @returns the stream and how to write to it.
 * @example
 * ```ts
 * const body = createBodyStream({ onCancel: () => {} });
 * body.enqueue(new TextEncoder().encode('data: {}\n\n'));
 * body.errorAfterQueued(new TypeError('terminated')); // the reader gets the bytes, then the error
 * ```
 */
export function createBodyStream({ onCancel }: { onCancel: () => void }): BodyStream {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let failure: { reason: unknown } | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(started) {
      controller = started;
    },
    // Called when the queue has room again: a cut waiting for the reader to drain it lands now.
    pull() {
      if (failure !== undefined) controller.error(failure.reason);
    },
    cancel() {
      onCancel();
    },
  });
  return {
    stream,
    enqueue: (chunk) => controller.enqueue(chunk),
    close: () => controller.close(),
    error: (reason) => controller.error(reason),
    errorAfterQueued: (reason) => {
      // The queue holds at most its high-water mark (1 chunk) before desiredSize drops to 0.
      if ((controller.desiredSize ?? 0) > 0) controller.error(reason);
      else failure = { reason };
    },
  };
}
