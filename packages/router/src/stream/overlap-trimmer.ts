const whitespace = /\s/;
const wordCharacter = /[\p{L}\p{N}_]/u;

/** Whether `character` (one UTF-16 unit, or undefined past the end) is whitespace. */
function isSpace(character: string | undefined): boolean {
  return character !== undefined && whitespace.test(character);
}

/** Whether `character` belongs to a word (a letter, a digit, `_`). */
function isWordCharacter(character: string | undefined): boolean {
  return character !== undefined && wordCharacter.test(character);
}

/** How a continuation was asked for, which decides what counts as a repeat. */
export type OverlapRule =
  /**
   * After an assistant prefill the model continues the text, so a short
   * echo is more likely genuine text ("very very") than a repeat: only a
   * repeat of at least {@link minOverlapChars} is removed.
   */
  | 'prefill'
  /**
   * After an explicit request to continue, models often echo the last words
   * before going on: an echo of two words or more is removed whatever its
   * length (one word could be the rest of a word the cut split: "s" then "s a").
   */
  | 'explicit';

/**
 * Shortest repeat removed after a prefill, and shortest restart that may end
 * mid-word. Below it a repeat and a continuation cannot be told apart: after
 * `a` was delivered, `a b a` is a restart of "a b a" and the continuation of
 * "aa b a" alike. So a model that restarts after fewer characters shows them
 * twice.
 */
export const minOverlapChars = 16;

/** Fewest words of an echo after an explicit continuation. */
const minEchoWords = 2;

/**
 * Removes from the start of a continuation's text what the caller already
 * received, so no word reaches the caller twice. The continuation's text is
 * held back only while it could still be a repeat; then everything after the
 * repeat passes through unchanged.
 *
 * A repeat is a suffix of the delivered text (trailing whitespace aside) that
 * starts at a word and that the continuation's text begins with (leading
 * whitespace aside): the **whole** delivered text (the model restarted the
 * answer; from {@link minOverlapChars} it may end mid-word, as a cut stream
 * does), or its last words (an echo), which must end at a word boundary in
 * the continuation and, by {@link OverlapRule}, be long enough. The longest
 * repeat wins. Whitespace where the two texts join is not doubled.
 *
 * @example
 * ```ts
 * const trimmer = new OverlapTrimmer({ delivered: 'The quick brown', rule: 'explicit' });
 * trimmer.push('brown fox') + trimmer.flush(); // ' fox'
 * ```
 */
export class OverlapTrimmer {
  readonly #delivered: string;
  readonly #deliveredEndsWithSpace: boolean;
  /** Where each candidate repeat starts in the delivered text, longest first. */
  readonly #starts: number[];
  /** Whether each candidate must end where a word does in the continuation (all but a long restart). */
  readonly #bounded: boolean[];
  /** Index in `#starts` of the longest candidate not ruled out yet. */
  #candidate = 0;
  /** Continuation text held back while a repeat is possible. */
  #pending = '';
  #decided = false;
  /** A repeat was dropped and the delivered text ends with whitespace: drop the continuation's leading whitespace too. */
  #joinSpace = false;
  /** Characters of the continuation dropped as a repeat (and doubled whitespace). */
  overlapChars = 0;

  /**
   * @param options.delivered the text the caller already received.
   * @param options.rule how the continuation was asked for ({@link OverlapRule}).
   */
  constructor(options: { delivered: string; rule: OverlapRule }) {
    const delivered = options.delivered.trimEnd();
    this.#delivered = delivered;
    this.#deliveredEndsWithSpace = delivered.length < options.delivered.length;
    const words: number[] = [];
    for (let index = 0; index < delivered.length; index++) {
      if (!isSpace(delivered[index]) && (index === 0 || isSpace(delivered[index - 1]))) words.push(index);
    }
    const starts: number[] = [];
    const bounded: boolean[] = [];
    words.forEach((start, word) => {
      const length = delivered.length - start;
      if (start === 0 && length >= minOverlapChars) {
        starts.push(start);
        bounded.push(false);
      } else if (
        options.rule === 'prefill' ? length >= minOverlapChars : words.length - word >= minEchoWords
      ) {
        starts.push(start);
        bounded.push(true);
      }
    });
    this.#starts = starts;
    this.#bounded = bounded;
    if (starts.length === 0) this.#decided = true;
  }

  /** Whether the start of the continuation is still held back. */
  get holding(): boolean {
    return !this.#decided;
  }

  /**
   * Takes the next piece of the continuation's text.
   *
   * @returns the text to hand to the caller now (`''` while it may still be a repeat).
   */
  push(text: string): string {
    if (this.#decided) return this.#joinSpace ? this.#join(text) : text;
    this.#pending += text;
    return this.#evaluate(false);
  }

  /** The continuation's text ended: decides on what is held back and returns what to hand on. */
  flush(): string {
    if (this.#decided) return '';
    return this.#evaluate(true);
  }

  #evaluate(final: boolean): string {
    const pending = this.#pending;
    const text = pending.trimStart();
    const lead = pending.length - text.length;
    const delivered = this.#delivered;
    for (; this.#candidate < this.#starts.length; this.#candidate++) {
      const start = this.#starts[this.#candidate] as number;
      const length = delivered.length - start;
      if (text.length < length) {
        // The continuation so far is a prefix of this candidate: it may still become the repeat.
        if (!final && delivered.startsWith(text, start)) return '';
        continue;
      }
      if (!text.startsWith(start === 0 ? delivered : delivered.slice(start))) continue;
      // A long restart (the whole text) may end mid-word; anything else must end where a word does.
      if (this.#bounded[this.#candidate] && isWordCharacter(delivered[delivered.length - 1])) {
        if (text.length === length && !final) return '';
        if (isWordCharacter(text[length])) continue;
      }
      return this.#decide(lead + length);
    }
    return this.#decide(0);
  }

  #decide(dropped: number): string {
    this.#decided = true;
    const rest = this.#pending.slice(dropped);
    this.#pending = '';
    this.overlapChars = dropped;
    this.#joinSpace = dropped > 0 && this.#deliveredEndsWithSpace;
    return this.#joinSpace ? this.#join(rest) : rest;
  }

  /** Drops whitespace the delivered text already ends with, until the continuation's first other character. */
  #join(text: string): string {
    const trimmed = text.trimStart();
    this.overlapChars += text.length - trimmed.length;
    if (trimmed !== '') this.#joinSpace = false;
    return trimmed;
  }
}
