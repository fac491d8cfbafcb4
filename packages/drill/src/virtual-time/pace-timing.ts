import type { LanguageModelV4, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { ProviderError } from '@switchyard/core';
import { abortFailure } from '@switchyard/core/failure';
import { setLongTimeout } from '../timeline/long-timeout.js';
import { realTimers } from '../timeline/schedule-timeline.js';

/** How fast a paced model answers: as a simulator's latency model. */
export interface Pace {
  /** Milliseconds before the first token (or before a non-streamed answer). Default `0`. */
  readonly firstTokenMs?: number;
  /** Output tokens per second after the first token. Default `Infinity` (no delay). */
  readonly tokensPerSecond?: number;
}

/** A pace in the clock's ms, and the error an abort during a wait fails the call with. */
export interface PaceTiming {
  /** Ms before the first token. */
  readonly firstTokenMs: number;
  /** Ms per output token after the first (0: no delay). */
  readonly msPerToken: number;
  /** The failure every adapter gives an abort (`timeout` for a `TimeoutError` reason), as the model's. */
  readonly fail: (reason: unknown) => ProviderError;
}

/**
 * A pace in the clock's ms (`timeScale` divides every delay) and the abort failure of `model`.
 *
 * @param model the paced model (its provider and id name the failure).
 * @param pace first-token delay and token rate.
 * @param timeScale divides every delay (loopback mode); default 1.
 * @returns the delays and the failure.
 * @example
 * ```ts
 * const { firstTokenMs, msPerToken } = paceTiming(model, { firstTokenMs: 600, tokensPerSecond: 50 });
 * ```
 */
export function paceTiming(model: LanguageModelV4, pace: Pace, timeScale = 1): PaceTiming {
  const tokensPerSecond = pace.tokensPerSecond ?? Number.POSITIVE_INFINITY;
  return {
    firstTokenMs: (pace.firstTokenMs ?? 0) / timeScale,
    msPerToken: Number.isFinite(tokensPerSecond) ? 1000 / tokensPerSecond / timeScale : 0,
    fail: (reason) =>
      new ProviderError({
        provider: model.provider,
        model: model.modelId,
        failure: abortFailure(reason),
        cause: reason,
      }),
  };
}

/** The parts that carry content: the first of them waits for the first token. */
export const contentParts = new Set<LanguageModelV4StreamPart['type']>([
  'text-start',
  'text-delta',
  'reasoning-start',
  'reasoning-delta',
  'tool-input-start',
  'tool-call',
]);
/** The parts that carry generated tokens: each after the first waits for one more token. */
export const deltaParts = new Set<LanguageModelV4StreamPart['type']>([
  'text-delta',
  'reasoning-delta',
  'tool-input-delta',
]);

/**
 * Waits `ms` on the global clock (virtual in a drill): one timer, created at
 * the call (a wait past 2^31 - 1 ms, several in turn). An abort rejects with `fail(reason)`.
 *
 * @param ms how long; nothing to wait for at or below 0.
 * @param signal aborts the wait.
 * @param fail the error for an abort's reason (the reason itself, to reject with it as it is).
 * @returns a promise settled when the time has come.
 * @example
 * ```ts
 * await waitOnClock(600, call.abortSignal, (reason) => new Error(String(reason)));
 * ```
 */
export function waitOnClock(
  ms: number,
  signal: AbortSignal | undefined,
  fail: (reason: unknown) => unknown,
): Promise<void> {
  if (signal?.aborted) return Promise.reject(fail(signal.reason));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      cancel();
      reject(fail(signal?.reason));
    };
    // A wait past setTimeout's limit (about 24.8 days) waits in steps, not 1 ms.
    const cancel = setLongTimeout(
      realTimers,
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      ms,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
