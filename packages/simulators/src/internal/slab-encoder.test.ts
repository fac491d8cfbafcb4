import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SlabEncoder } from './slab-encoder.js';

const textEncoder = new TextEncoder();

/** Any UTF-16 code unit, lone surrogates included, and any code point (drawn through integers). */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const codePoint = fc.integer({ min: 0, max: 0x10ffff }).map((code) => String.fromCodePoint(code));

describe('SlabEncoder', () => {
  describe('encode', () => {
    it('gives the bytes TextEncoder gives, for any text, lone surrogates included', () => {
      const encoder = new SlabEncoder(256);
      fc.assert(
        fc.property(fc.oneof(fc.string({ unit: codeUnit }), fc.string({ unit: codePoint })), (text) => {
          expect(encoder.encode(text)).toEqual(textEncoder.encode(text));
        }),
        { numRuns: 500 },
      );
    });

    it('never writes again over a view it handed out', () => {
      const encoder = new SlabEncoder(64);
      const texts = [
        'data: {"a":1}\n\n',
        'é€😀',
        'x'.repeat(5),
        'y'.repeat(16),
        'z'.repeat(3),
        'w'.repeat(40),
      ];
      const views = texts.map((text) => encoder.encode(text));
      views.forEach((view, index) => {
        expect(view).toEqual(textEncoder.encode(texts[index]));
      });
    });

    it('puts short texts in one buffer and gives a long text its own', () => {
      const encoder = new SlabEncoder(1024);
      const first = encoder.encode('abc');
      const second = encoder.encode('def');
      expect(second.buffer).toBe(first.buffer);
      expect(second.byteOffset).toBe(3);
      const long = encoder.encode('x'.repeat(100));
      expect(long.buffer).not.toBe(first.buffer);
      expect(long.byteLength).toBe(100);
      expect(encoder.encode('').byteLength).toBe(0);
    });
  });
});
