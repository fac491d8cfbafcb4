import type { LanguageModelV4StreamPart, SharedV4Warning } from '@ai-sdk/provider';
import type { ProviderError } from '../errors/provider-error.js';
import { abortFailure } from '../failure/abort-failure.js';
import type { ClassifiedFailure } from '../failure/failure-kind.js';
import { callFailure, type ProviderCall } from './provider-call.js';
import type { ProviderEventSource } from './sse-json-events.js';
import type { StreamDecoder } from './stream-decoder.js';

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
}): ReadableStream<LanguageModelV4StreamPart> {
  const { source, decoder, call, fail, warnings, signal } = options;
  const includeRaw = options.includeRawChunks === true;
  const rawValue = options.rawValue ?? ((event: Event) => event);
  let cancelled = false;
  let settled = false;
  // One set of helpers per stream, not per pull: a pull runs once per event or so.
  let controller!: ReadableStreamDefaultController<LanguageModelV4StreamPart>;
  let emitted = false;
  const emit = (part: LanguageModelV4StreamPart) => {
    emitted = true;
    controller.enqueue(part);
  };
  const failWith = (error: ProviderError) => {
    decoder.close(emit);
    controller.enqueue({ type: 'error', error });
  };
  const finish = () => {
    settled = true;
    const failure: ClassifiedFailure | undefined = signal?.aborted
      ? abortFailure(signal.reason)
      : decoder.end(emit);
    if (failure !== undefined) failWith(callFailure(call, failure));
    controller.close();
  };
  return new ReadableStream<LanguageModelV4StreamPart>({
    start(streamController) {
      controller = streamController;
      controller.enqueue({ type: 'stream-start', warnings });
    },
    async pull() {
      if (settled) return;
      emitted = false;
      try {
        while (!emitted) {
          const next = await source.events.next();
          if (cancelled) return;
          if (next.done) {
            finish();
            return;
          }
          if (includeRaw) emit({ type: 'raw', rawValue: rawValue(next.value) });
          if (decoder.push(next.value, emit)) {
            if (source.finish === undefined) source.cancel();
            else source.finish();
            finish();
            return;
          }
        }
      } catch (error) {
        if (cancelled) return;
        settled = true;
        source.cancel();
        failWith(signal?.aborted ? callFailure(call, abortFailure(signal.reason), error) : fail(error));
        controller.close();
      }
    },
    cancel() {
      cancelled = true;
      settled = true;
      source.cancel();
    },
  });
}
