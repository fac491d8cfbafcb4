import type { ReadableStreamReadResult, UnderlyingSource } from 'node:stream/web';
import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import {
  type ClassifiedFailure,
  type ErrorCode,
  errorCodes,
  type MidStreamMode,
  SwitchyardError,
} from '@switchyard/core';
import type { AttemptStart } from '../attempt/attempt-outcome.js';
import { abortableCallSignal } from '../attempt/call-signal.js';
import { classifyAttemptError } from '../attempt/classify-attempt-error.js';
import { noteFailure } from '../attempt/note-failure.js';
import { RequestFailedError } from '../errors/request-failed-error.js';
import type { PreparedTarget } from '../prepare/prepared-target.js';
import { finishRequest } from '../record/finish-request.js';
import { switchyardMetadata } from '../record/switchyard-metadata.js';
import type { RequestState } from '../request/request-state.js';
import type { RouterState } from '../router-state.js';
import { ContinuationSplicer } from './continuation-splicer.js';
import { continuationCandidates, continueAnswer, type OpenedContinuation } from './continue-answer.js';
import type { OpenedStream } from './open-stream-attempt.js';
import { StreamSegment } from './stream-segment.js';

type Controller = ReadableStreamDefaultController<LanguageModelV4StreamPart>;
type FinishPart = Extract<LanguageModelV4StreamPart, { type: 'finish' }>;

const notEnded = (timeoutMs: number, targetId: string) =>
  `the stream from ${targetId} did not end within ${timeoutMs} ms`;
const handedOn: LanguageModelV4StreamPart[] = [];

/** Parts read ahead of the caller at most (the caller's reads are not waited for one by one). */
const readAhead = 16;

/**
 * The caller's side of a stream that opened: the parts read while opening,
 * then the rest of the serving model's stream, pumped in batches (one read
 * per part, no promise of our own per part), watched for stalls.
 *
 * A failure after content reached the caller (an error part, a cut, a stall,
 * malformed data, the attempt timeout, an end without a finish part) is
 * recorded as the attempt's failure; then, with `midStream: 'continue'`, the
 * next allowed candidate finishes the same answer ({@link continueAnswer},
 * spliced on by a {@link ContinuationSplicer}: no word twice). A tool call is
 * never spliced: its parts are held back until the call is complete (a cut
 * call is dropped and the continuation makes it whole), and once a tool call
 * (or a tool result, or a file) reached the caller the answer is not
 * continued. A reasoning block the failure interrupted is ended as it stands
 * (`providerMetadata.switchyard.interrupted`); the continuation's reasoning
 * is a block of its own.
 *
 * When the answer cannot be finished, the stream ends with one `error` part
 * (a {@link RequestFailedError} with the request id and decision record) and
 * then errors with the same error, so `streamText`'s `text`, `usage` and
 * `finishReason` reject and `textStream` throws: a truncated answer never
 * looks like a success. The finish part carries `providerMetadata.switchyard`,
 * the same as `doGenerate`'s.
 */
export class ServedStream implements UnderlyingSource<LanguageModelV4StreamPart> {
  readonly #state: RouterState;
  readonly #request: RequestState;
  readonly #midStream: MidStreamMode;
  #segment: StreamSegment;
  /** From the request's start to its first content part, ms. */
  readonly #ttftMs: number;
  /** Characters delivered by segments before the current one. */
  #deliveredBefore = 0;
  /** Text delivered so far (kept only when the answer may be continued). */
  #text = '';
  /** The caller's id of the text block open now, if any. */
  #openText: string | undefined;
  #openReasoning: string[] | undefined;
  /** Tool input parts held back until their call is complete. */
  #held: LanguageModelV4StreamPart[] | undefined;
  /** No tool call, tool result or file reached the caller: the answer may be continued. */
  #continuable = true;
  #continuations = 0;
  #continuing = false;
  #cancelled: { reason: unknown } | undefined;
  #settled = false;
  #pumping = false;
  /** The error the stream ends with, once the caller read everything before it. */
  #pendingError: unknown;
  /** Wakes the pump when the caller made room. */
  #resume: (() => void) | undefined;

  constructor(
    state: RouterState,
    request: RequestState,
    entry: PreparedTarget,
    opened: OpenedStream,
    start: AttemptStart,
    options: { midStream: MidStreamMode },
  ) {
    this.#state = state;
    this.#request = request;
    this.#midStream = options.midStream;
    this.#segment = this.#startSegment(entry, opened, start);
    this.#ttftMs = start.startedAt - request.startedAt + opened.ttftMs;
  }

