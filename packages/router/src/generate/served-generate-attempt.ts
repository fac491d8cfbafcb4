import type { LanguageModelV4Content, LanguageModelV4Usage, SharedV4Warning } from '@ai-sdk/provider';
import type { AttemptStart } from '../attempt/attempt-outcome.js';
import type { PreparedTarget } from '../prepare/prepared-target.js';
import { attemptRecord } from '../record/attempt-record.js';
import { cutStreamUsage, utf8Bytes } from '../record/cut-stream-usage.js';
import { pushAttempt } from '../record/push-attempt.js';
import { tokenUsage, usageUnknown } from '../record/token-usage.js';
import type { RequestState } from '../request/request-state.js';
import type { RouterState } from '../router-state.js';

/**
 * Accounts for a generate attempt that served, whether it went as one
 * `doGenerate` or as a stream collected: settles its budget reservation with
 * the usage it reported, records the attempt (or counts it unrecorded) and
 * tells the target's health. An answer whose provider reported no usage is
 * priced by its bound ({@link cutStreamUsage}: the prompt's, and the bytes of
 * its output), recorded with `usageEstimated`: never $0.
 *
 * @param options.state the router.
 * @param options.request the request.
 * @param options.entry the target that served.
 * @param options.start the attempt's start (instant, retry, budget reservation).
 * @param options.usage the usage the model reported.
 * @param options.output the answer's output: its UTF-8 bytes (a collected stream) or its content (read only when the usage is unknown).
 * @param options.ttftMs ms to the first content part, for an attempt sent as a stream.
 * @example
 * ```ts
 * servedGenerateAttempt({ state, request, entry, start, usage: result.usage, output: result.content });
 * ```
 */
export function servedGenerateAttempt(options: {
  state: RouterState;
  request: RequestState;
  entry: PreparedTarget;
  start: AttemptStart;
  usage: LanguageModelV4Usage;
  output: number | readonly LanguageModelV4Content[];
  ttftMs?: number | undefined;
  /** The answer's warnings, for its record. */
  warnings?: readonly SharedV4Warning[] | undefined;
}): void {
  const { state, request, entry, start, ttftMs, output } = options;
  const now = state.clock.now();
  const unknown = usageUnknown(options.usage);
  const usage = unknown
    ? cutStreamUsage({
        request,
        entry,
        budget: start.budget,
        outputBytes: typeof output === 'number' ? output : contentBytes(output),
      })
    : tokenUsage(options.usage);
  const budget = start.budget?.settle({ usage, sent: true, unknownUsage: unknown, now });
  if (state.recordsAttempts) {
    pushAttempt(
      state,
      request,
      entry,
      attemptRecord({
        entry,
        requestStartedAt: request.startedAt,
        startedAt: start.startedAt,
        now,
        retry: start.retry,
        ttftMs,
        usage,
        usageEstimated: unknown,
        budget,
        warnings: options.warnings,
      }),
      start.startedAt,
    );
  } else request.unrecordedAttempts++;
  entry.health.succeeded(request.context.jurisdiction, now - start.startedAt, ttftMs, start.startedAt);
}

/** UTF-8 bytes of an answer's output: text, reasoning and tool-call input. */
function contentBytes(content: readonly LanguageModelV4Content[]): number {
  let bytes = 0;
  for (const part of content) {
    if (part.type === 'text' || part.type === 'reasoning') bytes += utf8Bytes(part.text);
    else if (part.type === 'tool-call') bytes += utf8Bytes(part.input);
  }
  return bytes;
}
