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

/**
 * Splits text into stream chunks of up to `tokensPerChunk` token-like pieces
 * each (see {@link splitTokens}); their texts concatenate to the text.
 */
export function chunkTokens(text: string, tokensPerChunk = 1): { text: string; tokens: number }[] {
  const pieces = splitTokens(text);
  if (tokensPerChunk <= 1) return pieces.map((piece) => ({ text: piece, tokens: 1 }));
  const chunks: { text: string; tokens: number }[] = [];
  for (let start = 0; start < pieces.length; start += tokensPerChunk) {
    const group = pieces.slice(start, start + tokensPerChunk);
    chunks.push({ text: group.join(''), tokens: group.length });
  }
  return chunks;
}
