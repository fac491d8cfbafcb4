/**
 * Token-like pieces: a word of up to 8 letters with its leading space, up to 3
 * digits, one punctuation mark, or a run of whitespace. Joining the pieces gives
 * back the text exactly. Close enough to BPE counts for English prose and code.
 */
const tokenPattern = / ?\p{L}{1,8}| ?\p{N}{1,3}| ?[^\s\p{L}\p{N}]|\s+/gu;

/** Splits text into token-like pieces whose concatenation is the text. */
export function splitTokens(text: string): string[] {
  return text.match(tokenPattern) ?? [];
}
