import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { malformedStreamFailure } from '../failure/malformed-stream-failure.js';
import { readableMessage } from '../failure/readable-message.js';
import { callFailure, malformedResponse, type ProviderCall } from './provider-call.js';
import { defaultMaxResponseBytes, responseTooLarge } from './read-body-text.js';

/** One server-sent event whose data is JSON. */
export interface SseJsonEvent {
  /** The `event:` name, when the server sent one (Anthropic does, gateways may not). */
  readonly event: string | undefined;
  /** The parsed `data:`. */
  readonly data: unknown;
}

/** A stream of provider events and the way to stop it. */
export interface ProviderEventSource<Event> {
  /** The events, in order; ends when the body ends (or at `data: [DONE]`). */
  readonly events: AsyncIterator<Event>;
  /** Stops reading and closes the connection, even while a read is pending. */
  cancel(): void;
  /**
   * The answer is complete (the decoder said so) though the body has not
   * ended yet: stop reading, but let the body end by itself so the
   * connection is kept for the next request; close it only if more comes or
   * the end does not come soon. Without it, `cancel` is called.
   */
  finish?(): void;
}

/**
 * Reads a server-sent event stream (`text/event-stream`) whose events carry
 * JSON, with the maintained `eventsource-parser`: `event:` names are kept
 * when sent and never required, comments (`: ping`) and empty `data:` are
 * skipped, `data: [DONE]` ends the stream, and a last event without its
 * closing blank line is still read. What is not an answer becomes a
 * `ProviderError` of kind `transient` with a readable message:
 *
 * | body | code |
 * |---|---|
 * | a `data:` that is not JSON (a cut or garbled line) | `malformed_stream` (core `malformedStreamFailure`): the event's number and name, the parser's words and the line (redacted, output text elided, cut to 200 characters) |
 * | no event at all: empty, or only lines that are not server-sent events (an HTML page) | `malformed_response`, quoting the first foreign line |
 * | more than `maxBytes` (an endless stream) | `response_too_large` |
 *
 * Whether the events make a complete answer is the adapter's to say (its
 * stream decoder).
 *
 * @param response the streamed response (2xx).
 * @param options.call the call, for errors.
 * @param options.maxBytes the most bytes read (default 32 MiB).
 * @returns the events and `cancel`.
 * @example
 * ```ts
 * const { events, cancel } = sseJsonEvents(response, { call: { provider: 'openai', model: 'gpt-5.4' } });
 * for await (const { data } of { [Symbol.asyncIterator]: () => events }) console.log(data);
 * ```
 */
export function sseJsonEvents(
  response: Response,
  options: { call: ProviderCall; maxBytes?: number },
): ProviderEventSource<SseJsonEvent> {
  const { call, maxBytes = defaultMaxResponseBytes } = options;
  const reader = response.body?.getReader();
  let cancelled = false;
  const cancel = () => {
    cancelled = true;
    reader?.cancel().catch(() => {});
  };
  async function* read(): AsyncGenerator<SseJsonEvent> {
    if (reader === undefined) {
      throw callFailure(call, malformedResponse('expected an event stream; the response has no body'));
    }
    const queue: EventSourceMessage[] = [];
    let foreignLines = 0;
    // The head of what was not an event stream (an HTML page), for the message.
    let foreignText = '';
    const parser = createParser({
      onEvent: (event) => queue.push(event),
      onError: (error) => {
        if (error.type !== 'unknown-field') return;
        foreignLines++;
        if (foreignText.length < 2048) foreignText += `${error.line ?? error.field ?? ''}\n`;
      },
    });
    const decoder = new TextDecoder();
    let bytes = 0;
    let events = 0;
    let finished = false;
    try {
      while (!finished) {
        const { done, value } = await reader.read();
        if (cancelled) return;
        if (done) {
          // A last event without its closing blank line is still an event.
          parser.feed(`${decoder.decode()}\n\n`);
          finished = true;
        } else {
          bytes += value.byteLength;
          if (bytes > maxBytes) throw responseTooLarge(call, maxBytes);
          parser.feed(decoder.decode(value, { stream: true }));
        }
        for (let index = 0; index < queue.length; index++) {
          const message = queue[index] as EventSourceMessage;
          const data = message.data.trim();
          if (data === '') continue;
          if (data === '[DONE]') return;
          events++;
          let parsed: unknown;
          try {
            parsed = JSON.parse(data);
          } catch (error) {
            throw callFailure(
              call,
              malformedStreamFailure({
                line: `data: ${data.replaceAll('\n', '\ndata: ')}`,
                detail: `event ${events}${message.event === undefined ? '' : ` (${message.event})`} is not JSON`,
                error,
              }),
              error,
            );
          }
          yield { event: message.event, data: parsed };
          if (cancelled) return;
        }
        queue.length = 0;
      }
      if (events === 0) {
        throw callFailure(
          call,
          malformedResponse(
            foreignLines === 0
              ? 'expected an event stream; got an empty body'
              : `expected an event stream; got ${foreignLines} line${foreignLines === 1 ? '' : 's'} that are not server-sent events: ${readableMessage(foreignText, { maxLength: 160 })}`,
          ),
        );
      }
    } finally {
      if (!finished) cancel();
    }
  }
  return { events: read(), cancel };
}
