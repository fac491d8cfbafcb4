import { type ClassifiedFailure, type ErrorCode, errorCodes } from '@switchyard/core';
import { promptFreeCause } from '../errors/prompt-free-cause.js';
import { RequestFailedError } from '../errors/request-failed-error.js';
import { finishRequest } from '../record/finish-request.js';
import type { RequestState } from '../request/request-state.js';
import type { RouterState } from '../router-state.js';
import type { StreamSegment } from './stream-segment.js';

/** How a served stream's request ended. */
export type StreamRequestEnd =
  /** The current segment finished the answer. */
  | { readonly served: true }
  /** The consumer cancelled the stream. */
  | { readonly served: false; readonly cancelled: unknown }
  /** The current segment failed (already recorded) and the answer cannot be finished. */
  | {
      readonly served: false;
      readonly failure: ClassifiedFailure;
      readonly cause: unknown;
      readonly aborted: boolean;
      /** Why the answer was not continued, appended to the message ('' when it was never to be). */
      readonly why: string;
    };

/**
 * Ends the request of a served stream: records the current segment when it
 * served (its health and breaker told) or was cancelled, releases the call's
 * signal, and finishes the request with its decision record.
 *
 * @param options.ttftMs from the request's start to its first content part.
 * @returns the error the caller gets when the request failed (undefined when served or cancelled).
 */
export function endStreamRequest(options: {
  state: RouterState;
  request: RequestState;
  segment: StreamSegment;
  ttftMs: number;
  end: StreamRequestEnd;
}): RequestFailedError | undefined {
  const { state, request, segment, ttftMs, end } = options;
  const entry = segment.entry;
  if (end.served) {
    segment.end();
    segment.record(state, request, {});
    const now = state.clock.now();
    entry.health.succeeded(
      request.context.jurisdiction,
      now - segment.startedAt,
      segment.ttftMs,
      segment.startedAt,
    );
    entry.resilience.recordSuccess();
    request.signal.dispose();
    finishRequest(state, request, { servedBy: entry.target.id, ttftMs });
    return undefined;
  }
  if ('cancelled' in end) {
    const failure: ClassifiedFailure = {
      kind: 'transient',
      code: 'aborted',
      message: 'the caller cancelled the stream',
    };
    segment.end(end.cancelled);
    segment.record(state, request, { failure, aborted: true });
    request.signal.dispose();
    finishRequest(state, request, {
      servedBy: null,
      ttftMs,
      error: { code: errorCodes.ABORTED, message: failure.message },
    });
    return undefined;
  }
  const code: ErrorCode = end.aborted
    ? errorCodes.ABORTED
    : end.failure.code === errorCodes.STREAM_TRUNCATED
      ? errorCodes.STREAM_TRUNCATED
      : errorCodes.PROVIDER_ERROR;
  const message = `${entry.target.id} failed after the first token: ${end.failure.message}${end.why}`;
  request.signal.dispose();
  const record = finishRequest(state, request, {
    servedBy: null,
    ttftMs,
    error: { code, message },
    force: true,
  });
  return new RequestFailedError({
    code,
    route: request.route.name,
    message,
    record: record as NonNullable<typeof record>,
    cause: promptFreeCause(state, request, end.cause),
  });
}
