const newline = 0x0a;
const carriageReturn = 0x0d;
const openBrace = 0x7b;
const closeBrace = 0x7d;

/** How the error line that replaces a malformed line begins (`classifyOllamaError` reads it). */
export const malformedLinePrefix = 'malformed NDJSON:';

/**
 * Passes an NDJSON body through line by line, and ends it at the first line
 * that is not framed as a JSON object (`{` ... `}`) with an
 * `{"error":"malformed NDJSON: line N ..."}` line in its place, so the `ollama`
 * client throws that error after the good lines before it, in order.
 *
 * Why: the client skips a line it cannot parse with a `console.warn`, so a
 * damaged line would silently drop part of the answer. The check looks at the
 * first and last byte of each line only (no decoding, no parsing, no
 * allocation unless a line straddles two chunks), which catches a line cut
 * short or garbled at either end; the client still parses every line itself.
 * Empty lines are passed through.
 *
 * @param body the response body.
 * @returns the checked body.
 * @example
 * ```ts
 * const checked = new Response(checkNdjsonFraming(response.body), response);
 * ```
 */
export function checkNdjsonFraming(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  let carry: Uint8Array | undefined;
  let lineNumber = 1;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        const data = carry === undefined ? chunk : concat(carry, chunk);
        carry = undefined;
        let start = 0;
        for (;;) {
          const end = data.indexOf(newline, start);
          if (end === -1) break;
          if (!isFramed(data, start, end)) {
            if (start > 0) controller.enqueue(data.subarray(0, start));
            controller.enqueue(errorLine(lineNumber));
            controller.terminate();
            return;
          }
          lineNumber++;
          start = end + 1;
        }
        // Hold back a line that is not complete yet, so a bad one never reaches the client in part.
        if (start < data.length) carry = data.slice(start);
        if (start > 0) controller.enqueue(start === data.length ? data : data.subarray(0, start));
      },
      flush(controller) {
        if (carry === undefined) return;
        controller.enqueue(isFramed(carry, 0, carry.length) ? carry : errorLine(lineNumber));
      },
    }),
  );
}

function isFramed(data: Uint8Array, start: number, end: number): boolean {
  let last = end - 1;
  if (last >= start && data[last] === carriageReturn) last--;
  if (last < start) return true; // an empty line
  return data[start] === openBrace && data[last] === closeBrace;
}

function concat(head: Uint8Array, tail: Uint8Array): Uint8Array {
  const joined = new Uint8Array(head.length + tail.length);
  joined.set(head, 0);
  joined.set(tail, head.length);
  return joined;
}

function errorLine(lineNumber: number): Uint8Array {
  const message = `${malformedLinePrefix} line ${lineNumber} of the stream is not a JSON object (the ollama client would skip it)`;
  return new TextEncoder().encode(`${JSON.stringify({ error: message })}\n`);
}
