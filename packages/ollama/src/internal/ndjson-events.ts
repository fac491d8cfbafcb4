import {
  callFailure,
  malformedResponse,
  type ProviderCall,
  type ProviderEventSource,
  responseTooLarge,
} from '@switchyard/core/adapter';
import { malformedStreamFailure, readableMessage } from '@switchyard/core/failure';

const carriageReturn = 0x0d;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const space = 0x20;
const tab = 0x09;

/** How long the end of a body may take to come after its `done: true` line before the connection is closed, ms. */
const endAfterDoneMs = 1_000;

/** The most characters of a malformed line kept for its failure message (which keeps 200 characters of it). */
const malformedLineChars = 4096;

/**
 * Reads an NDJSON body (Ollama's streamed `/api/chat`) line by line, each
 * line parsed once, and yields every line that is a JSON object, in order;
 * blank lines are skipped, and a last line without its newline is still read.
 * What is not an answer ends the events with a `ProviderError` of kind
 * `transient`:
 *
 * | body | code |
 * |---|---|
 * | a line that is not a JSON object (cut or garbled at either end, `{"a":1,}`, an HTML page) | `malformed_stream` (core `malformedStreamFailure`): the line's number, the parser's words and the line (redacted, output text elided, cut to 200 characters; an HTML page named by its title) |
 * | more than `maxBytes` (an endless stream) | `response_too_large` |
 * | no body at all | `malformed_response` |
 *
 * Why not the `ollama` client's own reader: it skips a line it cannot parse
 * with a `console.warn` (a damaged line would silently drop part of the
 * answer), and its two nested async generators and the adapter's check in
 * front of them cost more per line than the request itself. A line split
 * across chunks is held as one rope of its pieces, searched for its end in
 * the newest piece only: linear, whatever the chunking.
 *
 * Whether the lines make a complete answer (`done: true`, an `error` line) is
 * the adapter's decoder's to say. Once it did, `finish` lets the rest of the
 * body (the end of the chunked encoding) arrive in the background, so the
 * connection goes back to the pool; a body that sends more, or has not ended
 * within a second, is cancelled.
 *
 * @param response the streamed response (2xx).
 * @param options.call the call, for errors.
 * @param options.maxBytes the most bytes read.
 * @returns the events and `cancel` (cancels the body, which closes the connection).
 * @example
 * ```ts
 * const { events } = ndjsonEvents(response, { call, maxBytes: 32 * 1024 * 1024 });
 * for await (const line of { [Symbol.asyncIterator]: () => events }) console.log(line);
 * ```
 */
export function ndjsonEvents(
  response: Response,
  options: { call: ProviderCall; maxBytes: number },
): ProviderEventSource<unknown> {
  const { call, maxBytes } = options;
  const reader = response.body?.getReader();
  let cancelled = false;
  let finished = false;
  const cancel = () => {
    cancelled = true;
    if (!finished) reader?.cancel().catch(() => {});
  };
  // Cancelling a body that has not ended closes the connection (and costs an abort); after `done: true`
  // its end is on its way: read it in the background, and cancel only if more comes or it does not come.
  const finish = () => {
    if (cancelled || finished || reader === undefined) return;
    cancelled = true;
    const timer = setTimeout(() => reader.cancel().catch(() => {}), endAfterDoneMs);
    timer.unref?.();
    reader.read().then(
      (result) => {
        clearTimeout(timer);
        if (!result.done) reader.cancel().catch(() => {});
      },
      () => clearTimeout(timer),
    );
  };
  async function* read(): AsyncGenerator<unknown> {
    if (reader === undefined) {
      throw callFailure(call, malformedResponse('expected an NDJSON stream; the response has no body'));
    }
    const decoder = new TextDecoder();
    /** The start of a line whose end has not come yet. */
    let pending = '';
    let lineNumber = 0;
    let bytes = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (cancelled) return;
        if (done) {
          finished = true;
          const last = pending + decoder.decode();
          if (last !== '') {
            lineNumber++;
            const event = parseLine(last, lineNumber, call);
            if (event !== undefined) yield event;
          }
          return;
        }
        bytes += value.byteLength;
        if (bytes > maxBytes) throw responseTooLarge(call, maxBytes);
        const piece = decoder.decode(value, { stream: true });
        let start = 0;
        let end = piece.indexOf('\n');
        while (end !== -1) {
          const line = pending === '' ? piece.slice(start, end) : pending + piece.slice(start, end);
          pending = '';
          lineNumber++;
          const event = parseLine(line, lineNumber, call);
          if (event !== undefined) {
            yield event;
            if (cancelled) return;
          }
          start = end + 1;
          end = piece.indexOf('\n', start);
        }
        if (start < piece.length) pending += start === 0 ? piece : piece.slice(start);
      }
    } finally {
      if (!finished) cancel();
    }
  }
  return { events: read(), cancel, finish };
}

const isBlank = (code: number) => code === space || code === tab || code === carriageReturn;

/**
 * The JSON object of one line, `undefined` for a blank line.
 *
 * @throws ProviderError (`malformed_stream`) for a line that is not a JSON object.
 */
function parseLine(line: string, lineNumber: number, call: ProviderCall): unknown {
  let first = 0;
  let last = line.length - 1;
  // The common line is `{...}` exactly: two comparisons, no scan.
  if (line.charCodeAt(first) !== openBrace) {
    while (first <= last && isBlank(line.charCodeAt(first))) first++;
    if (first > last) return undefined;
  }
  if (line.charCodeAt(last) !== closeBrace) while (last > first && isBlank(line.charCodeAt(last))) last--;
  if (line.charCodeAt(first) !== openBrace || line.charCodeAt(last) !== closeBrace) {
    throw malformedLine(line, lineNumber, call, undefined);
  }
  try {
    return JSON.parse(line);
  } catch (error) {
    throw malformedLine(line, lineNumber, call, error);
  }
}

function malformedLine(line: string, lineNumber: number, call: ProviderCall, error: unknown): Error {
  const text = line.slice(0, malformedLineChars);
  const readable = readableMessage(text, { maxLength: 120 });
  return callFailure(
    call,
    malformedStreamFailure({
      // An HTML page is named by its title; any other line is quoted, output text elided.
      line: readable.startsWith('HTML page') ? readable : text,
      detail: `line ${lineNumber} is not a JSON object; the ollama client would skip it`,
      ...(error === undefined ? {} : { json: line }),
      error,
    }),
    error,
  );
}
