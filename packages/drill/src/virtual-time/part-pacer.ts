import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { contentParts, deltaParts, type PaceTiming, waitOnClock } from './pace-timing.js';

/**
 * Paces one stream's parts on the clock, part by part: the first content
 * part waits for the first token, each later token delta one token interval,
 * and `finish` the output tokens not paid for yet.
 *
 * @example
 * ```ts
 * const pacer = new PartPacer(paceTiming(model, pace), call.abortSignal);
 * await pacer.before(part); // then hand the part on
 * ```
 */
export class PartPacer {
  readonly #timing: PaceTiming;
  readonly #signal: AbortSignal | undefined;
  #started: boolean;
  #deltas = 0;

  /**
   * @param timing the pace in the clock's ms, and the abort failure.
   * @param signal aborts a wait (it then rejects with `timing.fail(reason)`).
   * @param started whether the first-token wait is already done (by the caller).
   */
  constructor(timing: PaceTiming, signal: AbortSignal | undefined, started = false) {
    this.#timing = timing;
    this.#signal = signal;
    this.#started = started;
  }

  /**
   * Waits until `part` is due.
   *
   * @param part the next part of the stream.
   * @returns once it may be handed on.
   * @throws the abort failure, when the signal aborts a wait.
   */
  async before(part: LanguageModelV4StreamPart): Promise<void> {
    const { firstTokenMs, msPerToken, fail } = this.#timing;
    if (!this.#started && (contentParts.has(part.type) || part.type === 'finish')) {
      this.#started = true;
      await waitOnClock(firstTokenMs, this.#signal, fail);
    }
    if (deltaParts.has(part.type)) {
      if (this.#deltas > 0) await waitOnClock(msPerToken, this.#signal, fail);
      this.#deltas++;
    }
    if (part.type === 'finish') {
      const outputTokens = part.usage.outputTokens.total ?? this.#deltas;
      const paid = msPerToken * Math.max(0, this.#deltas - 1);
      await waitOnClock(Math.max(0, msPerToken * outputTokens - paid), this.#signal, fail);
    }
  }
}
