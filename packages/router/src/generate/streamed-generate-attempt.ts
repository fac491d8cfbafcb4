import type { LanguageModelV4GenerateResult, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { type ClassifiedFailure, errorCodes, SwitchyardError } from '@switchyard/core';
import type { PartReader } from '@switchyard/core/adapter';
import type { AttemptControl } from '../attempt/attempt-control.js';
import type { AttemptOutcome, AttemptStart } from '../attempt/attempt-outcome.js';
import { failedAttempt } from '../attempt/failed-attempt.js';
import type { PreparedTarget } from '../prepare/prepared-target.js';
import { cutStreamUsage } from '../record/cut-stream-usage.js';
import type { RequestState } from '../request/request-state.js';
import type { RouterState } from '../router-state.js';
import { openStreamAttempt } from '../stream/open-stream-attempt.js';
import { StallWatch } from '../stream/stall-watch.js';
import { GenerateCollector } from './generate-collector.js';
import { servedGenerateAttempt } from './served-generate-attempt.js';

const notEnded = (timeoutMs: number, targetId: string) =>
  `the answer from ${targetId} did not end within ${timeoutMs} ms`;

const ignore = () => {};

/**
 * What the stall watch and the attempt's control tell while the answer is
 * read: a stall or an interrupt (timeout, the call's abort) cancels the
 * reader, so the pending read ends; the deadline fires the attempt timeout.
 * One object, no closures per attempt.
 */
class ReadWatch {
  /** The stall watch fired. */
  stalled = false;
  readonly #reader: PartReader;
  readonly #control: AttemptControl;

  constructor(reader: PartReader, control: AttemptControl) {
    this.#reader = reader;
    this.#control = control;
  }

  onStall(): void {
    this.stalled = true;
    this.#reader.cancel().catch(ignore);
  }

  onDeadline(): void {
    this.#control.onTimeout();
  }

  interrupt(): void {
    this.#reader.cancel().catch(ignore);
  }
}

/**
 * One generate attempt sent as a stream (`streamGenerate`, the default): the
 * stream is opened within `ttftTimeoutMs` ({@link openStreamAttempt}), read
 * to its end within `attemptTimeoutMs`, watched for stalls
 * (`stallTimeoutMs`), and collected into the generate result. Nothing reaches
 * the caller before the end, so a failure at any point is this attempt's
 * failure and the request falls back as usual (a cut answer is priced by
 * what it had produced).
 */
export async function streamedGenerateAttempt(
  state: RouterState,
  request: RequestState,
  entry: PreparedTarget,
  start: AttemptStart,
): Promise<AttemptOutcome<LanguageModelV4GenerateResult>> {
  const opening = await openStreamAttempt(state, request, entry, start);
  if (opening.failure !== undefined) return opening;
  const opened = opening.value;
  const { reader, control, upstream } = opened;
  const collector = new GenerateCollector();
  const listener = new ReadWatch(reader, control);
  const watch = new StallWatch({
    timeouts: state.timeouts,
    stallMs: entry.health.options.stallTimeoutMs,
    listener,
  });
  // One timer for both: the stall watch's fires the attempt timeout too.
  const attemptTimeoutMs = entry.health.options.attemptTimeoutMs;
  control.handOff(attemptTimeoutMs, notEnded);
  watch.deadlineIn(attemptTimeoutMs);
  control.interruptible = listener;
  control.watchCall();
  // The target's bulkhead slot was taken when the stream started opening: freed below.
  try {
    for (const part of opened.buffered) collector.push(part);
    watch.start();
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      watch.parts++;
      const part: LanguageModelV4StreamPart = next.value;
      if (part.type === 'error') throw part.error;
      collector.push(part);
    }
    if (listener.stalled || control.timedOut || request.signal.reason !== undefined || !collector.finished) {
      throw new SwitchyardError({
        code: errorCodes.STREAM_TRUNCATED,
        message: `the stream from ${entry.target.id} ended without a finish part`,
      });
    }
    const result = collector.result(upstream);
    servedGenerateAttempt({
      state,
      request,
      entry,
      start,
      usage: result.usage,
      output: collector.receivedBytes,
      ttftMs: opened.ttftMs,
      warnings: result.warnings,
    });
    return { value: result };
  } catch (error) {
    reader.cancel(error).catch(() => {});
    control.abort(error);
    const outcome: AttemptOutcome<never> = listener.stalled
      ? { failure: watch.failure(entry.target.id), error, aborted: false }
      : failedAttempt({ state, request, entry, control, error });
    const usage =
      collector.receivedBytes > 0
        ? cutStreamUsage({ request, entry, budget: start.budget, outputBytes: collector.receivedBytes })
        : undefined;
    return usage === undefined
      ? outcome
      : {
          ...(outcome as Extract<typeof outcome, { failure: ClassifiedFailure }>),
          facts: { usage, usageEstimated: true },
        };
  } finally {
    watch.stop();
    control.end();
    entry.health.inFlight--;
  }
}
