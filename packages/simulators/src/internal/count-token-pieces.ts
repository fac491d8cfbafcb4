import { splitTokens } from './split-tokens.js';

/** Character classes of the ASCII codes, as `splitTokens`' pattern sees them. */
const other = 0;
const letter = 1;
const digit = 2;
const space = 3;
const asciiClass = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  const char = String.fromCharCode(code);
  asciiClass[code] = /\p{L}/u.test(char)
    ? letter
    : /\p{N}/u.test(char)
      ? digit
      : /\s/.test(char)
        ? space
        : other;
}

/** How many characters of `kind` follow `from` in `text`, at most `limit`. */
function runOf(text: string, from: number, kind: number, limit: number): number {
  let end = from;
  const stop = Math.min(text.length, from + limit);
  while (end < stop) {
    const code = text.charCodeAt(end);
    if (code >= 128 || asciiClass[code] !== kind) break;
    end++;
  }
  return end - from;
}

/**
 * How many pieces {@link splitTokens} cuts `text` into, without building them:
 * ASCII text is walked code by code with the pattern's own rules (a word of up
 * to 8 letters or a number of up to 3 digits or one other mark, each with an
 * optional leading space; otherwise a run of whitespace); any other text is
 * counted by `splitTokens` itself.
 *
 * @param text any text.
 * @returns `splitTokens(text).length`.
 */
export function countTokenPieces(text: string): number {
  const length = text.length;
  let count = 0;
  let at = 0;
  while (at < length) {
    const code = text.charCodeAt(at);
    if (code >= 128) return count + splitTokens(text.slice(at)).length;
    let kind = asciiClass[code] as number;
    let start = at;
    // A space takes the letter, digit or mark after it; before whitespace or at the end it starts a run.
    if (code === 32 && at + 1 < length) {
      const following = text.charCodeAt(at + 1);
      if (following >= 128) return count + splitTokens(text.slice(at)).length;
      const followingKind = asciiClass[following] as number;
      if (followingKind !== space) {
        kind = followingKind;
        start = at + 1;
      }
    }
    const limit = kind === letter ? 8 : kind === digit ? 3 : kind === space ? length : 1;
    const end = kind === other ? start + 1 : start + runOf(text, start, kind, limit);
    // A run cut short by a code beyond ASCII may go on past it (a letter, digit or space elsewhere in Unicode).
    if (end < length && end - start < limit && text.charCodeAt(end) >= 128)
      return count + splitTokens(text.slice(at)).length;
    at = end;
    count++;
  }
  return count;
}
