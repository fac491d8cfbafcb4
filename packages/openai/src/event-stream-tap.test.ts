import { describe, expect, it } from 'vitest';
import { EventStreamTap, eventStreamTapOf, tapEventStreams } from './event-stream-tap.js';

const encoder = new TextEncoder();

describe('tapEventStreams', () => {
  it('taps event-stream bodies, unchanged, and leaves other responses alone', async () => {
    const events = 'data: {"a":1}\n\ndata: {"b":\n\ndata: [DONE]\n\n';
    const fetch = tapEventStreams(async (input) =>
      String(input).endsWith('/sse')
        ? new Response(events, { headers: { 'content-type': 'text/event-stream; charset=utf-8' } })
        : new Response('{"ok":true}', { headers: { 'content-type': 'application/json' } }),
    );
    const json = await fetch('http://127.0.0.1/json');
    expect(eventStreamTapOf(json)).toBeUndefined();
    expect(await json.json()).toEqual({ ok: true });
    const sse = await fetch('http://127.0.0.1/sse');
    expect(await sse.text()).toBe(events);
    expect(eventStreamTapOf(sse)?.malformedLine()).toBe('data: {"b":');
  });
});

describe('EventStreamTap', () => {
  describe('malformedLine', () => {
    it('keeps only the last chunks, skipping a line cut by the start of what was kept', () => {
      const tap = new EventStreamTap();
      tap.push(encoder.encode(`data: {"broken": \n\n`));
      for (let index = 0; index < 1_000; index++) tap.push(encoder.encode(`data: {"n":${index}}\n\n`));
      expect(tap.malformedLine()).toBeUndefined();
      tap.push(encoder.encode('data: {"cut'));
      tap.push(encoder.encode('":1}\n\ndata: {"choices": [\n\n'));
      expect(tap.malformedLine()).toBe('data: {"choices": [');
    });
  });
});
