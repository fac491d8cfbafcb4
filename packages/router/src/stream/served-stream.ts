import type { ReadableStreamReadResult, UnderlyingSource } from 'node:stream/web';
import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { type ClassifiedFailure, errorCodes, type MidStreamMode, SwitchyardError } from '@switchyard/core';
import type { AttemptStart } from '../attempt/attempt-outcome.js';
import { abortableCallSignal } from '../attempt/call-signal.js';
import { classifyAttemptError } from '../attempt/classify-attempt-error.js';
import type { PreparedTarget } from '../prepare/prepared-target.js';
import { switchyardMetadata } from '../record/switchyard-metadata.js';
import type { RequestState } from '../request/request-state.js';
import type { RouterState } from '../router-state.js';
import { CallerStreamEnd, readAhead } from './caller-stream-end.js';
import { ContinuationSplicer } from './continuation-splicer.js';
import { continuationCandidates, continueAnswer, type OpenedContinuation } from './continue-answer.js';
import { DeliveredAnswer } from './delivered-answer.js';
import type { OpenedStream } from './open-stream-attempt.js';
import { StreamSegment } from './stream-segment.js';

type Controller = ReadableStreamDefaultController<LanguageModelV4StreamPart>;
type FinishPart = Extract<LanguageModelV4StreamPart, { type: 'finish' }>;
type ReadResult = ReadableStreamReadResult<LanguageModelV4StreamPart>;

const handedOn: LanguageModelV4StreamPart[] = [];

/**
 * The caller's side of a stream that opened: the parts read while opening,
 * then the rest of the serving model's stream, read while the caller reads
 * (two parts read ahead at most; one upstream read per part and no promise
 * of its own per part), watched for stalls.
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
 * The finish part carries `providerMetadata.switchyard`, the same as
 * `doGenerate`'s. When the answer cannot be finished, the stream ends with
 * one `error` part, then errors ({@link CallerStreamEnd}: how the caller's
 * stream ends, and the request with it).
 */
export class ServedStream extends CallerStreamEnd implements UnderlyingSource<LanguageModelV4StreamPart> {
  readonly #midStream: MidStreamMode;
  #segment: StreamSegment;
  /** Characters delivered by segments before the current one. */
  #deliveredBefore = 0;
  /** What the caller received, as far as continuing it needs to know. */
  readonly #answer: DeliveredAnswer;
  #continuations = 0;
  #continuing = false;

  constructor(
    state: RouterState,
    request: RequestState,
    entry: PreparedTarget,
    opened: OpenedStream,
    start: AttemptStart,
    options: { midStream: MidStreamMode },
  ) {
    super(state, request, start.startedAt - request.startedAt + opened.ttftMs);
    this.#midStream = options.midStream;
    this.#answer = new DeliveredAnswer({ continues: options.midStream === 'continue' });
    this.#segment = this.#startSegment(entry, opened, start);
  }

  /**
   * A readable stream over this source. Its queue holds {@link readAhead}
   * parts: while the caller keeps up, one `pull` reads the whole stream (the
   * stream does not call it again while it runs); for a caller that falls
   * behind the pull ends when the queue is full, and the next starts when the
   * caller made room.
   */
  static stream(source: ServedStream): ReadableStream<LanguageModelV4StreamPart> {
    return new ReadableStream<LanguageModelV4StreamPart>(source, { highWaterMark: readAhead });
  }

  start(controller: Controller): void {
    this.controller = controller;
    this.#handOnBuffered();
  }

  /** The attempt's timeout fired or the call was aborted: end the pending read. */
  interrupt(): void {
    this.#segment.reader.cancel().catch(() => {});
  }

  /**
   * Called by the stream when the caller wants parts: reads them from
   * upstream until the caller's queue is full ({@link #pump}).
   */
  pull(): Promise<void> | undefined {
    if (this.endsWithError() || this.settled || this.#continuing) return undefined;
    return this.#pump();
  }

  async cancel(reason: unknown): Promise<void> {
    if (this.settled || this.cancelled) return;
    this.cancelled = { reason };
    if (this.#continuing) {
      // The continuation being opened is aborted; it finishes the request (`aborted`).
      this.request.signal.abort?.(reason);
      return;
    }
    const segment = this.#segment;
    // Settled first: a pending read, which the cancel ends, then stops without a word.
    this.abortRequest(segment, reason);
    await segment.reader.cancel(reason).catch(() => {});
  }

  #startSegment(
    entry: PreparedTarget,
    opened: OpenedStream,
    start: AttemptStart,
    continuation?: StreamSegment['continuation'],
  ): StreamSegment {
    return new StreamSegment({ state: this.state, entry, opened, start, continuation, interruptible: this });
  }

