import type { ClassifiedFailure } from '@switchyard/core';

/**
 * The end of a half-open trial whose attempt is a stream. A stream is judged
 * when it ends, not when it opens (as a closed circuit judges one), so the
 * breaker's trial stays in flight until its served stream ends: a stream that
 * opens and then fails mid-answer re-opens the circuit instead of closing it.
 * The segment that carries the stream ends the trial exactly once: with the
 * failure that ended it, or with none (served, or cancelled by the caller:
 * nothing the target did wrong).
 */
export class StreamTrial {
  /** Resolves when the stream ends: with its failure, or undefined. */
  readonly ended: Promise<ClassifiedFailure | undefined>;
  #settle: ((failure: ClassifiedFailure | undefined) => void) | undefined;

  constructor() {
    this.ended = new Promise((settle) => {
      this.#settle = settle;
    });
  }

  /** Ends the trial (once; later calls do nothing). */
  end(failure?: ClassifiedFailure): void {
    const settle = this.#settle;
    this.#settle = undefined;
    settle?.(failure);
  }
}
