import type { ReadableStreamReadResult } from 'node:stream/web';
import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { directSourceOf } from './provider-stream.js';

type Part = LanguageModelV4StreamPart;

/** What reading a stream of parts needs: a `ReadableStreamDefaultReader` is one. */
export interface PartReader {
  /** The next part, or `done`. */
  read(): Promise<ReadableStreamReadResult<Part>>;
  /** Stops reading; a pending read ends `done`. */
  cancel(reason?: unknown): Promise<void>;
}

/**
 * A reader of a model's stream of parts, for whoever owns the stream (the
 * router, which opened it and hands it to nobody else): a stream that
 * `providerStream` made and nobody read yet is read straight from its loop,
 * without the web stream around it (no queue entry, read request or pull
 * promise per part); any other stream through `getReader()`. Either way the
 * same parts in the same order. Read directly, the web stream is left
 * unlocked but not readable: a read of it errors, and a cancel of it closes
 * the connection and ends this reader's reads `done`, as a cancel through the
 * reader does.
 *
 * @param stream the model's stream (`doStream`'s `stream`).
 * @returns its reader.
 * @example
 * ```ts
 * const reader = partReader((await model.doStream(options)).stream);
 * for (let next = await reader.read(); !next.done; next = await reader.read()) console.log(next.value);
 * ```
 */
export function partReader(stream: ReadableStream<Part>): PartReader {
  return directSourceOf(stream)?.direct() ?? stream.getReader();
}
