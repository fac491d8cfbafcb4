const newline = 0x0a;
const carriageReturn = 0x0d;
const openBrace = 0x7b;
const closeBrace = 0x7d;

/**
 * Passes an NDJSON body through unchanged, and errors it with a `SyntaxError`
 * at the first line that is not framed as a JSON object (`{` ... `}`).
 *
 * Why: the `ollama` client skips a line it cannot parse with a `console.warn`,
 * so a damaged line would silently drop part of the answer. The check looks at
 * the first and last byte of each line only (no decoding, no parsing, no
 * allocation per line), which catches a line cut short or garbled at either end;
 * the client still parses every line itself. Empty lines are left alone.
 *
 * @param body the response body.
 * @returns the same bytes, or an error at the first malformed line.
 * @example
 * ```ts
 * const checked = new Response(checkNdjsonFraming(response.body), response);
 * ```
 */
export function checkNdjsonFraming(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  let first = -1;
  let last = -1;
  let lineNumber = 1;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        let start = 0;
        while (start < chunk.length) {
          const end = chunk.indexOf(newline, start);
          const stop = end === -1 ? chunk.length : end;
          if (stop > start) {
            if (first === -1) first = chunk[start] ?? -1;
            let tail = stop - 1;
            if (chunk[tail] === carriageReturn && tail > start) tail--;
            if (chunk[tail] !== carriageReturn) last = chunk[tail] ?? -1;
          }
          if (end === -1) break;
          if (first !== -1 && (first !== openBrace || last !== closeBrace)) {
            controller.error(malformed(lineNumber));
            return;
          }
          first = -1;
          last = -1;
          lineNumber++;
          start = end + 1;
        }
        controller.enqueue(chunk);
      },
      flush(controller) {
        if (first !== -1 && (first !== openBrace || last !== closeBrace))
          controller.error(malformed(lineNumber));
      },
    }),
  );
}

function malformed(lineNumber: number): SyntaxError {
  return new SyntaxError(
    `line ${lineNumber} of the NDJSON stream is not a JSON object (the ollama client would skip it)`,
  );
}
