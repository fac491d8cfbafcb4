import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { outputBytes, utf8Bytes } from './cut-stream-usage.js';

/**
 * One code point of the whole range, lone surrogate halves included: what fast-check's
 * `unit: 'binary'` draws, without the table of every code point it builds first (2 s of CPU and
 * 160 MB, 10-17 s on a busy machine, inside this test's time).
 */
const anyCodePoint = fc.integer({ min: 0, max: 0x10ffff }).map((code) => String.fromCodePoint(code));

describe('utf8Bytes', () => {
  it('counts what Buffer.byteLength counts, for short and long strings, pairs and lone surrogates', () => {
    for (const text of [
      '',
      'tok ',
      'héllo',
      '日本語',
      '😀',
      'a\ud800b',
      '\udc00',
      'x\ud83d',
      '€'.repeat(20),
    ]) {
      expect(utf8Bytes(text), JSON.stringify(text)).toBe(Buffer.byteLength(text, 'utf8'));
    }
    fc.assert(
      fc.property(fc.string({ unit: anyCodePoint, maxLength: 40 }), (text) => {
        expect(utf8Bytes(text)).toBe(Buffer.byteLength(text, 'utf8'));
      }),
    );
  });
});

describe('outputBytes', () => {
  it('counts a tool call whose input was streamed once', () => {
    const streamed = new Set<string>();
    expect(outputBytes({ type: 'tool-input-delta', id: 'call-1', delta: '{"a":' }, streamed)).toBe(5);
    expect(
      outputBytes({ type: 'tool-call', toolCallId: 'call-1', toolName: 't', input: '{"a":1}' }, streamed),
    ).toBe(0);
    expect(
      outputBytes({ type: 'tool-call', toolCallId: 'call-2', toolName: 't', input: '{"é":1}' }, streamed),
    ).toBe(8);
  });
});
