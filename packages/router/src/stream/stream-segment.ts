import type { LanguageModelV4StreamPart, SharedV4Warning } from '@ai-sdk/provider';
import type { ClassifiedFailure, StreamContinuation } from '@switchyard/core';
import { finishWarnings, type PartReader } from '@switchyard/core/adapter';
import type { AttemptControl } from '../attempt/attempt-control.js';
import type { AttemptStart } from '../attempt/attempt-outcome.js';
import { noteFailure } from '../attempt/note-failure.js';
import type { StreamTrial } from '../attempt/stream-trial.js';
import type { AttemptBudget } from '../budget/attempt-budget.js';
import type { PreparedTarget } from '../prepare/prepared-target.js';
import { attemptRecord } from '../record/attempt-record.js';
import { cutStreamUsage, outputBytes, utf8Bytes } from '../record/cut-stream-usage.js';
import { pushAttempt } from '../record/push-attempt.js';
import { tokenUsage, usageUnknown } from '../record/token-usage.js';
import type { RequestState } from '../request/request-state.js';
import type { RouterState } from '../router-state.js';
import type { ContinuationSplicer } from './continuation-splicer.js';
import type { OpenedStream } from './open-stream-attempt.js';
import { StallWatch } from './stall-watch.js';

type FinishPart = Extract<LanguageModelV4StreamPart, { type: 'finish' }>;

const noWarnings: readonly SharedV4Warning[] = Object.freeze([]);

/** The warnings of the `stream-start` among a stream's opening parts. */
function startWarnings(parts: readonly LanguageModelV4StreamPart[]): readonly SharedV4Warning[] {
  for (const part of parts)
    if (part.type === 'stream-start') return part.warnings.length === 0 ? noWarnings : part.warnings;
  return noWarnings;
}

/** The stream-start warnings, with those the finish part carries (`finishWarnings`) when there are any. */
function withLateWarnings(
  warnings: readonly SharedV4Warning[],
  finish: FinishPart | undefined,
): readonly SharedV4Warning[] {
  const late = finishWarnings(finish?.providerMetadata);
  return late.length === 0 ? warnings : [...warnings, ...late];
}

const notEnded = (timeoutMs: number, targetId: string) =>
  `the stream from ${targetId} did not end within ${timeoutMs} ms`;

/** How a segment continued the answer, and the splicer that joins its parts on. */
export interface SegmentContinuation {
  /** Characters the caller had before this segment: the splice point. */
  readonly fromChars: number;
  readonly mode: StreamContinuation['mode'];
  readonly splicer: ContinuationSplicer;
}

/**
 * One attempt's share of a served stream: the target, its reader, its
 * timeout (the attempt timeout from its first content part on) and stall
 * watch, and what it handed to the caller. A request's
 * stream is one segment, or several when a mid-stream failure was continued
 * on other targets; each is recorded as an attempt of its own, with the
 * characters it delivered and, for a continuation, the splice point.
 */
export class StreamSegment {
  readonly entry: PreparedTarget;
  readonly reader: PartReader;
  readonly control: AttemptControl;
  readonly retry: number;
  readonly startedAt: number;
  /** From the attempt's start to its first content part, ms. */
  readonly ttftMs: number;
  readonly continuation: SegmentContinuation | undefined;
  readonly watch: StallWatch;
  /** Its budget reservation, if a budget counts it: settled when it is recorded. */
  readonly budget: AttemptBudget | undefined;
  /** Parts read while opening, not handed on yet. */
  buffered: LanguageModelV4StreamPart[];
  /** The warnings of its `stream-start` (read while opening). */
  readonly warnings: readonly SharedV4Warning[];
  /** Characters of output (text, reasoning, tool input) handed to the caller. */
  delivered = 0;
  /** UTF-8 bytes of output the attempt produced: the bound a cut segment is charged. */
  producedBytes = 0;
  /** Tool calls whose input came as deltas (counted already). */
  #streamedToolInputs: Set<string> | undefined;
  /** The finish part, once seen. */
  finish: FinishPart | undefined;
  /** The stall watch fired. */
  stalled = false;
  #ended = false;
  /** The circuit's half-open trial this stream is, when it is one: ended with the segment. */
  readonly #trial: StreamTrial | undefined;

  constructor(options: {
    state: RouterState;
    entry: PreparedTarget;
    opened: OpenedStream;
    start: AttemptStart;
    continuation?: SegmentContinuation | undefined;
    /** Told when the attempt's timeout fires or the call is aborted (it ends the pending read). */
    interruptible: { interrupt(): void };
  }) {
    const { entry, opened } = options;
    this.entry = entry;
    this.reader = opened.reader;
    this.control = opened.control;
    this.buffered = opened.buffered;
    this.warnings = startWarnings(opened.buffered);
    this.ttftMs = opened.ttftMs;
    this.retry = options.start.retry;
    this.startedAt = options.start.startedAt;
    this.budget = options.start.budget;
    this.#trial = options.start.trial;
    this.continuation = options.continuation;
    this.watch = new StallWatch({
      timeouts: options.state.timeouts,
      stallMs: entry.health.options.stallTimeoutMs,
      listener: this,
    });
    const control = this.control;
    // One timer for both: the stall watch's fires the attempt timeout too (`onDeadline`).
    const attemptTimeoutMs = entry.health.options.attemptTimeoutMs;
    control.handOff(attemptTimeoutMs, notEnded);
    this.watch.deadlineIn(attemptTimeoutMs);
    // A timeout or the call's abort ends a pending read: the reader is cancelled and the pump sees why.
    control.interruptible = options.interruptible;
    control.watchCall();
    // The target's bulkhead slot was taken when the stream started opening (`openStreamAttempt`).
  }

