import type { Token, Tokenizer } from 'node-llama-cpp';

/**
 * A tokenizer that remembers its last few long texts: a call tokenizes its
 * rendered prompt once to check that it fits the context, then node-llama-cpp's
 * `LlamaChat` tokenizes the same text again to evaluate it. A tokenizer is a
 * function of its input, so the second time costs a copy instead of a pass of
 * llama.cpp's tokenizer on the main thread (~1.5 ms for a 1,200-word prompt).
 * Short texts (template pieces) go straight through: they are cheap and many.
 *
 * @param tokenizer the model's tokenizer.
 * @param options.maxEntries texts remembered, least recently used dropped (default 4).
 * @param options.minLength shortest text remembered, in characters (default 256).
 * @returns a tokenizer giving the same tokens, each result a fresh array.
 * @example
 * ```ts
 * const tokenizer = memoizedTokenizer(model.tokenizer);
 * contextText.tokenize(tokenizer);
 * ```
 */
export function memoizedTokenizer(
  tokenizer: Tokenizer,
  { maxEntries = 4, minLength = 256 }: { maxEntries?: number; minLength?: number } = {},
): Tokenizer {
  const remembered = new Map<string, readonly Token[]>();
  const tokenize = (text: string, specialTokens?: boolean | 'builtin', options?: 'trimLeadingSpace') => {
    const call = tokenizer as (
      text: string,
      specialTokens?: boolean | 'builtin',
      options?: 'trimLeadingSpace',
    ) => Token[];
    if (specialTokens === 'builtin' || typeof text !== 'string' || text.length < minLength) {
      return call(text, specialTokens, options);
    }
    const key = `${specialTokens === true ? 1 : 0}${options === 'trimLeadingSpace' ? 1 : 0}${text}`;
    const known = remembered.get(key);
    if (known !== undefined) {
      remembered.delete(key);
      remembered.set(key, known);
      return known.slice();
    }
    const tokens = call(text, specialTokens, options);
    remembered.set(key, tokens.slice());
    if (remembered.size > maxEntries) remembered.delete(remembered.keys().next().value as string);
    return tokens;
  };
  return Object.assign(tokenize, {
    detokenize: tokenizer.detokenize,
    isSpecialToken: tokenizer.isSpecialToken,
    isEogToken: tokenizer.isEogToken,
  }) as Tokenizer;
}
