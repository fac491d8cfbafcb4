import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';
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
  /**
   * The next event when it is at hand without a read (parsed already), or
   * the end when the events ended; `undefined` when `events.next()` must
   * read. Lets a reader take what a chunk brought without a promise per
   * event. Throws what `events.next()` would reject with.
   */
  ready?(): IteratorResult<Event> | undefined;
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
 * | a `data:` that is not JSON (a cut or garbled line) | `malformed_stream` (core `malformedStreamFailure`): the event's number and name, where the JSON broke and what was expected there, and the line (redacted, output text elided, cut to 200 characters) |
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
  const events = new SseJsonEventReader(response, options.call, options.maxBytes ?? defaultMaxResponseBytes);
  return { events, cancel: events.cancel, ready: events.ready };
}

const doneResult: IteratorResult<SseJsonEvent> = Object.freeze({ done: true, value: undefined });

/**
 * The iterator behind {@link sseJsonEvents}: a plain object, not an async
 * generator (the generator's request queue and extra awaits per event cost
 * more than the parsing on a drill's hot path). One `next` runs at a time:
 * a call made while one is pending waits for it, as a generator's would.
 * After an error or the end, `next` answers done.
 */
class SseJsonEventReader implements AsyncIterator<SseJsonEvent> {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  readonly #call: ProviderCall;
  readonly #maxBytes: number;
  readonly #decoder = new TextDecoder();
  readonly #parser: EventSourceParser;
  /** Parsed events not yet handed out, from `#queueStart` on. */
  readonly #queue: EventSourceMessage[] = [];
  #queueStart = 0;
  #foreignLines = 0;
  /** The head of what was not an event stream (an HTML page), for the message. */
  #foreignText = '';
  #bytes = 0;
  #events = 0;
  /** The body ended (read to its end). */
  #finished = false;
  /** No more events: ended, failed, `[DONE]`, cancelled or returned. */
  #closed = false;
  #cancelled = false;
  /** A read is in progress (`#pending`): a `next` called meanwhile waits for it. */
  #reading = false;
  #pending: Promise<IteratorResult<SseJsonEvent>> | undefined;

  constructor(response: Response, call: ProviderCall, maxBytes: number) {
    this.#reader = response.body?.getReader();
    this.#call = call;
    this.#maxBytes = maxBytes;
    this.#parser = createParser({
      onEvent: (event) => this.#queue.push(event),
      onError: (error) => {
        if (error.type !== 'unknown-field') return;
        this.#foreignLines++;
        if (this.#foreignText.length < 2048) this.#foreignText += `${error.line ?? error.field ?? ''}\n`;
      },
    });
  }

  /** Stops reading and closes the connection, even while a read is pending. */
  readonly cancel = (): void => {
    this.#cancelled = true;
    this.#reader?.cancel().catch(() => {});
  };

  next(): Promise<IteratorResult<SseJsonEvent>> {
    if (this.#closed) return Promise.resolve(doneResult);
    if (this.#reading) {
      const after = () => this.next();
      return (this.#pending as Promise<IteratorResult<SseJsonEvent>>).then(after, after);
    }
    // An event already parsed: no read, no await.
    if (this.#queueStart < this.#queue.length) {
      try {
        const event = this.#take();
        if (event !== undefined) return Promise.resolve({ value: event, done: false });
      } catch (error) {
        this.#close();
        return Promise.reject(error);
      }
    }
    this.#reading = true;
    this.#pending = this.#read();
    return this.#pending;
  }

  /** The next event when one is parsed already, the end once closed, else `undefined` (see `ProviderEventSource.ready`). */
  readonly ready = (): IteratorResult<SseJsonEvent> | undefined => {
    if (this.#closed) return doneResult;
    if (this.#reading || this.#queueStart >= this.#queue.length) return undefined;
    try {
      const event = this.#take();
      if (event !== undefined) return { value: event, done: false };
    } catch (error) {
      this.#close();
      throw error;
    }
    // The queue was spent without an event (empty data), or `[DONE]` / a cancel closed it.
    return this.#closed ? doneResult : undefined;
  };

  /** Stops reading (closing the connection unless the body had ended); for `for await ... break`. */
  return(): Promise<IteratorResult<SseJsonEvent>> {
    this.#close();
    return Promise.resolve(doneResult);
  }

  async #read(): Promise<IteratorResult<SseJsonEvent>> {
    if (this.#closed) return doneResult;
    const reader = this.#reader;
    try {
      if (reader === undefined) {
        throw callFailure(
          this.#call,
          malformedResponse('expected an event stream; the response has no body'),
        );
      }
      for (;;) {
        const event = this.#take();
        if (event !== undefined) return { value: event, done: false };
        if (this.#closed) return doneResult;
        if (this.#finished) {
          this.#closed = true;
          if (this.#events === 0) throw this.#noEvents();
          return doneResult;
        }
        const { done, value } = await reader.read();
        if (this.#cancelled) {
          this.#close();
          return doneResult;
        }
        this.#queue.length = 0;
        this.#queueStart = 0;
        if (done) {
          // A last event without its closing blank line is still an event.
          this.#finished = true;
          this.#parser.feed(`${this.#decoder.decode()}\n\n`);
        } else {
          this.#bytes += value.byteLength;
          if (this.#bytes > this.#maxBytes) throw responseTooLarge(this.#call, this.#maxBytes);
          this.#parser.feed(this.#decoder.decode(value, { stream: true }));
        }
      }
    } catch (error) {
      this.#close();
      throw error;
    } finally {
      this.#reading = false;
    }
  }

  /**
   * The next parsed event with data, `undefined` when the queue is spent; at
   * `[DONE]` or after a cancel, closes and returns `undefined`.
   *
   * @throws ProviderError (`malformed_stream`) for a `data:` that is not JSON.
   */
  #take(): SseJsonEvent | undefined {
    while (this.#queueStart < this.#queue.length) {
      if (this.#cancelled) {
        this.#close();
        return undefined;
      }
      const message = this.#queue[this.#queueStart++] as EventSourceMessage;
      if (this.#queueStart === this.#queue.length) {
        // Spent: its messages (slices of the decoded chunk) are not kept while the next chunk is awaited.
        this.#queue.length = 0;
        this.#queueStart = 0;
      }
      const data = message.data.trim();
      if (data === '') continue;
      if (data === '[DONE]') {
        this.#close();
        return undefined;
      }
      this.#events++;
      try {
        return { event: message.event, data: JSON.parse(data) };
      } catch (error) {
        throw callFailure(
          this.#call,
          malformedStreamFailure({
            line: `data: ${data.replaceAll('\n', '\ndata: ')}`,
            detail: `event ${this.#events}${message.event === undefined ? '' : ` (${message.event})`} is not JSON`,
            json: data,
            error,
          }),
          error,
        );
      }
    }
    return undefined;
  }

  /** No more events; the connection is closed unless the body had ended. */
  #close(): void {
    this.#closed = true;
    this.#queue.length = 0;
    this.#queueStart = 0;
    if (!this.#finished && !this.#cancelled) this.cancel();
  }

  #noEvents(): Error {
    const foreignLines = this.#foreignLines;
    return callFailure(
      this.#call,
      malformedResponse(
        foreignLines === 0
          ? 'expected an event stream; got an empty body'
          : `expected an event stream; got ${foreignLines} line${foreignLines === 1 ? '' : 's'} that are not server-sent events: ${readableMessage(this.#foreignText, { maxLength: 160 })}`,
      ),
    );
  }
}
