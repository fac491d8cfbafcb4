import { describe, expect, it } from 'vitest';
import { ProviderError } from '../errors/provider-error.js';
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

async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!ProviderError.isInstance(error)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error.failure;
}

describe('sseJsonEvents', () => {
  it('reads named and unnamed events, skipping comments, empty data and everything after [DONE]', async () => {
    const body =
      ': ping\n\nevent: message_start\ndata: {"type":"message_start"}\n\ndata: {"a":1}\n\ndata: \n\ndata: [DONE]\n\ndata: {"late":true}\n\n';
    expect(await collect(response(body))).toEqual([
      { event: 'message_start', data: { type: 'message_start' } },
      { event: undefined, data: { a: 1 } },
    ]);
  });

  it('reads a last event without its closing blank line', async () => {
    expect(await collect(response('data: {"a":1}\n\ndata: {"b":2}'))).toEqual([
      { event: undefined, data: { a: 1 } },
      { event: undefined, data: { b: 2 } },
    ]);
  });

  it('names the event that is not JSON', async () => {
    const failure = await failureOf(collect(response('data: {"a":1}\n\ndata: {"b":\n\n')));
    expect(failure).toMatchObject({ kind: 'transient', code: 'malformed_response' });
    expect(failure.message).toBe('event 2 of the stream is not JSON (cut or garbled): {"b":');
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
});
