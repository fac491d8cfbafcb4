import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkTokens, splitTokens } from './split-tokens.js';

/** Chunks as groups of `splitTokens` pieces, joined: what `chunkTokens` returns. */
function groupedPieces(text: string, tokensPerChunk: number) {
  const pieces = splitTokens(text);
  const chunks: { text: string; tokens: number }[] = [];
  for (let start = 0; start < pieces.length; start += tokensPerChunk) {
    const group = pieces.slice(start, start + tokensPerChunk);
    chunks.push({ text: group.join(''), tokens: group.length });
  }
  return chunks;
}

describe('split-tokens', () => {
  describe('chunkTokens', () => {
    it('cuts a text into chunks of up to tokensPerChunk pieces', () => {
      expect([...chunkTokens('Hello there, world  42!', 2)]).toEqual([
        { text: 'Hello there', tokens: 2 },
        { text: ', world', tokens: 2 },
        { text: '  42', tokens: 2 },
        { text: '!', tokens: 1 },
      ]);
      expect([...chunkTokens('', 8)]).toEqual([]);
    });

    it('gives the same chunks as joining groups of splitTokens pieces, for any text', () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string({ unit: 'grapheme' }),
            fc.string({ unit: 'binary' }),
            fc.lorem({ maxCount: 40 }),
          ),
          fc.integer({ min: 1, max: 12 }),
          (text, tokensPerChunk) => {
            expect([...chunkTokens(text, tokensPerChunk)]).toEqual(groupedPieces(text, tokensPerChunk));
          },
        ),
        { numRuns: 200 },
      );
    });
  });
});
