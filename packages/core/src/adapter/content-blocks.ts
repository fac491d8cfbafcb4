import type { EmitPart } from './stream-decoder.js';

/**
 * The text and reasoning blocks a stream decoder has open: the one piece of
 * bookkeeping every adapter's decoder shares. Reasoning opens its own block
 * (`reasoning-<n>`, numbered from 0, a new one after text came between) and
 * text closes it; text goes in one block whose id the adapter chooses.
 *
 * @example
 * ```ts
 * const blocks = new ContentBlocks('0');
 * blocks.reasoning('thinking…', emit); // reasoning-start reasoning-0, reasoning-delta
 * blocks.text('Hello', emit);          // reasoning-end reasoning-0, text-start 0, text-delta
 * blocks.close(emit);                  // text-end 0
 * ```
 */
export class ContentBlocks {
  readonly #textId: string;
  #textOpen = false;
  #reasoningOpen = false;
  #reasoningCount = 0;

  /** @param textId the id of the text block (e.g. `'0'`, `'txt-0'`). */
  constructor(textId: string) {
    this.#textId = textId;
  }

  /** Whether any reasoning was streamed. */
  get reasoned(): boolean {
    return this.#reasoningCount > 0 || this.#reasoningOpen;
  }

  get #reasoningId(): string {
    return `reasoning-${this.#reasoningCount}`;
  }

  /** Streams reasoning, opening its block first when none is open. */
  reasoning(delta: string, emit: EmitPart): void {
    if (!this.#reasoningOpen) {
      this.#reasoningOpen = true;
      emit({ type: 'reasoning-start', id: this.#reasoningId });
    }
    emit({ type: 'reasoning-delta', id: this.#reasoningId, delta });
  }

  /** Streams text: ends an open reasoning block, opens the text block when it is not open. */
  text(delta: string, emit: EmitPart): void {
    this.closeReasoning(emit);
    if (!this.#textOpen) {
      this.#textOpen = true;
      emit({ type: 'text-start', id: this.#textId });
    }
    emit({ type: 'text-delta', id: this.#textId, delta });
  }

  /** Ends the open reasoning block, if any (before a tool call, or text). */
  closeReasoning(emit: EmitPart): void {
    if (!this.#reasoningOpen) return;
    this.#reasoningOpen = false;
    emit({ type: 'reasoning-end', id: this.#reasoningId });
    this.#reasoningCount++;
  }

  /** Ends every open block. */
  close(emit: EmitPart): void {
    this.closeReasoning(emit);
    if (this.#textOpen) {
      this.#textOpen = false;
      emit({ type: 'text-end', id: this.#textId });
    }
  }
}
