import { type ProviderCall, responseTooLarge } from '@switchyard/core/adapter';
import { readableMessage } from '@switchyard/core/failure';

const newline = 0x0a;
const carriageReturn = 0x0d;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const space = 0x20;
const tab = 0x09;

/** How the error line that replaces a malformed line begins (`classifyOllamaError` reads it). */
export const malformedLinePrefix = 'malformed NDJSON:';

/**
 * Passes an NDJSON body through line by line, at most `maxBytes` of it, and
 * ends it at the first line that is not framed as a JSON object (`{` ... `}`)
 * with an `{"error":"malformed NDJSON: line N ..."}` line in its place, so the
 * `ollama` client throws that error after the good lines before it, in order.
 * A body longer than `maxBytes` (an endless stream) errors with the adapter
 * kit's `response_too_large`.
 *
 * Why: the client skips a line it cannot parse with a `console.warn`, so a
 * damaged line (or an HTML page) would silently drop part of the answer. The
 * check looks at the first and last byte of each line only (no decoding, no
 * parsing; a line split across chunks is held as its chunks, never copied
 * again), which catches a line cut short or garbled at either end; the
 * client still parses every line itself. Empty lines are passed through.
 *
 * @param body the response body.
 * @param options.call the call, for the size error.
 * @param options.maxBytes the most bytes passed on.
 * @returns the checked body.
 * @example
 * ```ts
 * const checked = new Response(checkNdjsonFraming(response.body, { call, maxBytes }), response);
 * ```
 */
export function checkNdjsonFraming(
  body: ReadableStream<Uint8Array>,
  options: { call: ProviderCall; maxBytes: number },
): ReadableStream<Uint8Array> {
  /** The chunks of the line not finished yet, held back so a bad line never reaches the client in part. */
  let pending: Uint8Array[] = [];
  /** The first byte of that line that is not blank, once seen. */
  let first: number | undefined;
  let lineNumber = 1;
  let bytes = 0;
  const flushPending = (controller: TransformStreamDefaultController<Uint8Array>) => {
    for (const piece of pending) controller.enqueue(piece);
    pending = [];
  };
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        if (bytes > options.maxBytes) {
          controller.error(responseTooLarge(options.call, options.maxBytes));
          return;
        }
        let start = 0;
        for (;;) {
          const end = chunk.indexOf(newline, start);
          const stop = end === -1 ? chunk.length : end;
          for (let index = start; first === undefined && index < stop; index++) {
            const byte = chunk[index] as number;
            if (byte !== space && byte !== tab && byte !== carriageReturn) first = byte;
          }
          if (end === -1) break;
          // The line ends here: its last byte that is not blank, in this chunk or held back.
          let lastByte: number | undefined;
          for (let index = end - 1; lastByte === undefined && index >= start; index--) {
            const byte = chunk[index] as number;
            if (byte !== space && byte !== tab && byte !== carriageReturn) lastByte = byte;
          }
          lastByte ??= lastOfPending(pending);
          if (first !== undefined && (first !== openBrace || lastByte !== closeBrace)) {
            const line = new TextDecoder().decode(
              concat([...pending, chunk.subarray(start, end)]).subarray(0, 200),
            );
            pending = [];
            controller.enqueue(errorLine(lineNumber, line));
            controller.terminate();
            return;
          }
          flushPending(controller);
          controller.enqueue(chunk.subarray(start, end + 1));
          first = undefined;
          lineNumber++;
          start = end + 1;
        }
        if (start < chunk.length) pending.push(chunk.subarray(start));
      },
      flush(controller) {
        if (pending.length === 0 || first === undefined) {
          flushPending(controller);
          return;
        }
        if (first !== openBrace || lastOfPending(pending) !== closeBrace) {
          controller.enqueue(
            errorLine(lineNumber, new TextDecoder().decode(concat(pending).subarray(0, 200))),
          );
          pending = [];
          return;
        }
        flushPending(controller);
      },
    }),
  );
}

function lastOfPending(pending: readonly Uint8Array[]): number | undefined {
  for (let index = pending.length - 1; index >= 0; index--) {
    const piece = pending[index] as Uint8Array;
    for (let at = piece.length - 1; at >= 0; at--) {
      const byte = piece[at] as number;
      if (byte !== space && byte !== tab && byte !== carriageReturn) return byte;
    }
  }
  return undefined;
}

function concat(pieces: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const piece of pieces) length += piece.length;
  const joined = new Uint8Array(length);
  let at = 0;
  for (const piece of pieces) {
    joined.set(piece, at);
    at += piece.length;
  }
  return joined;
}

function errorLine(lineNumber: number, line: string): Uint8Array {
  const message = `${malformedLinePrefix} line ${lineNumber} of the stream is not a JSON object (the ollama client would skip it): ${readableMessage(line, { maxLength: 120 })}`;
  return new TextEncoder().encode(`${JSON.stringify({ error: message })}\n`);
}
