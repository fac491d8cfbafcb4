import type { UnderlyingSource } from 'node:stream/web';
import type { LanguageModelV4StreamPart, SharedV4Warning } from '@ai-sdk/provider';
import type { ProviderError } from '../errors/provider-error.js';
import { abortFailure } from '../failure/abort-failure.js';
import type { ClassifiedFailure } from '../failure/failure-kind.js';
import { DirectPartReader, type PartSink } from './direct-part-reader.js';
import { callFailure, type ProviderCall } from './provider-call.js';
import type { ProviderEventSource } from './sse-json-events.js';
import type { StreamDecoder } from './stream-decoder.js';

type Part = LanguageModelV4StreamPart;

/**
 * The one stream loop every adapter uses: turns a provider's events into a
 * `ReadableStream` of AI SDK stream parts through the adapter's
 * {@link StreamDecoder}, and owns what every stream must get right:
 *
 * - `stream-start` (with the warnings) first; `raw` parts when asked for;
 * - pulls events until it has something to enqueue (a pull that enqueues
 *   nothing is never called again: the reader would hang);
 * - the answer ends in exactly one `finish` part, or in one `error` part
 *   (after closing open parts), never both, never a silent short answer:
 *   a body that ends before the decoder saw the end is its failure
 *   (`stream_truncated`), an aborted call is `abortFailure(signal.reason)`
 *   (`timeout` for a `TimeoutError`), anything thrown is `fail(error)`;
 * - cancelling the stream closes the connection at once (`source.cancel`),
 *   even while a read is pending on a stalled connection; an answer the
 *   decoder found complete before the body ended stops reading through
 *   `source.finish` when the source has one (the connection is kept).
 *
 * The stream's parts can also be read without the web stream around them
 * (`partReader`, for the router, which owns the stream it opened): the same
 * loop, the same parts in the same order, without a queue entry, a read
 * request and a pull promise per part.
 *
 * @param options.source the provider's events and how to stop them.
 * @param options.decoder the adapter's decoder.
 * @param options.call the call, for errors.
 * @param options.fail classifies what reading threw (a `ProviderError` stays as it is).
 * @param options.warnings the call's warnings, for `stream-start`.
 * @param options.includeRawChunks emit every event as a `raw` part first.
 * @param options.rawValue what a `raw` part carries for an event (default: the event; SSE sources pass its parsed data).
 * @param options.signal the call's abort signal: when it fired, its reason decides the failure.
 * @returns the stream of parts.
 * @example
 * ```ts
 * const stream = providerStream({ source: sseJsonEvents(response, { call }), decoder, call, fail, warnings });
 * ```
 */
export function providerStream<Event>(options: {
  source: ProviderEventSource<Event>;
  decoder: StreamDecoder<Event>;
  call: ProviderCall;
  fail: (error: unknown) => ProviderError;
  warnings: SharedV4Warning[];
  includeRawChunks?: boolean | undefined;
  rawValue?: (event: Event) => unknown;
  signal?: AbortSignal | undefined;
}): ReadableStream<Part> {
  const source = new ProviderStreamSource(options);
  const stream = new ReadableStream<Part>(source);
  (stream as unknown as Record<symbol, ProviderStreamSource<Event>>)[providerStreamSource] = source;
  return stream;
}

/** Where a provider stream keeps its source (read by `partReader`). */
const providerStreamSource = Symbol('switchyard.providerStreamSource');

/**
 * The source of a stream `providerStream` made, when it can still be read
 * directly (nobody read or cancelled it), else `undefined`.
 */
export function directSourceOf(stream: ReadableStream<Part>): DirectReadable | undefined {
  const source = (stream as unknown as Record<symbol, DirectReadable | undefined>)[providerStreamSource];
  return source?.untouched && !stream.locked ? source : undefined;
}

/** A provider stream's source, as `partReader` reads it. */
export interface DirectReadable {
  /** Nobody read, cancelled or took the stream yet. */
  readonly untouched: boolean;
  /** Takes the stream's parts from here on (the web stream is not read any more). */
  direct(): DirectPartReader;
}

const defaultRawValue = (event: unknown) => event;

/**
 * The loop behind {@link providerStream}: one object per stream (the web
 * stream's underlying source), writing parts to its sink: the web stream's
 * controller, or a {@link DirectPartReader}.
 */
