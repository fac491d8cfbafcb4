import type { ClassifiedFailure } from '@switchyard/core';
import { type LazyTimeouts, type TimeoutEntry, timerClock } from '../attempt/lazy-timeouts.js';

/** Checks per stall timeout: a stall is declared after this many checks saw no part. */
const checksPerTimeout = 4;

/** Who a {@link StallWatch} tells. */
export interface StallListener {
  /** The stream stalled (told once). */
  onStall(): void;
  /** The watch's deadline passed (told once). */
  onDeadline?(): void;
}

/**
 * Watches a stream for a stall: no part for `stallMs` while a part is
 * awaited. The stream counts its parts (`parts++`, one increment per part:
 * nothing else on the hot path) and, when it reads only as fast as its caller
 * does, says when it waits for the caller rather than the upstream
 * (`idle = true`: a slow caller is no stall of the upstream). A lazily armed
 * timer ({@link LazyTimeouts}) checks every quarter of `stallMs`; four checks
 * in a row with a part awaited and none new call `listener.onStall()` (an
 * object, not a closure: a stream's segment is its own listener). A check
 * that finds the watch idle starts the count again one check later. So a
 * stall is declared between `stallMs` and 1.25 times `stallMs` after the last
 * part or the start of the read that waits, never earlier.
 *
 * @example
 * ```ts
 * const watch = new StallWatch({ timeouts, stallMs: 15_000, listener: { onStall: () => reader.cancel() } });
 * watch.start();
 * for await (const part of parts) { watch.parts++; ... }
 * watch.stop();
 * ```
 */
export class StallWatch implements TimeoutEntry {
  /** Until the next check, ms (a quarter of `stallMs`, or less when the deadline comes first). */
  timeoutMs: number;
  timeoutNext: TimeoutEntry | undefined = undefined;
  timeoutPrevious: TimeoutEntry | undefined = undefined;
  timeoutList: object | undefined = undefined;
  timeoutStartedAt = 0;
  /** Parts seen so far; the stream increments it. */
  parts = 0;
  /** The stream waits for its caller, not for the upstream: no stall is counted. */
  idle = false;
  /** The stall timeout, ms. */
  readonly stallMs: number;
  /** {@link timerClock} by which the watched work must end ({@link deadlineIn}); undefined: none. */
  #deadline: number | undefined = undefined;
  readonly #checkMs: number;
  readonly #timeouts: LazyTimeouts;
  readonly #listener: StallListener;
  #seen = 0;
  #quietChecks = 0;
  #stopped = true;

  /**
   * @param options.timeouts the router's lazy timers.
   * @param options.stallMs how long without a part is a stall.
   * @param options.listener told once when the stream stalled.
   */
  constructor(options: { timeouts: LazyTimeouts; stallMs: number; listener: StallListener }) {
    this.#timeouts = options.timeouts;
    this.stallMs = options.stallMs;
    this.#checkMs = Math.max(1, Math.ceil(options.stallMs / checksPerTimeout));
    this.timeoutMs = this.#checkMs;
    this.#listener = options.listener;
  }

  /**
   * Sets the deadline `ms` from now by which the watched work must end. The
   * watch's own timer fires then, on time, and tells `listener.onDeadline()`:
   * a stream's attempt timeout costs no timer of its own.
   */
  deadlineIn(ms: number): void {
    this.#deadline = timerClock() + ms;
  }

  /** Starts watching (again), counting from now. */
  start(): void {
    this.#stopped = false;
    this.#seen = this.parts;
    this.#quietChecks = 0;
    this.#timeouts.cancel(this);
    this.#arm();
  }

  /** The failure of a stream from `targetId` this watch found stalled. */
  failure(targetId: string): ClassifiedFailure {
    return {
      kind: 'timeout',
      code: 'stream_stalled',
      message: `the stream from ${targetId} stalled: no part for ${this.stallMs} ms after ${this.parts} parts`,
    };
  }

  /** Stops watching; idempotent. */
  stop(): void {
    this.#stopped = true;
    this.#timeouts.cancel(this);
  }

  /** One check: called by the timer. */
  onTimeout(): void {
    if (this.#stopped) return;
    const deadline = this.#deadline;
    if (deadline !== undefined && timerClock() >= deadline) {
      this.#stopped = true;
      this.#listener.onDeadline?.();
      return;
    }
    if (this.idle) {
      // Counting starts at the next check: a read that starts before it gets all of `stallMs`.
      this.#seen = this.parts;
      this.#quietChecks = -1;
    } else if (this.parts !== this.#seen) {
      this.#seen = this.parts;
      this.#quietChecks = 0;
    } else if (++this.#quietChecks >= checksPerTimeout) {
      this.#stopped = true;
      this.#listener.onStall();
      return;
    }
    this.#arm();
  }

  /** Arms the next check, or the deadline when it comes first. */
  #arm(): void {
    const deadline = this.#deadline;
    const untilDeadline = deadline === undefined ? Number.POSITIVE_INFINITY : deadline - timerClock();
    this.timeoutMs = untilDeadline < this.#checkMs ? Math.max(0, untilDeadline) : this.#checkMs;
    this.#timeouts.start(this);
  }
}
