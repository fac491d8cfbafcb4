/**
 * Values computed from long texts, kept up to a total of `maxCharacters`
 * characters of keys: when a new text does not fit, the texts stored longest
 * ago are forgotten one by one until it does (not all at once, so a working
 * set a little larger than the budget keeps most of its hits).
 *
 * @example
 * ```ts
 * const memo = new TextMemo<number>(4_000_000);
 * const count = memo.get(text) ?? memo.set(text, slowCount(text));
 * ```
 */
export class TextMemo<Value> {
  readonly #values = new Map<string, Value>();
  readonly #maxCharacters: number;
  #characters = 0;

  /** @param maxCharacters the most characters of keys kept (the strings are the memory). */
  constructor(maxCharacters: number) {
    this.#maxCharacters = maxCharacters;
  }

  /** The value stored for `text`, if it is still kept. */
  get(text: string): Value | undefined {
    return this.#values.get(text);
  }

  /** Stores `value` for `text` (unless the text alone exceeds the budget) and returns it. */
  set(text: string, value: Value): Value {
    if (text.length > this.#maxCharacters || this.#values.has(text)) return value;
    for (const oldest of this.#values.keys()) {
      if (this.#characters + text.length <= this.#maxCharacters) break;
      this.#values.delete(oldest);
      this.#characters -= oldest.length;
    }
    this.#values.set(text, value);
    this.#characters += text.length;
    return value;
  }

  /** Characters of the texts kept. */
  get characters(): number {
    return this.#characters;
  }
}
