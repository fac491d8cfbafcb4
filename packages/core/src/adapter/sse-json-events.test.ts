import { describe, expect, it } from 'vitest';
import { rejectedFailure } from '../testing/provider-failure-of.js';
import { sseJsonEvents } from './sse-json-events.js';

const call = { provider: 'p', model: 'm' };

function response(body: string | ReadableStream<Uint8Array>, type = 'text/event-stream'): Response {
  return new Response(body, { headers: { 'content-type': type } });
}

async function collect(res: Response, maxBytes?: number) {
  const { events } = sseJsonEvents(res, { call, ...(maxBytes === undefined ? {} : { maxBytes }) });
  const out: unknown[] = [];
  for (;;) {
    const next = await events.next();
    if (next.done) return out;
    out.push(next.value);
  }
}

const failureOf = rejectedFailure;

describe('sseJsonEvents', () => {
  it('reads named and unnamed events, skipping comments, empty data and everything after [DONE]', async () => {
    const body =
      ': ping\n\nevent: message_start\ndata: {"type":"message_start"}\n\ndata: {"a":1}\n\ndata: \n\ndata: [DONE]\n\ndata: {"late":true}\n\n';
    expect(await collect(response(body))).toEqual([
      { event: 'message_start', data: { type: 'message_start' } },
      { event: undefined, data: { a: 1 } },
    ]);
  });

  it('hands the events a chunk brought through ready without a read, then asks for one', async () => {
    const source = sseJsonEvents(response('data: {"a":1}\n\ndata: \n\ndata: {"b":2}\n\ndata: {"c":3}\n\n'), {
      call,
    });
    const ready = source.ready as NonNullable<typeof source.ready>;
    // Nothing read yet: a read is needed.
    expect(ready()).toBeUndefined();
    expect(await source.events.next()).toEqual({ done: false, value: { event: undefined, data: { a: 1 } } });
    expect(ready()).toEqual({ done: false, value: { event: undefined, data: { b: 2 } } });
    expect(ready()).toEqual({ done: false, value: { event: undefined, data: { c: 3 } } });
    expect(ready()).toBeUndefined();
    expect(await source.events.next()).toEqual({ done: true, value: undefined });
    expect(ready()).toEqual({ done: true, value: undefined });
  });

  it('throws from ready what next would reject with, and is done after', async () => {
    const source = sseJsonEvents(response('data: {"a":1}\n\ndata: {"b":\n\n'), { call });
    const ready = source.ready as NonNullable<typeof source.ready>;
    await source.events.next();
    expect(() => ready()).toThrow(/event 2 is not JSON/);
    expect(ready()).toEqual({ done: true, value: undefined });
  });

  it('reads a last event without its closing blank line', async () => {
    expect(await collect(response('data: {"a":1}\n\ndata: {"b":2}'))).toEqual([
      { event: undefined, data: { a: 1 } },
      { event: undefined, data: { b: 2 } },
    ]);
  });

  it('names the event that is not JSON and its line, as malformed_stream', async () => {
    const failure = await failureOf(collect(response('data: {"a":1}\n\ndata: {"b":\n\n')));
    expect(failure).toMatchObject({ kind: 'transient', code: 'malformed_stream' });
    expect(failure.message).toBe(
      'malformed stream data (event 2 is not JSON: at column 6: expected a value (an object, a list, text in double quotes, a number, true, false or null), found the end of the data): data: {"b":',
    );
  });

  it('keeps the output text of a malformed line out of the message, and names the event type', async () => {
    const body =
      'event: content_block_delta\ndata: {"type":"content_block_delta","delta":{"type":"text_delta","text":"the secret ans\n\n';
    const failure = await failureOf(collect(response(body)));
    expect(failure).toMatchObject({ kind: 'transient', code: 'malformed_stream' });
    expect(failure.message).toBe(
      'malformed stream data (event 1 (content_block_delta) is not JSON: at column 82: expected the closing double quote of the text, found the end of the data): data: {"type":"content_block_delta","delta":{"type":"text_delta","text":"[14 characters]',
    );
  });

  it('says what a body without events was', async () => {
    expect((await failureOf(collect(response('')))).message).toBe(
      'expected an event stream; got an empty body',
    );
    const html = await failureOf(collect(response('<html>\n<title>Bad Gateway</title>\n</html>\n')));
    expect(html.message).toBe(
      'expected an event stream; got 3 lines that are not server-sent events: HTML page: Bad Gateway',
    );
  });

  it('stops an endless body at maxBytes', async () => {
    let chunks = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        chunks++;
        controller.enqueue(new TextEncoder().encode(': keep-alive\n\n'.repeat(100)));
      },
    });
    const failure = await failureOf(collect(response(endless), 64 * 1024));
    expect(failure).toMatchObject({ kind: 'transient', code: 'response_too_large' });
    expect(failure.message).toContain('64 KiB');
    expect(chunks).toBeLessThan(100);
  });

  it('ends quietly when cancelled during a pending read', async () => {
    const stalled = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) });
    const { events, cancel } = sseJsonEvents(response(stalled), { call });
    const pending = events.next();
    cancel();
    expect(await pending).toEqual({ done: true, value: undefined });
  });

  it('answers overlapping next calls in order, as a generator would', async () => {
    let push!: (text: string) => void;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        push = (text) => controller.enqueue(new TextEncoder().encode(text));
      },
    });
    const { events } = sseJsonEvents(response(body), { call });
    const first = events.next();
    const second = events.next();
    push('data: {"a":1}\n\ndata: {"b":2}\n\ndata: [DONE]\n\n');
    expect(await Promise.all([first, second, events.next()])).toEqual([
      { done: false, value: { event: undefined, data: { a: 1 } } },
      { done: false, value: { event: undefined, data: { b: 2 } } },
      { done: true, value: undefined },
    ]);
  });

  it('closes the connection when the reader stops early (return), and answers done after', async () => {
    let cancelledWith: unknown = 'not cancelled';
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('data: {"a":1}\n\n'));
      },
      cancel(reason) {
        cancelledWith = reason;
      },
    });
    const { events } = sseJsonEvents(response(body), { call });
    expect(await events.next()).toEqual({ done: false, value: { event: undefined, data: { a: 1 } } });
    expect(await events.return?.()).toEqual({ done: true, value: undefined });
    expect(cancelledWith).toBeUndefined();
    expect(await events.next()).toEqual({ done: true, value: undefined });
  });

  it('closes the connection at [DONE] and after a malformed event, and answers done after a failure', async () => {
    let cancels = 0;
    const open = (text: string) =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(text));
        },
        cancel() {
          cancels++;
        },
      });
    await collect(response(open('data: {"a":1}\n\ndata: [DONE]\n\n')));
    expect(cancels).toBe(1);
    const { events } = sseJsonEvents(response(open('data: {"a":1}\n\ndata: {"b":\n\n')), { call });
    await events.next();
    expect((await failureOf(events.next())).code).toBe('malformed_stream');
    expect(cancels).toBe(2);
    expect(await events.next()).toEqual({ done: true, value: undefined });
  });
});