class ProviderStreamSource<Event> implements UnderlyingSource<Part>, DirectReadable {
  readonly #source: ProviderEventSource<Event>;
  readonly #decoder: StreamDecoder<Event>;
  readonly #call: ProviderCall;
  readonly #fail: (error: unknown) => ProviderError;
  readonly #warnings: SharedV4Warning[];
  readonly #includeRaw: boolean;
  readonly #rawValue: (event: Event) => unknown;
  readonly #signal: AbortSignal | undefined;
  #sink!: PartSink;
  #cancelled = false;
  #settled = false;
  #emitted = false;
  /** Read, cancelled or taken directly. */
  #touched = false;
  /** Parts go to a direct reader; the web stream is not read. */
  #direct = false;
  /** Enqueues one part (the decoder's `emit`: one per stream, not per pull). */
  readonly #emit = (part: Part) => {
    this.#emitted = true;
    this.#sink.enqueue(part);
  };

  constructor(options: Parameters<typeof providerStream<Event>>[0]) {
    this.#source = options.source;
    this.#decoder = options.decoder;
    this.#call = options.call;
    this.#fail = options.fail;
    this.#warnings = options.warnings;
    this.#includeRaw = options.includeRawChunks === true;
    this.#rawValue = (options.rawValue ?? defaultRawValue) as (event: Event) => unknown;
    this.#signal = options.signal;
  }

  get untouched(): boolean {
    return !this.#touched;
  }

  direct(): DirectPartReader {
    this.#touched = true;
    this.#direct = true;
    const reader = new DirectPartReader(this);
    this.#sink = reader;
    reader.enqueue({ type: 'stream-start', warnings: this.#warnings });
    return reader;
  }

  start(controller: ReadableStreamDefaultController<Part>): void {
    this.#sink = controller;
    controller.enqueue({ type: 'stream-start', warnings: this.#warnings });
  }

  /** Reads events until a part is written (or the stream ends). */
  pull(controller?: ReadableStreamDefaultController<Part>): Promise<void> | undefined {
    if (controller !== undefined) {
      // The web stream is read: unless its parts go to a direct reader, which the web stream may not share.
      if (this.#direct) {
        controller.error(new TypeError('the provider stream is read by a part reader'));
        return undefined;
      }
      this.#touched = true;
    }
    if (this.#settled) return undefined;
    return this.#pull();
  }

  /**
   * Runs the loop on the events at hand, without a read (`source.ready`):
   * whether a part was written or the stream settled; `false` when it must
   * wait for a read ({@link pull}).
   */
  pullReady(): boolean {
    const source = this.#source;
    if (this.#settled || source.ready === undefined) return this.#settled;
    this.#emitted = false;
    try {
      while (!this.#emitted) {
        const next = source.ready();
        if (next === undefined) return false;
        if (this.#handle(next)) return true;
      }
      return true;
    } catch (error) {
      this.#failed(error);
      return true;
    }
  }

  async #pull(): Promise<void> {
    const events = this.#source.events;
    this.#emitted = false;
    try {
      while (!this.#emitted) {
        const next = await events.next();
        if (this.#cancelled) return;
        if (this.#handle(next)) return;
      }
    } catch (error) {
      if (this.#cancelled) return;
      this.#failed(error);
    }
  }

  /** Takes one event: whether the stream settled (the events ended, or the decoder saw the end). */
  #handle(next: IteratorResult<Event>): boolean {
    if (next.done) {
      this.#finish();
      return true;
    }
    if (this.#includeRaw) this.#emit({ type: 'raw', rawValue: this.#rawValue(next.value) });
    if (this.#decoder.push(next.value, this.#emit)) {
      const source = this.#source;
      if (source.finish === undefined) source.cancel();
      else source.finish();
      this.#finish();
      return true;
    }
    return false;
  }

  /** Reading threw: the connection is closed and the stream ends with the error part. */
  #failed(error: unknown): void {
    this.#settled = true;
    this.#source.cancel();
    const signal = this.#signal;
    this.#failWith(
      signal?.aborted ? callFailure(this.#call, abortFailure(signal.reason), error) : this.#fail(error),
    );
    this.#sink.close();
  }

  cancel(): void {
    this.#touched = true;
    this.#cancelled = true;
    this.#settled = true;
    this.#source.cancel();
  }

  #failWith(error: ProviderError): void {
    this.#decoder.close(this.#emit);
    this.#sink.enqueue({ type: 'error', error });
  }

  #finish(): void {
    this.#settled = true;
    const signal = this.#signal;
    const failure: ClassifiedFailure | undefined = signal?.aborted
      ? abortFailure(signal.reason)
      : this.#decoder.end(this.#emit);
    if (failure !== undefined) this.#failWith(callFailure(this.#call, failure));
    this.#sink.close();
  }
}