  /**
   * The segment failed: ends it, records it as a failed attempt and applies
   * the failure to the target's health and circuit breaker.
   */
  fail(options: {
    state: RouterState;
    request: RequestState;
    failure: ClassifiedFailure;
    aborted: boolean;
    cause: unknown;
  }): void {
    const { state, request, failure } = options;
    const trial = this.#trial;
    // A trial's breaker hears of the failure through the trial; any other stream's directly.
    if (trial !== undefined) trial.end(failure);
    this.end(options.cause);
    this.record(state, request, { failure, aborted: options.aborted });
    request.noteFailedTarget(this.entry.target.id);
    noteFailure({ state, entry: this.entry, context: request.context, failure, now: state.clock.now() });
    if (trial === undefined) void this.entry.resilience.recordFailure(failure);
  }

  /** Counts the output bytes of a part the attempt produced. */
  countOutput(part: LanguageModelV4StreamPart): void {
    if (part.type === 'text-delta' || part.type === 'reasoning-delta') {
      this.producedBytes += utf8Bytes(part.delta);
    } else if (part.type === 'tool-input-delta' || part.type === 'tool-call') {
      // The set exists only once a tool part came: a text answer pays nothing for it.
      this.#streamedToolInputs ??= new Set();
      this.producedBytes += outputBytes(part, this.#streamedToolInputs);
    }
  }

  /** The stall watch fired: ends the pending read (the served stream sees `stalled`). */
  onStall(): void {
    this.stalled = true;
    this.reader.cancel().catch(() => {});
  }

  /** The attempt timeout passed (the stall watch's timer keeps it): the attempt's control fires it. */
  onDeadline(): void {
    this.control.onTimeout();
  }

  /** The failure of a stall, saying what did not come. */
  get stallFailure(): ClassifiedFailure {
    return this.watch.failure(this.entry.target.id);
  }

  /** Stops the timeout and the stall watch and frees the target's slot; idempotent. */
  end(cause?: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    // Served, or cancelled by the caller (a failure ended the trial before: `fail`).
    this.#trial?.end();
    this.watch.stop();
    if (cause !== undefined) this.control.abort(cause);
    this.control.end();
    this.entry.health.inFlight--;
  }

  /**
   * Records this segment as an attempt of `request`: success with the finish
   * part's usage, or its failure; settles its budget reservation. A failure
   * without usage from the provider, or a finish part without token counts,
   * is charged its bound
   * ({@link cutStreamUsage}: the prompt's, and the bytes it produced), so it
   * counts as spend rather than $0.
   */
  record(
    state: RouterState,
    request: RequestState,
    outcome: { failure?: ClassifiedFailure | undefined; aborted?: boolean },
  ): void {
    const { entry, startedAt } = this;
    const finish = this.finish;
    const continuation = this.continuation;
    const now = state.clock.now();
    const cut = finish === undefined && outcome.failure !== undefined && this.producedBytes > 0;
    // A finish part without token counts: priced by its bound as a cut stream is, never $0.
    const unknownUsage = finish !== undefined && usageUnknown(finish.usage);
    const usage =
      finish !== undefined && !unknownUsage
        ? tokenUsage(finish.usage)
        : cut || unknownUsage
          ? cutStreamUsage({
              request,
              entry,
              budget: this.budget,
              outputBytes: this.producedBytes,
              // The answer handed back in a continuation's prompt: at most 3 UTF-8 bytes a character.
              continuedBytes: (continuation?.fromChars ?? 0) * 3,
            })
          : undefined;
    const budget = this.budget?.settle({
      usage,
      sent: true,
      unknownUsage,
      now,
    });
    pushAttempt(
      state,
      request,
      entry,
      attemptRecord({
        entry,
        requestStartedAt: request.startedAt,
        startedAt,
        now,
        retry: this.retry,
        ttftMs: this.ttftMs,
        usage,
        usageEstimated: cut || unknownUsage,
        budget,
        failure: outcome.failure,
        aborted: outcome.aborted,
        deliveredChars: this.delivered,
        warnings: withLateWarnings(this.warnings, finish),
        continuation:
          continuation === undefined
            ? undefined
            : {
                fromChars: continuation.fromChars,
                mode: continuation.mode,
                overlapChars: continuation.splicer.overlapChars,
              },
      }),
      startedAt,
    );
  }
}
