import { countTokenPieces } from './internal/count-token-pieces.js';
import { TextMemo } from './internal/text-memo.js';

/**
 * Long texts counted recently (prompts repeat in drills and benchmarks), about 8 MB of strings at
 * most: a drill's prompts (up to ~1,200 words each) mostly fit, and the oldest make room for new ones.
 */
const counted = new TextMemo<number>(4_000_000);

/**
 * Counts tokens the way the simulators report usage: a word of up to 8 letters
 * (with its leading space), up to 3 digits, one punctuation mark or a run of
 * whitespace is one token. Deterministic and close to real tokenizers for prose.
 *
 * @param text - Any text.
 * @returns The number of tokens.
 * @example
 * ```ts
 * countTokens('Hello, world!'); // 4
 * ```
 */
export function countTokens(text: string): number {
  if (text.length < 256) return countTokenPieces(text);
  return counted.get(text) ?? counted.set(text, countTokenPieces(text));
}
