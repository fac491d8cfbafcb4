/** A stored text and its value, under the text's fingerprint. */
interface MemoEntry<Value> {
  readonly fingerprint: number;
  readonly text: string;
  readonly value: Value;
}

/** Characters of a text its fingerprint samples (evenly spread over it). */
const sampledCharacters = 64;

/**
 * A number that two equal texts share: the length and 64 characters spread
 * over the text, mixed. Computed in a fraction of the time a `Map` takes to
 * hash a long string it has not seen (every prompt arrives as a new string):
 * two texts that differ only elsewhere share it, and are told apart by
 * comparing them.
 */
function fingerprintOf(text: string): number {
  const length = text.length;
  const step = length / sampledCharacters;
  let hash = length;
  for (let sample = 0; sample < sampledCharacters; sample++)
    hash = Math.imul(hash ^ text.charCodeAt(Math.floor(sample * step)), 0x9e3779b1);
  return hash;
}

/**
 * Values computed from long texts, kept up to a total of `maxCharacters`
 * characters of keys: when a new text does not fit, the texts stored longest
 * ago are forgotten one by one until it does (not all at once, so a working
 * set a little larger than the budget keeps most of its hits).
 *
 * Texts are looked up by a fingerprint of a few of their characters and then
 * compared whole: a value is only ever given for the very text it was stored
 * with. Of two stored texts that share a fingerprint, the later replaces the
 * earlier.
 *
 * @example
 * ```ts
 * const memo = new TextMemo<number>(4_000_000);
 * const count = memo.get(text) ?? memo.set(text, slowCount(text));
 * ```
 */
export class TextMemo<Value> {
  readonly #entries = new Map<number, MemoEntry<Value>>();
  readonly #maxCharacters: number;
  #characters = 0;

  /** @param maxCharacters the most characters of keys kept (the strings are the memory). */
  constructor(maxCharacters: number) {
    this.#maxCharacters = maxCharacters;
  }

  /** The value stored for `text`, if it is still kept. */
  get(text: string): Value | undefined {
    const entry = this.#entries.get(fingerprintOf(text));
    return entry !== undefined && entry.text === text ? entry.value : undefined;
  }

  /** Stores `value` for `text` (unless the text alone exceeds the budget) and returns it. */
  set(text: string, value: Value): Value {
    if (text.length > this.#maxCharacters) return value;
    const fingerprint = fingerprintOf(text);
    const stored = this.#entries.get(fingerprint);
    if (stored !== undefined) {
      if (stored.text === text) return value;
      this.#forget(stored);
    }
    for (const oldest of this.#entries.values()) {
      if (this.#characters + text.length <= this.#maxCharacters) break;
      this.#forget(oldest);
    }
    this.#entries.set(fingerprint, { fingerprint, text, value });
    this.#characters += text.length;
    return value;
  }

  /** Characters of the texts kept. */
  get characters(): number {
    return this.#characters;
  }

  #forget(entry: MemoEntry<Value>): void {
    this.#entries.delete(entry.fingerprint);
    this.#characters -= entry.text.length;
  }
}
