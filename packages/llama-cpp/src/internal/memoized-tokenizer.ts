import { createHash } from 'node:crypto';
import type { Token, Tokenizer } from 'node-llama-cpp';

/**
 * A tokenizer that remembers what it tokenized: a call tokenizes its
 * rendered prompt once to check that it fits the context, then node-llama-cpp's
 * `LlamaChat` tokenizes the same text again to evaluate it, and a later call
 * with the same messages (a drill sends each prompt many times, once with
 * tools and once without) tokenizes it again. A tokenizer is a function of
 * its input, so a text seen before costs a copy instead of a pass of
 * llama.cpp's tokenizer on the main thread (~1 ms for a 1,200-word prompt).
 *
 * Long texts (the messages) are remembered by a SHA-256 digest of the text,
 * their tokens packed 4 bytes each: up to `maxEntries` of them and
 * `maxTokens` tokens in all (4 MiB by default), least recently used dropped.
 * Short texts are remembered as they are, up to `maxShortEntries`: the chat
 * template's pieces (`[INST] `, ` [/INST] `, ...), the same in every call,
 * which node-llama-cpp tokenizes with special tokens and a leading-space
 * workaround (two native passes and a detokenization: 50–150 µs each,
 * several per call, twice).
 *
 * @param tokenizer the model's tokenizer.
 * @param options.maxEntries long texts remembered (default 4,096).
 * @param options.maxTokens tokens of long texts remembered in all (default 1,048,576: 4 MiB).
 * @param options.minLength shortest long text, in characters (default 256).
 * @param options.maxShortEntries short texts remembered, least recently used dropped (default 64).
 * @returns a tokenizer giving the same tokens, each result a fresh array.
 * @example
 * ```ts
 * const tokenizer = memoizedTokenizer(model.tokenizer);
 * contextText.tokenize(tokenizer);
 * ```
 */
export function memoizedTokenizer(
  tokenizer: Tokenizer,
  {
    maxEntries = 4096,
    maxTokens = 1 << 20,
    minLength = 256,
    maxShortEntries = 64,
  }: { maxEntries?: number; maxTokens?: number; minLength?: number; maxShortEntries?: number } = {},
): Tokenizer {
  const call = tokenizer as (
    text: string,
    specialTokens?: boolean | 'builtin',
    options?: 'trimLeadingSpace',
  ) => Token[];
  const long = new Map<string, Uint32Array>();
  let longTokens = 0;
  const short = new Map<string, readonly Token[]>();
  const rememberLong = (key: string, tokens: readonly Token[]) => {
    // A text of more tokens than the whole budget (or of tokens past 32 bits) is not kept.
    if (tokens.length > maxTokens || tokens.some((token) => token < 0 || token > 0xffff_ffff)) return;
    long.set(key, Uint32Array.from(tokens));
    longTokens += tokens.length;
    for (const [oldest, packed] of long) {
      if (long.size <= maxEntries && longTokens <= maxTokens) break;
      long.delete(oldest);
      longTokens -= packed.length;
    }
  };
  const tokenize = (text: string, specialTokens?: boolean | 'builtin', options?: 'trimLeadingSpace') => {
    // Builtin tokens (`BOS`, `EOS`) are a lookup already.
    if (specialTokens === 'builtin' || typeof text !== 'string') return call(text, specialTokens, options);
    const flags = `${specialTokens === true ? 1 : 0}${options === 'trimLeadingSpace' ? 1 : 0}`;
    if (text.length >= minLength) {
      const key = createHash('sha256').update(flags).update(text).digest('base64');
      const known = long.get(key);
      if (known !== undefined) {
        long.delete(key);
        long.set(key, known);
        return unpacked(known);
      }
      const tokens = call(text, specialTokens, options);
      rememberLong(key, tokens);
      return tokens;
    }
    const key = `${flags}${text}`;
    const known = short.get(key);
    if (known !== undefined) {
      short.delete(key);
      short.set(key, known);
      return known.slice();
    }
    const tokens = call(text, specialTokens, options);
    short.set(key, tokens.slice());
    if (short.size > maxShortEntries) short.delete(short.keys().next().value as string);
    return tokens;
  };
  return Object.assign(tokenize, {
    detokenize: tokenizer.detokenize,
    isSpecialToken: tokenizer.isSpecialToken,
    isEogToken: tokenizer.isEogToken,
  }) as Tokenizer;
}

/**
 * The tokens of a packed entry, as a fresh array: copied by index, since
 * `Array.from` over a typed array goes through its iterator and allocates a
 * result object per token (a 2,000-token prompt: ~80 KB of garbage per call).
 */
function unpacked(packed: Uint32Array): Token[] {
  const tokens = new Array<Token>(packed.length);
  for (let index = 0; index < packed.length; index++) tokens[index] = packed[index] as Token;
  return tokens;
}
