import { describe, expect, it } from 'vitest';
import { checkNdjsonFraming } from './check-ndjson-framing.js';

const encoder = new TextEncoder();

async function pass(chunks: string[]): Promise<string> {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(checkNdjsonFraming(body, { call, maxBytes: 1024 * 1024 })).text();
}

const call = { provider: 'ollama', model: 'llama3.2' };
const errorLine = (line: number, excerpt: string) =>
  `${JSON.stringify({ error: `malformed NDJSON: line ${line} of the stream is not a JSON object (the ollama client would skip it): ${excerpt}` })}\n`;

describe('checkNdjsonFraming', () => {
  describe('well-framed lines', () => {
    it('passes lines through unchanged, whole or split across chunks at any byte', async () => {
      const text = '{"a":1}\n{"b":"x}y"}\r\n\n{"done":true}\n';
      expect(await pass([text])).toBe(text);
      for (let cut = 1; cut < text.length; cut++) {
        expect(await pass([text.slice(0, cut), text.slice(cut)])).toBe(text);
      }
      expect(await pass(text.split(''))).toBe(text);
    });

    it('passes a last line without its newline', async () => {
      expect(await pass(['{"a":1}\n{"done"', ':true}'])).toBe('{"a":1}\n{"done":true}');
    });
  });

  describe('a malformed line', () => {
    it('keeps the good lines before it and ends with an error line in its place', async () => {
      expect(await pass(['{"a":1}\n{"model":"x","mess\n{"done":true}\n'])).toBe(
        `{"a":1}\n${errorLine(2, '{"model":"x","mess')}`,
      );
    });

    it('never lets part of a malformed line through when it straddles chunks', async () => {
      expect(await pass(['{"a":1}\n{"b"', ':2}\n{"cut', '\n{"done":true}\n'])).toBe(
        `{"a":1}\n{"b":2}\n${errorLine(3, '{"cut')}`,
      );
    });

    it('catches a line that does not start with a brace, and a malformed last line', async () => {
      expect(await pass(['data: {"a":1}\n'])).toBe(errorLine(1, 'data: {"a":1}'));
      expect(await pass(['{"a":1}\n{"done":tr'])).toBe(`{"a":1}\n${errorLine(2, '{"done":tr')}`);
    });

    it('names an HTML page by its title', async () => {
      expect(await pass(['<html><head><title>502 Bad Gateway</title></head></html>\n'])).toBe(
        errorLine(1, 'HTML page: 502 Bad Gateway'),
      );
    });
  });

  describe('a long body', () => {
    it('errors after maxBytes, so an endless stream ends', async () => {
      let pulls = 0;
      const endless = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulls++;
          controller.enqueue(encoder.encode(`{"message":{"content":"${'x'.repeat(1000)}"},"done":false}\n`));
        },
      });
      const reading = new Response(checkNdjsonFraming(endless, { call, maxBytes: 64 * 1024 })).text();
      await expect(reading).rejects.toMatchObject({ failure: { code: 'response_too_large' } });
      expect(pulls).toBeLessThan(100);
    });

    it('holds a long line as its chunks without copying them again (linear, not quadratic)', async () => {
      const piece = 'x'.repeat(64 * 1024);
      const chunks = ['{"a":"', ...Array.from({ length: 64 }, () => piece), '"}\n'];
      expect(await pass(chunks.slice(0, 0))).toBe('');
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
          controller.close();
        },
      });
      const text = await new Response(checkNdjsonFraming(body, { call, maxBytes: 8 * 1024 * 1024 })).text();
      expect(text.length).toBe(64 * 64 * 1024 + 9);
    });
  });
});
