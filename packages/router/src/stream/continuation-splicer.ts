import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { type OverlapRule, OverlapTrimmer } from './overlap-trimmer.js';

type Emit = (part: LanguageModelV4StreamPart) => void;

/**
 * Splices a continuation's parts onto the stream the caller is reading, so
 * the answer reads as one:
 *
 * - its `stream-start` is dropped (the caller had one);
 * - its first text block continues the text block the failed attempt left
 *   open (same id), and its start goes through an {@link OverlapTrimmer}:
 *   whatever repeats the text the caller already has is dropped;
 * - its other text and reasoning blocks get ids of their own (providers
 *   number blocks from 0: the failed attempt's ids would collide);
 * - everything else passes unchanged.
 */
export class ContinuationSplicer {
  readonly #trimmer: OverlapTrimmer | undefined;
  readonly #openTextId: string | undefined;
  readonly #suffix: string;
  /** The continuation's id of its first text block, while it is open. */
  #firstText: string | undefined;
  #sawText = false;

  /**
   * @param options.delivered the text the caller received so far ('' when none).
   * @param options.rule how the continuation was asked for (decides what counts as a repeat).
   * @param options.openTextId the caller's id of the text block the failed attempt left open, if any.
   * @param options.index this continuation's number in the request (1 for the first), for fresh block ids.
   */
  constructor(options: {
    delivered: string;
    rule: OverlapRule;
    openTextId: string | undefined;
    index: number;
  }) {
    this.#trimmer =
      options.delivered === ''
        ? undefined
        : new OverlapTrimmer({ delivered: options.delivered, rule: options.rule });
    this.#openTextId = options.openTextId;
    this.#suffix = `~${options.index}`;
  }

  /** Characters of the continuation dropped as a repeat of what the caller had. */
  get overlapChars(): number {
    return this.#trimmer?.overlapChars ?? 0;
  }

  /** Maps one part of the continuation; `emit` gets what to hand to the caller (nothing, one or two parts). */
  map(part: LanguageModelV4StreamPart, emit: Emit): void {
    switch (part.type) {
      case 'stream-start':
        return;
      case 'text-start':
        if (!this.#sawText) {
          this.#sawText = true;
          this.#firstText = part.id;
          if (this.#openTextId !== undefined) return;
        }
        emit({ ...part, id: this.#id(part.id) });
        return;
      case 'text-delta': {
        if (part.id !== this.#firstText || this.#trimmer === undefined) {
          emit({ ...part, id: this.#id(part.id) });
          return;
        }
        const delta = this.#trimmer.push(part.delta);
        if (delta !== '') emit({ ...part, id: this.#id(part.id), delta });
        return;
      }
      case 'text-end': {
        const id = this.#id(part.id);
        if (part.id === this.#firstText) {
          this.#flush(emit);
          this.#firstText = undefined;
        }
        emit({ ...part, id });
        return;
      }
      case 'reasoning-start':
      case 'reasoning-delta':
      case 'reasoning-end':
        emit({ ...part, id: `${part.id}${this.#suffix}` });
        return;
      default:
        emit(part);
    }
  }

  /** The continuation is finishing: hands on text still held back as a possible repeat. */
  end(emit: Emit): void {
    if (this.#firstText !== undefined) this.#flush(emit);
  }

  #flush(emit: Emit): void {
    const id = this.#firstText;
    const rest = this.#trimmer?.flush() ?? '';
    if (rest !== '' && id !== undefined) emit({ type: 'text-delta', id: this.#id(id), delta: rest });
  }

  /** The caller's id of the continuation's block `id`. */
  #id(id: string): string {
    if (id === this.#firstText && this.#openTextId !== undefined) return this.#openTextId;
    return `${id}${this.#suffix}`;
  }
}
