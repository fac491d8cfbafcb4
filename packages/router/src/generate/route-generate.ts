import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
} from '@ai-sdk/provider';
import { AttemptControl } from '../attempt/attempt-control.js';
import type { AttemptOutcome, AttemptStart } from '../attempt/attempt-outcome.js';
import { failedAttempt } from '../attempt/failed-attempt.js';
import { runCandidates } from '../attempt/run-candidates.js';
import type { PreparedRoute, PreparedTarget } from '../prepare/prepared-target.js';
import { TargetCallOptions } from '../prepare/target-call-options.js';
import { attemptRecord } from '../record/attempt-record.js';
import { finishRequest } from '../record/finish-request.js';
import { pushAttempt } from '../record/push-attempt.js';
import { switchyardMetadata } from '../record/switchyard-metadata.js';
import { tokenUsage, usageUnknown } from '../record/token-usage.js';
import type { RequestState } from '../request/request-state.js';
import { startRequest } from '../request/start-request.js';
import type { RouterState } from '../router-state.js';

const noAnswer = (timeoutMs: number) => `no answer within ${timeoutMs} ms`;

/** One `doGenerate` attempt on one target, bounded by `attemptTimeoutMs`. */
async function generateAttempt(
  state: RouterState,
  request: RequestState,
  entry: PreparedTarget,
  start: AttemptStart,
): Promise<AttemptOutcome<LanguageModelV4GenerateResult>> {
  const control = new AttemptControl({
    timeouts: state.timeouts,
    call: request.signal,
    timeoutMs: entry.health.options.attemptTimeoutMs,
    describe: noAnswer,
    subject: entry.target.id,
  });
  entry.health.inFlight++;
  try {
    const result = await control.race(
      (entry.model as LanguageModelV4).doGenerate(
        new TargetCallOptions(entry, request.callOptions, control, start.budget?.outputCap),
      ),
    );
    const now = state.clock.now();
    const usage = tokenUsage(result.usage);
    const budget = start.budget?.settle({ usage, sent: true, unknownUsage: usageUnknown(result.usage), now });
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
          usage,
          budget,
        }),
        start.startedAt,
      );
    } else request.unrecordedAttempts++;
    entry.health.succeeded(request.context.jurisdiction, now - start.startedAt, undefined, start.startedAt);
    return { value: result };
  } catch (error) {
    return failedAttempt({ state, request, entry, control, error });
  } finally {
    control.end();
    entry.health.inFlight--;
  }
}

/**
 * `doGenerate` of a route: starts the request, runs the candidates
 * ({@link runCandidates}), records the decision, and returns the serving
 * model's result with `providerMetadata.switchyard` (servedBy, requestId,
 * fallbackDepth, attempts) and the target's model id when the model gave none.
 */
export async function routeGenerate(
  state: RouterState,
  route: PreparedRoute,
  callOptions: LanguageModelV4CallOptions,
): Promise<LanguageModelV4GenerateResult> {
  const request = startRequest(state, route, callOptions, 'generate');
  try {
    const { entry, value: result } = await runCandidates(state, request, generateAttempt);
    const servedBy = entry.target.id;
    finishRequest(state, request, { servedBy });
    return {
      ...result,
      response: { ...result.response, modelId: result.response?.modelId ?? entry.target.model },
      providerMetadata: { ...result.providerMetadata, switchyard: switchyardMetadata(request, servedBy) },
    };
  } finally {
    request.signal.dispose();
  }
}
