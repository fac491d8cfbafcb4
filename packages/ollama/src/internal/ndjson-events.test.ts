import { ProviderError } from '@switchyard/core';
import { describe, expect, it, vi } from 'vitest';
import { ndjsonEvents } from './ndjson-events.js';

/**
 * How long a wait on real I/O (a socket, a file) may take: the test's own time, not the 1 s
 * default of `vi.waitFor` and `expect.poll`, which a busy machine can miss.
 */
const ioWait = { timeout: 15_000 };

const encoder = new TextEncoder();
const call = { provider: 'ollama', model: 'llama3.2' };

function body(chunks: readonly string[]): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

/** The events read, and the failure the reading ended with (if any). */
async function read(
  chunks: readonly string[] | ReadableStream<Uint8Array>,
  maxBytes = 1024 * 1024,
): Promise<{ events: unknown[]; failure?: unknown }> {
  const stream = Array.isArray(chunks) ? body(chunks) : (chunks as ReadableStream<Uint8Array>);
  const { events } = ndjsonEvents(new Response(stream), { call, maxBytes });
  const seen: unknown[] = [];
  try {
    for (;;) {
      const next = await events.next();
      if (next.done) return { events: seen };
      seen.push(next.value);
    }
  } catch (error) {
    if (!ProviderError.isInstance(error)) throw error;
    return { events: seen, failure: error.failure };
  }
}

const malformed = (line: number, excerpt: string, parser = '') => ({
  kind: 'transient',
  code: 'malformed_stream',
  message: `malformed stream data (line ${line} is not a JSON object; the ollama client would skip it${parser}): ${excerpt}`,
});

describe('ndjsonEvents', () => {
  describe('well-framed lines', () => {
    it('yields each line once, whole or split across chunks at any character', async () => {
      const text = '{"a":1}\n{"b":"x}y"}\r\n\n  \n{"done":true}\n';
      const expected = [{ a: 1 }, { b: 'x}y' }, { done: true }];
      expect(await read([text])).toEqual({ events: expected });
      for (let cut = 1; cut < text.length; cut++) {
        expect(await read([text.slice(0, cut), text.slice(cut)])).toEqual({ events: expected });
      }
      expect(await read(text.split(''))).toEqual({ events: expected });
    });

    it('reads a last line without its newline, and a character split across chunks', async () => {
      expect(await read(['{"a":1}\n{"done"', ':true}'])).toEqual({ events: [{ a: 1 }, { done: true }] });
      const bytes = encoder.encode('{"text":"é"}\n');
      const split = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(bytes.slice(0, 10));
          controller.enqueue(bytes.slice(10));
          controller.close();
        },
      });
      expect(await read(split)).toEqual({ events: [{ text: 'é' }] });
    });
  });

  describe('a malformed line', () => {
    it('yields the good lines before it, then fails naming it', async () => {
      expect(await read(['{"a":1}\n{"model":"x","mess\n{"done":true}\n'])).toEqual({
        events: [{ a: 1 }],
        failure: malformed(2, '{"model":"x","mess'),
      });
    });

    it('catches a line that straddles chunks, one that does not start with a brace, and a cut last line', async () => {
      expect(await read(['{"a":1}\n{"b"', ':2}\n{"cut', '\n{"done":true}\n'])).toEqual({
        events: [{ a: 1 }, { b: 2 }],
        failure: malformed(3, '{"cut'),
      });
      expect(await read(['data: {"a":1}\n'])).toEqual({ events: [], failure: malformed(1, 'data: {"a":1}') });
      expect(await read(['{"a":1}\n{"done":tr'])).toEqual({
        events: [{ a: 1 }],
        failure: malformed(2, '{"done":tr'),
      });
    });

    it('catches a line framed as an object that does not parse, saying where it broke', async () => {
      expect(await read(['{"a":1}\n{"a":1,}\n{"done":true}\n'])).toEqual({
        events: [{ a: 1 }],
        failure: malformed(
          2,
          '{"a":1,}',
          ': at column 8: expected a property name in double quotes, found "}"',
        ),
      });
    });

    it('keeps the output text of a malformed line out of its message', async () => {
      const line = '{"message":{"role":"assistant","content":"the secret answer"},"done":false,}';
      const { failure } = await read([`${line}\n`]);
      expect((failure as { message: string }).message).toContain('"content":"[17 characters]"');
      expect((failure as { message: string }).message).not.toContain('secret');
    });

    it('names an HTML page by its title', async () => {
      expect(await read(['<html><head><title>502 Bad Gateway</title></head></html>\n'])).toEqual({
        events: [],
        failure: malformed(1, 'HTML page: 502 Bad Gateway'),
      });
    });
  });

  describe('a long body', () => {
    it('fails after maxBytes, so an endless stream ends', async () => {
      let pulls = 0;
      const endless = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulls++;
          controller.enqueue(encoder.encode(`{"message":{"content":"${'x'.repeat(1000)}"},"done":false}\n`));
        },
      });
      const { failure } = await read(endless, 64 * 1024);
      expect(failure).toMatchObject({ code: 'response_too_large' });
      expect(pulls).toBeLessThan(100);
    });

    it('reads a long line split into many chunks whole', async () => {
      const piece = 'x'.repeat(64 * 1024);
      const chunks = ['{"a":"', ...Array.from({ length: 64 }, () => piece), '"}\n'];
      const { events } = await read(chunks, 8 * 1024 * 1024);
      expect((events[0] as { a: string }).a.length).toBe(64 * 64 * 1024);
    });
  });

  describe('finish', () => {
    it('lets a body that ends by itself end, never cancelling it', async () => {
      const cancel = vi.fn();
      let release: (() => void) | undefined;
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(encoder.encode('{"done":true}\n'));
          release = () => controller.close();
        },
        cancel,
      });
      const source = ndjsonEvents(new Response(stream), { call, maxBytes: 1024 });
      expect(await source.events.next()).toEqual({ done: false, value: { done: true } });
      source.finish?.();
      release?.();
      await vi.waitFor(() => expect(stream.locked).toBe(true), ioWait);
      await new Promise((resolve) => setImmediate(resolve));
      expect(cancel).not.toHaveBeenCalled();
    });

    it('cancels a body that sends more after the answer', async () => {
      const cancel = vi.fn();
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(encoder.encode('{"done":true}\n'));
          controller.enqueue(encoder.encode('{"more":1}\n'));
        },
        cancel,
      });
      const source = ndjsonEvents(new Response(stream), { call, maxBytes: 1024 });
      await source.events.next();
      source.finish?.();
      await vi.waitFor(() => expect(cancel).toHaveBeenCalledTimes(1), ioWait);
    });

    it('cancels a body whose end does not come within a second', async () => {
      vi.useFakeTimers();
      try {
        const cancel = vi.fn();
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(encoder.encode('{"done":true}\n'));
          },
          cancel,
        });
        const source = ndjsonEvents(new Response(stream), { call, maxBytes: 1024 });
        await source.events.next();
        source.finish?.();
        await vi.advanceTimersByTimeAsync(999);
        expect(cancel).not.toHaveBeenCalled();
        await vi.advanceTimersByTimeAsync(1);
        expect(cancel).toHaveBeenCalledTimes(1);
      } finally {
        vi.useRealTimers();
      }
    });
  });
});
