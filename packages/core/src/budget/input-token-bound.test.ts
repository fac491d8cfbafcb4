import fc from 'fast-check';
import { encode as encodeCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { encode as encodeO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { fileTokenEstimate, inputTokenBound, messageOverheadTokens } from './input-token-bound.js';

/**
 * One code point of the whole range, lone surrogate halves included: what fast-check's
 * `unit: 'binary'` draws, without the table of every code point it builds first (2 s of CPU and
 * 160 MB, 10-17 s on a busy machine, inside this test's time).
 */
const anyCodePoint = fc.integer({ min: 0, max: 0x10ffff }).map((code) => String.fromCodePoint(code));

const userText = (text: string) =>
  inputTokenBound({ prompt: [{ role: 'user', content: [{ type: 'text', text }] }] }) -
  2 * messageOverheadTokens;

describe('inputTokenBound', () => {
  it('is never below what real byte-level BPE tokenizers count (o200k and cl100k), for any Unicode text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'grapheme', maxLength: 400 }),
          fc.string({ unit: anyCodePoint, maxLength: 400 }),
          fc.constantFrom(
            'Grüße aus Köln',
            '你好，世界。这是一个测试。',
            'مرحبا بالعالم',
            '🚀🔥 emoji 👩‍👩‍👧‍👦',
            '    indented\n\tcode();',
          ),
        ),
        (text) => {
          const bound = userText(text);
          expect(bound).toBeGreaterThanOrEqual(encodeO200k(text).length);
          expect(bound).toBeGreaterThanOrEqual(encodeCl100k(text).length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts every message, tool call, tool result, tool definition and the response schema', () => {
    const bound = inputTokenBound({
      prompt: [
        { role: 'system', content: 'be brief' },
        {
          role: 'assistant',
          content: [{ type: 'tool-call', toolCallId: 'c', toolName: 'weather', input: { city: 'Köln' } }],
        },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'c',
              toolName: 'weather',
              output: { type: 'json', value: { c: 21 } },
            },
          ],
        },
      ],
      tools: [{ type: 'function', name: 'weather', inputSchema: { type: 'object' } }],
      responseFormat: { type: 'json', schema: { type: 'object' } },
    });
    const bytes =
      'be brief'.length +
      'weather'.length +
      Buffer.byteLength('{"city":"Köln"}') +
      'weather'.length +
      '{"c":21}'.length +
      JSON.stringify([{ type: 'function', name: 'weather', inputSchema: { type: 'object' } }]).length +
      '{"type":"object"}'.length;
    expect(bound).toBe(bytes + 4 * messageOverheadTokens);
  });

  it('estimates images and remote files, and counts inline files by their size', () => {
    const bound = inputTokenBound({
      prompt: [
        {
          role: 'user',
          content: [
            { type: 'file', mediaType: 'image/png', data: { type: 'data', data: new Uint8Array(50_000) } },
            {
              type: 'file',
              mediaType: 'application/pdf',
              data: { type: 'url', url: new URL('https://example.com/a.pdf') },
            },
            { type: 'file', mediaType: 'text/csv', data: { type: 'data', data: new Uint8Array(1_234) } },
            { type: 'file', mediaType: 'text/plain', data: { type: 'data', data: 'QUJD' } },
          ],
        },
      ],
    });
    expect(bound).toBe(2 * fileTokenEstimate + 1_234 + 3 + 2 * messageOverheadTokens);
  });
});