  #handOnBuffered(): void {
    const segment = this.#segment;
    for (const part of segment.buffered) this.#take(part);
    segment.buffered = handedOn;
    segment.watch.idle = true;
    segment.watch.start();
  }

  /**
   * Reads the upstream into the caller's stream until it is full (or ends):
   * one read per part, nothing of our own per part (no clock read, no
   * allocation, no promise besides the read: the stall watch only sees a
   * counter go up). While it waits for the caller (not running) the stall
   * watch is idle: a slow caller is no stall of the upstream.
   */
  async #pump(): Promise<void> {
    const controller = this.controller as Controller;
    let segment = this.#segment;
    segment.watch.idle = false;
    try {
      for (;;) {
        if ((controller.desiredSize ?? 0) <= 0) {
          segment.watch.idle = true;
          return;
        }
        let next: ReadResult;
        try {
          next = await segment.reader.read();
        } catch (error) {
          if (this.settled) return;
          await this.#segmentFailed(this.#failureOf(error), error);
          if (this.settled) return;
          segment = this.#resumed();
          continue;
        }
        if (this.settled) return;
        if (next.done) {
          if (segment.finish !== undefined && !segment.control.timedOut && !segment.stalled) {
            this.succeed(this.#segment);
            return;
          }
          const truncated = new SwitchyardError({
            code: errorCodes.STREAM_TRUNCATED,
            message: `the stream from ${segment.entry.target.id} ended without a finish part`,
          });
          await this.#segmentFailed(this.#failureOf(truncated), truncated);
          if (this.settled) return;
          segment = this.#resumed();
          continue;
        }
        const part = next.value;
        segment.watch.parts++;
        if (part.type === 'error') {
          segment.reader.cancel(part.error).catch(() => {});
          await this.#segmentFailed(this.#failureOf(part.error), part.error);
          if (this.settled) return;
          segment = this.#resumed();
          continue;
        }
        this.#take(part);
      }
    } catch (error) {
      const failure = classifyAttemptError(this.state, this.request, this.#segment.entry, error);
      this.failRequest(this.#segment, failure, error, false);
    }
  }

  /** The segment the pump reads after a failure was continued: now awaited, not idle. */
  #resumed(): StreamSegment {
    const segment = this.#segment;
    segment.watch.idle = false;
    return segment;
  }

  /** Takes one part of the current segment: through its splicer (a continuation), then to the caller. */
  #take(part: LanguageModelV4StreamPart): void {
    const splicer = this.#segment.continuation?.splicer;
    if (part.type === 'finish') {
      if (splicer !== undefined) splicer.end(this.#spliced());
      this.#finish(part);
    } else if (splicer === undefined) this.#hand(part);
    else splicer.map(part, this.#spliced());
  }

  /** Hands on a part a continuation's splicer produced (made once, when a continuation needs it). */
  #handSpliced: ((part: LanguageModelV4StreamPart) => void) | undefined;

  #spliced(): (part: LanguageModelV4StreamPart) => void {
    this.#handSpliced ??= (part) => this.#hand(part);
    return this.#handSpliced;
  }

  #hand(part: LanguageModelV4StreamPart): void {
    const segment = this.#segment;
    segment.countOutput(part);
    segment.delivered += this.#answer.hand(this.controller as Controller, part);
  }

  #finish(part: FinishPart): void {
    const segment = this.#segment;
    segment.finish = part;
    segment.delivered += this.#answer.finish(this.controller as Controller);
    const metadata = switchyardMetadata(this.request, segment.entry.target.id, { pendingAttempts: 1 });
    if (this.#continuations > 0) metadata.continuations = this.#continuations;
    this.enqueue({ ...part, providerMetadata: { ...part.providerMetadata, switchyard: metadata } });
  }

  /** The failure of the current segment, from what ended it. */
  #failureOf(error: unknown): ClassifiedFailure {
    const segment = this.#segment;
    if (segment.stalled) return segment.stallFailure;
    if (segment.control.timedOut) return { kind: 'timeout', message: segment.control.timeoutMessage };
    if (this.request.signal.reason !== undefined)
      return { kind: 'transient', code: 'aborted', message: 'the caller aborted the call' };
    return classifyAttemptError(this.state, this.request, segment.entry, error);
  }

  /** The current segment failed: records it, then continues the answer or ends the request. */
  async #segmentFailed(failure: ClassifiedFailure, cause: unknown): Promise<void> {
    if (this.settled) return;
    const segment = this.#segment;
    const { state, request } = this;
    const aborted = request.signal.reason !== undefined;
    segment.fail({ state, request, failure, aborted, cause });
    if (aborted) {
      this.failRequest(segment, failure, cause, true);
      return;
    }
    const answer = this.#answer;
    const candidates =
      this.#midStream === 'continue' && answer.continuable ? continuationCandidates(request) : [];
    if (candidates.length === 0) {
      const why =
        this.#midStream === 'error'
          ? ''
          : answer.continuable
            ? '; no other candidate may continue the answer'
            : '; a tool call or file had reached the caller, so the answer is not continued';
      this.failRequest(segment, failure, cause, false, why);
      return;
    }
    answer.interrupt(this.controller as Controller);
    const fromChars = this.#deliveredBefore + segment.delivered;
    this.#deliveredBefore = fromChars;
    if (request.signal.abort === undefined)
      request.signal = abortableCallSignal(request.callOptions.abortSignal);
    this.#continuing = true;
    request.continuesFrom = fromChars;
    let next: OpenedContinuation;
    try {
      next = await continueAnswer({ state, request, candidates, delivered: answer.text, fromChars });
    } catch (error) {
      // The request is finished (its record is on the error): end the caller's stream with it.
      this.#continuing = false;
      this.endFinished(error);
      return;
    } finally {
      this.#continuing = false;
    }
    this.#continuations++;
    const splicer = new ContinuationSplicer({
      delivered: answer.text,
      rule: next.mode === 'prefill' ? 'prefill' : 'explicit',
      openTextId: answer.openText,
      index: this.#continuations,
    });
    this.#segment = this.#startSegment(next.entry, next.opened, next.start, {
      fromChars,
      mode: next.mode,
      splicer,
    });
    if (this.cancelled !== undefined) {
      this.abortRequest(this.#segment, this.cancelled.reason);
      this.#segment.reader.cancel(this.cancelled.reason).catch(() => {});
      return;
    }
    this.#handOnBuffered();
  }
}
