import type { Token, Tokenizer } from 'node-llama-cpp';

/**
 * A tokenizer that remembers what it tokenized: a call tokenizes its
 * rendered prompt once to check that it fits the context, then node-llama-cpp's
 * `LlamaChat` tokenizes the same text again to evaluate it. A tokenizer is a
 * function of its input, so the second time costs a copy instead of a pass of
 * llama.cpp's tokenizer on the main thread (~1.5 ms for a 1,200-word prompt).
 * The last few long texts (the messages) are remembered, and up to
 * `maxShortEntries` short ones: the chat template's pieces (`[INST] `,
 * ` [/INST] `, ...), the same in every call, which node-llama-cpp tokenizes
 * with special tokens and a leading-space workaround (two native passes and
 * a detokenization: 50–150 µs each, several per call, twice).
 *
 * @param tokenizer the model's tokenizer.
 * @param options.maxEntries long texts remembered, least recently used dropped (default 4).
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
    maxEntries = 4,
    minLength = 256,
    maxShortEntries = 64,
  }: { maxEntries?: number; minLength?: number; maxShortEntries?: number } = {},
): Tokenizer {
  const call = tokenizer as (
    text: string,
    specialTokens?: boolean | 'builtin',
    options?: 'trimLeadingSpace',
  ) => Token[];
  const long = new Map<string, readonly Token[]>();
  const short = new Map<string, readonly Token[]>();
  const tokenize = (text: string, specialTokens?: boolean | 'builtin', options?: 'trimLeadingSpace') => {
    // Builtin tokens (`BOS`, `EOS`) are a lookup already.
    if (specialTokens === 'builtin' || typeof text !== 'string') return call(text, specialTokens, options);
    const isShort = text.length < minLength;
    const remembered = isShort ? short : long;
    const limit = isShort ? maxShortEntries : maxEntries;
    const key = `${specialTokens === true ? 1 : 0}${options === 'trimLeadingSpace' ? 1 : 0}${text}`;
    const known = remembered.get(key);
    if (known !== undefined) {
      remembered.delete(key);
      remembered.set(key, known);
      return known.slice();
    }
    const tokens = call(text, specialTokens, options);
    remembered.set(key, tokens.slice());
    if (remembered.size > limit) remembered.delete(remembered.keys().next().value as string);
    return tokens;
  };
  return Object.assign(tokenize, {
    detokenize: tokenizer.detokenize,
    isSpecialToken: tokenizer.isSpecialToken,
    isEogToken: tokenizer.isEogToken,
  }) as Tokenizer;
}
