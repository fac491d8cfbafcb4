import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countTokens } from './count-tokens.js';
import { splitTokens } from './internal/split-tokens.js';

describe('countTokens', () => {
  describe('countTokens()', () => {
    it('counts words with their leading space, digits by three and punctuation marks', () => {
      expect(countTokens('')).toBe(0);
      expect(countTokens('Hello, world!')).toBe(4);
      expect(countTokens('12345')).toBe(2);
      expect(countTokens('internationalisation')).toBe(3);
    });

    it('counts non-Latin letters as letters', () => {
      expect(countTokens('Grüße aus München')).toBe(3);
    });
  });

  describe('splitTokens()', () => {
    it('splits text into pieces that join back to the exact text', () => {
      const text = '  Hello,\n\tworld! 2026-01-01 {"a": [1, 2]}  ';
      expect(splitTokens(text).join('')).toBe(text);
      expect(splitTokens(text).length).toBe(countTokens(text));
    });

    it('never loses or invents a character, for any text', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
          expect(splitTokens(text).join('')).toBe(text);
        }),
      );
    });

    it('counts a concatenation as at most the sum of its parts plus one', () => {
      fc.assert(
        fc.property(fc.string(), fc.string(), (left, right) => {
          expect(countTokens(left + right)).toBeLessThanOrEqual(countTokens(left) + countTokens(right) + 1);
        }),
      );
    });

    it('counts long texts (cached) exactly like short ones, however many distinct texts it has seen', () => {
      const words = (count: number, word: string) => Array.from({ length: count }, () => word).join(' ');
      for (let round = 0; round < 2; round++)
        for (let count = 100; count < 4_000; count += 37) {
          // "yard" and its leading space are one token each time.
          expect(countTokens(words(count, 'yard'))).toBe(count);
        }
    });
  });
});
