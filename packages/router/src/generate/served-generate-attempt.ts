import type { LanguageModelV4Usage } from '@ai-sdk/provider';
import type { AttemptStart } from '../attempt/attempt-outcome.js';
import type { PreparedTarget } from '../prepare/prepared-target.js';
import { attemptRecord } from '../record/attempt-record.js';
import { pushAttempt } from '../record/push-attempt.js';
import { tokenUsage, usageUnknown } from '../record/token-usage.js';
import type { RequestState } from '../request/request-state.js';
import type { RouterState } from '../router-state.js';

/**
 * Accounts for a generate attempt that served, whether it went as one
 * `doGenerate` or as a stream collected: settles its budget reservation with
 * the usage it reported, records the attempt (or counts it unrecorded) and
 * tells the target's health.
 *
 * @param options.state the router.
 * @param options.request the request.
 * @param options.entry the target that served.
 * @param options.start the attempt's start (instant, retry, budget reservation).
 * @param options.usage the usage the model reported.
 * @param options.ttftMs ms to the first content part, for an attempt sent as a stream.
 * @example
 * ```ts
 * servedGenerateAttempt({ state, request, entry, start, usage: result.usage });
 * ```
 */
export function servedGenerateAttempt(options: {
  state: RouterState;
  request: RequestState;
  entry: PreparedTarget;
  start: AttemptStart;
  usage: LanguageModelV4Usage;
  ttftMs?: number | undefined;
}): void {
  const { state, request, entry, start, ttftMs } = options;
  const now = state.clock.now();
  const usage = tokenUsage(options.usage);
  const budget = start.budget?.settle({ usage, sent: true, unknownUsage: usageUnknown(options.usage), now });
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
        budget,
      }),
      start.startedAt,
    );
  } else request.unrecordedAttempts++;
  entry.health.succeeded(request.context.jurisdiction, now - start.startedAt, ttftMs, start.startedAt);
}