  /** A readable stream over this source. */
  static stream(source: ServedStream): ReadableStream<LanguageModelV4StreamPart> {
    return new ReadableStream<LanguageModelV4StreamPart>(source, { highWaterMark: readAhead });
  }

  start(controller: Controller): void {
    this.#handOnBuffered(controller);
  }

  /** The attempt's timeout fired or the call was aborted: end the pending read. */
  interrupt(): void {
    this.#segment.reader.cancel().catch(() => {});
  }

  /**
   * Called by the stream whenever its queue has room: starts the pump once,
   * and wakes it when it waits for room. Synchronous: no promise per part.
   */
  pull(controller: Controller): void {
    if (this.#pendingError !== undefined) {
      this.#errorWhenRead(controller);
      return;
    }
    if (!this.#pumping) {
      this.#pumping = true;
      this.#pump(controller).catch((error: unknown) => {
        const failure = classifyAttemptError(this.#state, this.#segment.entry, error);
        this.#endRequest(controller, this.#failedRequest(failure, error, false));
      });
      return;
    }
    const resume = this.#resume;
    if (resume !== undefined) {
      this.#resume = undefined;
      resume();
    }
  }

  async cancel(reason: unknown): Promise<void> {
    if (this.#settled || this.#cancelled) return;
    this.#cancelled = { reason };
    if (this.#continuing) {
      // The continuation being opened is aborted; it finishes the request (`aborted`).
      this.#request.signal.abort?.(reason);
      return;
    }
    const segment = this.#segment;
    // Settled first: the pump, whose pending read the cancel ends, then stops without a word.
    this.#abortRequest(reason);
    this.#resume?.();
    await segment.reader.cancel(reason).catch(() => {});
  }

  #startSegment(
    entry: PreparedTarget,
    opened: OpenedStream,
    start: AttemptStart,
    continuation?: StreamSegment['continuation'],
  ): StreamSegment {
    const segment = new StreamSegment({
      state: this.#state,
      entry,
      opened,
      start,
      continuation,
      onStall: () => {
        segment.stalled = true;
        segment.reader.cancel().catch(() => {});
      },
    });
    const control = segment.control;
    control.restart(entry.health.options.attemptTimeoutMs, notEnded);
    // A timeout or the call's abort ends a pending read: the reader is cancelled and the pump sees why.
    control.interruptible = this;
    control.watchCall();
    return segment;
  }

  #handOnBuffered(controller: Controller): void {
    const segment = this.#segment;
    for (const part of segment.buffered) this.#take(controller, part);
    segment.buffered = handedOn;
    segment.watch.start();
  }

  /** Reads the upstream into the queue until it ends, waiting for room when the caller is slower. */
  async #pump(controller: Controller): Promise<void> {
    for (;;) {
      if (this.#settled) return;
      const segment = this.#segment;
      let next: ReadableStreamReadResult<LanguageModelV4StreamPart>;
      try {
        next = await segment.reader.read();
      } catch (error) {
        await this.#segmentFailed(controller, this.#failureOf(error), error);
        continue;
      }
      if (this.#settled) return;
      if (next.done) {
        if (segment.finish !== undefined && !segment.control.timedOut && !segment.stalled) {
          this.#succeed(controller);
          return;
        }
        const truncated = new SwitchyardError({
          code: errorCodes.STREAM_TRUNCATED,
          message: `the stream from ${segment.entry.target.id} ended without a finish part`,
        });
        await this.#segmentFailed(controller, this.#failureOf(truncated), truncated);
        continue;
      }
      const part = next.value;
      segment.watch.parts++;
      if (part.type === 'error') {
        segment.reader.cancel(part.error).catch(() => {});
        await this.#segmentFailed(controller, this.#failureOf(part.error), part.error);
        continue;
      }
      this.#take(controller, part);
      if ((controller.desiredSize ?? 0) <= 0) {
        await new Promise<void>((resolve) => {
          this.#resume = resolve;
        });
      }
    }
  }

  /** Takes one part of the current segment: through its splicer (a continuation), then to the caller. */
  #take(controller: Controller, part: LanguageModelV4StreamPart): void {
    const splicer = this.#segment.continuation?.splicer;
    if (part.type === 'finish') {
      if (splicer !== undefined) splicer.end((spliced) => this.#hand(controller, spliced));
      this.#finish(controller, part);
    } else if (splicer === undefined) this.#hand(controller, part);
    else splicer.map(part, (spliced) => this.#hand(controller, spliced));
  }

  /** Hands one part to the caller, keeping what a continuation needs to know. */
  #hand(controller: Controller, part: LanguageModelV4StreamPart): void {
    switch (part.type) {
      case 'text-delta':
        this.#segment.delivered += part.delta.length;
        if (this.#midStream === 'continue') this.#text += part.delta;
        break;
      case 'reasoning-delta':
        this.#segment.delivered += part.delta.length;
        break;
      case 'text-start':
        this.#openText = part.id;
        break;
      case 'text-end':
        if (this.#openText === part.id) this.#openText = undefined;
        break;
      case 'reasoning-start':
        this.#openReasoning =
          this.#openReasoning === undefined ? [part.id] : [...this.#openReasoning, part.id];
        break;
      case 'reasoning-end':
        this.#openReasoning = this.#openReasoning?.filter((id) => id !== part.id);
        break;
      case 'tool-input-start':
      case 'tool-input-delta':
      case 'tool-input-end':
        if (this.#midStream === 'continue') {
          if (this.#held === undefined) this.#held = [part];
          else this.#held.push(part);
          return;
        }
        if (part.type === 'tool-input-delta') this.#segment.delivered += part.delta.length;
        break;
      case 'stream-start':
      case 'response-metadata':
      case 'source':
      case 'raw':
      case 'ping':
        break;
      default:
        // A tool call, a tool result or approval, a file: what the caller may act on cannot be continued.
        this.#release(controller);
        this.#continuable = false;
    }
    controller.enqueue(part);
  }

  /** Hands on the tool input parts held back. */
  #release(controller: Controller): void {
    const held = this.#held;
    if (held === undefined) return;
    this.#held = undefined;
    for (const part of held) {
      if (part.type === 'tool-input-delta') this.#segment.delivered += part.delta.length;
      controller.enqueue(part);
    }
  }

  #finish(controller: Controller, part: FinishPart): void {
    const segment = this.#segment;
    segment.finish = part;
    this.#release(controller);
    // A continuation that never closed the text block it took over.
    if (this.#openText !== undefined) {
      controller.enqueue({ type: 'text-end', id: this.#openText });
      this.#openText = undefined;
    }
    const metadata = switchyardMetadata(this.#request, segment.entry.target.id, { pendingAttempts: 1 });
    if (this.#continuations > 0) metadata.continuations = this.#continuations;
    controller.enqueue({ ...part, providerMetadata: { ...part.providerMetadata, switchyard: metadata } });
  }

  /** The failure of the current segment, from what ended it. */
  #failureOf(error: unknown): ClassifiedFailure {
    const segment = this.#segment;
    if (segment.stalled) return segment.stallFailure;
    if (segment.control.timedOut) return { kind: 'timeout', message: segment.control.timeoutMessage };
    if (this.#request.signal.reason !== undefined)
      return { kind: 'transient', code: 'aborted', message: 'the caller aborted the call' };
    return classifyAttemptError(this.#state, segment.entry, error);
  }

  /** The current segment failed: records it, then continues the answer or ends the request. */
  async #segmentFailed(controller: Controller, failure: ClassifiedFailure, cause: unknown): Promise<void> {
    if (this.#settled) return;
    const segment = this.#segment;
    const { state, request } = { state: this.#state, request: this.#request };
    const aborted = request.signal.reason !== undefined;
    segment.end(cause);
    segment.record(state, request, { failure, aborted });
    request.noteFailedTarget(segment.entry.target.id);
    noteFailure({ state, entry: segment.entry, context: request.context, failure, now: state.clock.now() });
    void segment.entry.resilience.recordFailure(failure);
    if (aborted) {
      this.#endRequest(controller, this.#failedRequest(failure, cause, true));
      return;
    }
    const candidates =
      this.#midStream === 'continue' && this.#continuable ? continuationCandidates(request) : [];
    if (candidates.length === 0) {
      const why =
        this.#midStream === 'error'
          ? ''
          : this.#continuable
            ? '; no other candidate may continue the answer'
            : '; a tool call or file had reached the caller, so the answer is not continued';
      this.#endRequest(controller, this.#failedRequest(failure, cause, false, why));
      return;
    }
    this.#closeInterruptedReasoning(controller);
    this.#held = undefined;
    const fromChars = this.#deliveredBefore + segment.delivered;
    this.#deliveredBefore = fromChars;
    if (request.signal.abort === undefined) request.signal = abortableCallSignal();
    this.#continuing = true;
    let next: OpenedContinuation;
    try {
      next = await continueAnswer({ state, request, candidates, delivered: this.#text, fromChars });
    } catch (error) {
      // The request is finished (its record is on the error): end the caller's stream with it.
      this.#continuing = false;
      this.#settled = true;
      if (this.#cancelled === undefined) this.#endWith(controller, error);
      return;
    } finally {
      this.#continuing = false;
    }
    this.#continuations++;
    const splicer = new ContinuationSplicer({
      delivered: this.#text,
      rule: next.mode === 'prefill' ? 'prefill' : 'explicit',
      openTextId: this.#openText,
      index: this.#continuations,
    });
    this.#segment = this.#startSegment(next.entry, next.opened, next.start, {
      fromChars,
      mode: next.mode,
      splicer,
    });
    if (this.#cancelled !== undefined) {
      this.#abortRequest(this.#cancelled.reason);
      this.#segment.reader.cancel(this.#cancelled.reason).catch(() => {});
      return;
    }
    this.#handOnBuffered(controller);
  }

  /** Ends the reasoning blocks a failure interrupted: each stays as it stands. */
  #closeInterruptedReasoning(controller: Controller): void {
    for (const id of this.#openReasoning ?? [])
      controller.enqueue({
        type: 'reasoning-end',
        id,
        providerMetadata: { switchyard: { interrupted: true } },
      });
    this.#openReasoning = undefined;
  }

  /** The answer finished: records the serving attempt and the request. */
  #succeed(controller: Controller): void {
    this.#settled = true;
    const { state, request } = { state: this.#state, request: this.#request };
    const segment = this.#segment;
    const entry = segment.entry;
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
    finishRequest(state, request, { servedBy: entry.target.id, ttftMs: this.#ttftMs });
    controller.close();
  }

  /** The consumer cancelled: the current segment is recorded as aborted and the request finished. */
  #abortRequest(reason: unknown): void {
    const segment = this.#segment;
    const failure: ClassifiedFailure = {
      kind: 'transient',
      code: 'aborted',
      message: 'the caller cancelled the stream',
    };
    segment.end(reason);
    segment.record(this.#state, this.#request, { failure, aborted: true });
    this.#settled = true;
    this.#request.signal.dispose();
    finishRequest(this.#state, this.#request, {
      servedBy: null,
      ttftMs: this.#ttftMs,
      error: { code: errorCodes.ABORTED, message: failure.message },
    });
  }

  /** Finishes the request as failed and returns the error the caller gets. */
  #failedRequest(failure: ClassifiedFailure, cause: unknown, aborted: boolean, why = ''): RequestFailedError {
    this.#settled = true;
    const code: ErrorCode = aborted
      ? errorCodes.ABORTED
      : failure.code === errorCodes.STREAM_TRUNCATED
        ? errorCodes.STREAM_TRUNCATED
        : errorCodes.PROVIDER_ERROR;
    const message = `${this.#segment.entry.target.id} failed after the first token: ${failure.message}${why}`;
    this.#request.signal.dispose();
    const record = finishRequest(this.#state, this.#request, {
      servedBy: null,
      ttftMs: this.#ttftMs,
      error: { code, message },
      force: true,
    });
    return new RequestFailedError({
      code,
      route: this.#request.route.name,
      message,
      record: record as NonNullable<typeof record>,
      cause,
    });
  }

  #endRequest(controller: Controller, error: RequestFailedError): void {
    if (this.#cancelled === undefined) this.#endWith(controller, error);
  }

  /**
   * Ends the caller's stream with `error`: one `error` part, then, once the
   * caller has read everything before it, the stream errors with it (so
   * `streamText` rejects its results rather than resolving a truncated text).
   */
  #endWith(controller: Controller, error: unknown): void {
    try {
      controller.enqueue({ type: 'error', error });
    } catch {
      return; // The caller cancelled meanwhile: nobody reads this stream any more; the record has it all.
    }
    this.#pendingError = error;
    this.#errorWhenRead(controller);
  }

  #errorWhenRead(controller: Controller): void {
    if (controller.desiredSize !== readAhead) return;
    const error = this.#pendingError;
    this.#pendingError = undefined;
    controller.error(error);
  }
}
