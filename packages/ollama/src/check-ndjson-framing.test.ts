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
  return new Response(checkNdjsonFraming(body)).text();
}

const errorLine = (line: number) =>
  `${JSON.stringify({ error: `malformed NDJSON: line ${line} of the stream is not a JSON object (the ollama client would skip it)` })}\n`;

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
      expect(await pass(['{"a":1}\n{"model":"x","mess\n{"done":true}\n'])).toBe(`{"a":1}\n${errorLine(2)}`);
    });

    it('never lets part of a malformed line through when it straddles chunks', async () => {
      expect(await pass(['{"a":1}\n{"b"', ':2}\n{"cut', '\n{"done":true}\n'])).toBe(
        `{"a":1}\n{"b":2}\n${errorLine(3)}`,
      );
    });

    it('catches a line that does not start with a brace, and a malformed last line', async () => {
      expect(await pass(['data: {"a":1}\n'])).toBe(errorLine(1));
      expect(await pass(['{"a":1}\n{"done":tr'])).toBe(`{"a":1}\n${errorLine(2)}`);
    });
  });
});
