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

/** `tokenPattern` for {@link chunkTokens}, which moves its `lastIndex`. */
const chunkPattern = new RegExp(tokenPattern.source, tokenPattern.flags);

/**
 * Splits text into stream chunks of up to `tokensPerChunk` token-like pieces
 * each (see {@link splitTokens}); their texts concatenate to the text. With
 * more than one piece a chunk, each chunk is made when it is read: a stream
 * written over a long time keeps its text and a position, not every chunk,
 * and each chunk is one slice of the text between piece ends that
 * `RegExp#test` finds (no string per piece, no array per chunk). With one
 * piece a chunk the pieces are split at the first read, all at once.
 */
export function* chunkTokens(
  text: string,
  tokensPerChunk = 1,
): Generator<{ text: string; tokens: number }, void, undefined> {
  if (tokensPerChunk <= 1) {
    for (const piece of splitTokens(text)) yield { text: piece, tokens: 1 };
    return;
  }
  // The pattern matches every character, so the pieces tile the text and a chunk runs from
  // the end of the previous chunk to the end of its last piece. Other streams read their chunks
  // between two of these: the pattern is set to this one's position before each search.
  let start = 0;
  let end = 0;
  let tokens = 0;
  for (;;) {
    chunkPattern.lastIndex = end;
    if (!chunkPattern.test(text)) break;
    end = chunkPattern.lastIndex;
    tokens += 1;
    if (tokens === tokensPerChunk) {
      yield { text: text.slice(start, end), tokens };
      start = end;
      tokens = 0;
    }
  }
  if (tokens > 0) yield { text: text.slice(start), tokens };
}
