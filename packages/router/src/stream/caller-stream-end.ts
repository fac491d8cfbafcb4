import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import type { ClassifiedFailure } from '@switchyard/core';
import type { RequestFailedError } from '../errors/request-failed-error.js';
import type { RequestState } from '../request/request-state.js';
import type { RouterState } from '../router-state.js';
import { endStreamRequest, type StreamRequestEnd } from './end-stream-request.js';
import type { StreamSegment } from './stream-segment.js';

type Controller = ReadableStreamDefaultController<LanguageModelV4StreamPart>;

/**
 * Parts read ahead of the caller (the stream's high-water mark). Two keep one
 * part queued while the caller takes the other, so its reads are served from
 * the queue (no pending read of its own) and one `pull` runs for as long as
 * it keeps up; one would cost a `pull` per part.
 */
export const readAhead = 2;

/**
 * How the caller's stream of a served request ends, and the request with it
 * ({@link endStreamRequest}): closed after the finish part when the answer
 * was served; on a cancel by the caller, recorded as aborted; otherwise with
 * one `error` part (a {@link RequestFailedError} with the request id and
 * decision record), then, once the caller read everything before it, an
 * error with the same error, so `streamText`'s `text`, `usage` and
 * `finishReason` reject and `textStream` throws: a truncated answer never
 * looks like a success. When the caller aborted the call, the stream errors
 * with the signal's reason instead, as a provider's stream does.
 *
 * The base of `ServedStream`, which reads the parts: one object per stream,
 * nothing of its own per part. The stream counts among the router's open
 * streams until its request ends. Its helpers are `private`, not `#`: a
 * class with `#` methods brands each instance (a word per stream), and
 * `ServedStream`'s carry the one brand.
 */
export abstract class CallerStreamEnd {
  protected readonly state: RouterState;
  protected readonly request: RequestState;
  /** The caller's stream, from `start` on. */
  protected controller: Controller | undefined;
  /** The caller cancelled the stream, for this reason. */
  protected cancelled: { reason: unknown } | undefined;
  /** The request is finished: nothing more is read or handed on. */
  protected settled = false;
  /** From the request's start to its first content part, ms. */
  readonly #ttftMs: number;
  /** Counted in the router's open streams until the request ends. */
  #open = true;
  /** The error the stream ends with, once the caller read everything before it. */
  #pendingError: unknown;

  /** @param ttftMs from the request's start to its first content part. */
  protected constructor(state: RouterState, request: RequestState, ttftMs: number) {
    this.state = state;
    this.request = request;
    this.#ttftMs = ttftMs;
    state.openStreams++;
  }

  /** Hands one part to the caller. */
  protected enqueue(part: LanguageModelV4StreamPart): void {
    (this.controller as Controller).enqueue(part);
  }

  /**
   * Whether the stream ends with an error whose part was handed on; if so,
   * errors the stream once the caller read everything before it.
   */
  protected endsWithError(): boolean {
    if (this.#pendingError === undefined) return false;
    this.errorWhenRead();
    return true;
  }

  /** The answer finished (`segment` read to its finish part): records the serving attempt and the request. */
  protected succeed(segment: StreamSegment): void {
    this.settled = true;
    this.endRequest(segment, { served: true });
    (this.controller as Controller).close();
  }

  /** The consumer cancelled: `segment` is recorded as aborted and the request finished. */
  protected abortRequest(segment: StreamSegment, reason: unknown): void {
    this.settled = true;
    this.endRequest(segment, { served: false, cancelled: reason });
  }

  /**
   * `segment` failed (already recorded) and the answer is not finished:
   * finishes the request as failed and ends the caller's stream with its error.
   *
   * @param why why the answer was not continued, appended to the message.
   */
  protected failRequest(
    segment: StreamSegment,
    failure: ClassifiedFailure,
    cause: unknown,
    aborted: boolean,
    why = '',
  ): void {
    this.settled = true;
    const error = this.endRequest(segment, {
      served: false,
      failure,
      cause,
      aborted,
      why,
    }) as RequestFailedError;
    if (this.cancelled === undefined) this.endWith(error);
  }

  /** The request was finished elsewhere (its record is on `error`): ends the caller's stream with it. */
  protected endFinished(error: unknown): void {
    this.settled = true;
    this.leaveOpenStreams();
    if (this.cancelled === undefined) this.endWith(error);
  }

  /** No longer counted among the router's open streams (its request is finished). */
  private leaveOpenStreams(): void {
    if (this.#open) {
      this.#open = false;
      this.state.openStreams--;
    }
  }

  private endRequest(segment: StreamSegment, end: StreamRequestEnd): RequestFailedError | undefined {
    this.leaveOpenStreams();
    return endStreamRequest({
      state: this.state,
      request: this.request,
      segment,
      ttftMs: this.#ttftMs,
      end,
    });
  }

  /**
   * Ends the caller's stream with `error`, or, when the caller aborted the
   * call, the way a provider's stream ends on an abort: it errors with the
   * signal's reason, no `error` part (so `streamText` reports an abort, not
   * an error). The record says `SWITCHYARD_ABORTED` either way.
   */
  private endWith(error: unknown): void {
    if (this.request.signal.reason === 'aborted' && this.request.callOptions.abortSignal?.aborted === true) {
      try {
        (this.controller as Controller).error(this.request.callOptions.abortSignal.reason);
      } catch {
        // Already closed: nobody reads it any more; the record has it all.
      }
      return;
    }
    this.endWithError(error);
  }

  /**
   * Ends the caller's stream with `error`: one `error` part, then, once the
   * caller has read everything before it, the stream errors with it (so
   * `streamText` rejects its results rather than resolving a truncated text).
   */
  private endWithError(error: unknown): void {
    try {
      this.enqueue({ type: 'error', error });
    } catch {
      return; // The caller cancelled meanwhile: nobody reads this stream any more; the record has it all.
    }
    this.#pendingError = error;
    this.errorWhenRead();
  }

  /** Errors the stream once its queue is empty (the caller read the error part). */
  private errorWhenRead(): void {
    const controller = this.controller as Controller;
    if (controller.desiredSize !== readAhead) return;
    const error = this.#pendingError;
    this.#pendingError = undefined;
    controller.error(error);
  }
}
