import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countTokenPieces } from './count-token-pieces.js';
import { splitTokens } from './split-tokens.js';

describe('countTokenPieces', () => {
  describe('countTokenPieces()', () => {
    it('counts the pieces splitTokens cuts, at every rule of its pattern', () => {
      const texts = [
        '',
        ' ',
        'a',
        ' a',
        'internationalisation',
        ' internationalisation',
        '12345',
        ' 12345 6',
        'Hello, world!',
        ' , .',
        'a  b',
        'a \tb',
        '\t a\n\n b ',
        'x\u000by\u000cz\u001cw\u007f',
        '  Hello,\n\tworld! 2026-01-01 {"a": [1, 2]}  ',
        'route policy target switch track signal freight yard',
      ];
      for (const text of texts)
        expect(countTokenPieces(text), JSON.stringify(text)).toBe(splitTokens(text).length);
    });

    it('counts text with letters, digits and spaces beyond ASCII like splitTokens', () => {
      for (const text of [
        'Grüße aus München',
        'yard ü',
        'yard\u00a0yard',
        'a \u00e9t\u00e9',
        '٣٤٥ 12',
        '😀 yard',
      ])
        expect(countTokenPieces(text), JSON.stringify(text)).toBe(splitTokens(text).length);
    });

    it('agrees with splitTokens for any ASCII text', () => {
      fc.assert(
        fc.property(
          fc.string({ unit: fc.integer({ min: 0, max: 127 }).map((code) => String.fromCharCode(code)) }),
          (text) => {
            expect(countTokenPieces(text)).toBe(splitTokens(text).length);
          },
        ),
        { numRuns: 2000 },
      );
    });

    it('agrees with splitTokens for ASCII mixed with letters, digits and spaces beyond it', () => {
      const units = ['a', 'Z', '7', ' ', '\t', '\n', '.', ',', 'ü', 'é', '٣', '\u00a0', '\u2003', '😀', '中'];
      fc.assert(
        fc.property(fc.string({ unit: fc.constantFrom(...units), maxLength: 60 }), (text) => {
          expect(countTokenPieces(text)).toBe(splitTokens(text).length);
        }),
        { numRuns: 3000 },
      );
    });

    it('agrees with splitTokens for any text', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
          expect(countTokenPieces(text)).toBe(splitTokens(text).length);
        }),
        { numRuns: 1000 },
      );
    });
  });
});
