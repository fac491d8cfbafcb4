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
import { finishRequest } from '../record/finish-request.js';
import { switchyardMetadata } from '../record/switchyard-metadata.js';
import type { RequestState } from '../request/request-state.js';
import { startRequest } from '../request/start-request.js';
import type { RouterState } from '../router-state.js';
import { servedGenerateAttempt } from './served-generate-attempt.js';
import { servedResult } from './served-result.js';
import { streamedGenerateAttempt } from './streamed-generate-attempt.js';

const noAnswer = (timeoutMs: number) => `no answer within ${timeoutMs} ms`;

/**
 * One `doGenerate` attempt on one target (`streamGenerate: false`), bounded
 * by `attemptTimeoutMs`. Written with `then` rather than as an async
 * function: the hot path's one attempt then costs two small closures, not a
 * suspended frame, its promise and an await.
 */
function generateAttempt(
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
  let work: PromiseLike<LanguageModelV4GenerateResult>;
  try {
    work = (entry.model as LanguageModelV4).doGenerate(
      new TargetCallOptions(entry, request.callOptions, control, start.budget?.outputCap),
    );
  } catch (error) {
    // A model that throws instead of rejecting: failed at once, never raced.
    try {
      return Promise.resolve(failedAttempt({ state, request, entry, control, error }));
    } finally {
      endAttempt(control, entry);
    }
  }
  return control.race(work).then(
    (result): AttemptOutcome<LanguageModelV4GenerateResult> => {
      try {
        servedGenerateAttempt({
          state,
          request,
          entry,
          start,
          usage: result.usage,
          output: result.content,
          warnings: result.warnings,
        });
        return { value: result };
      } catch (error) {
        return failedAttempt({ state, request, entry, control, error });
      } finally {
        endAttempt(control, entry);
      }
    },
    (error: unknown) => {
      try {
        return failedAttempt({ state, request, entry, control, error });
      } finally {
        endAttempt(control, entry);
      }
    },
  );
}

/** An attempt ended: its timeout and call listener stop, and the target has one attempt fewer in flight. */
function endAttempt(control: AttemptControl, entry: PreparedTarget): void {
  control.end();
  entry.health.inFlight--;
}

/** One generate attempt, sent as a stream or as `doGenerate` as the target says (one function for every call). */
function anyGenerateAttempt(
  state: RouterState,
  request: RequestState,
  entry: PreparedTarget,
  start: AttemptStart,
): Promise<AttemptOutcome<LanguageModelV4GenerateResult>> {
  return entry.streamGenerate
    ? streamedGenerateAttempt(state, request, entry, start)
    : generateAttempt(state, request, entry, start);
}

/**
 * `doGenerate` of a route: starts the request, runs the candidates
 * ({@link runCandidates}; each attempt sent as a stream and collected,
 * {@link streamedGenerateAttempt}, when the target declares the `streaming`
 * capability and has not `streamGenerate: false`; else one `doGenerate`), records the decision, and returns the serving
 * model's result with `providerMetadata.switchyard` (servedBy, requestId,
 * fallbackDepth, attempts) and the target's model id when the model gave none.
 */
export function routeGenerate(
  state: RouterState,
  route: PreparedRoute,
  callOptions: LanguageModelV4CallOptions,
): Promise<LanguageModelV4GenerateResult> {
  let request: RequestState;
  try {
    request = startRequest(state, route, callOptions, 'generate');
  } catch (error) {
    return Promise.reject(error);
  }
  // `then` rather than an async function: two small closures, not a suspended frame, its promise and an await.
  return runCandidates(state, request, anyGenerateAttempt).then(
    ({ entry, value: result }) => {
      try {
        const servedBy = entry.target.id;
        finishRequest(state, request, { servedBy });
        return servedResult(result, entry.target.model, switchyardMetadata(request, servedBy));
      } finally {
        request.signal.dispose();
      }
    },
    (error: unknown) => {
      request.signal.dispose();
      throw error;
    },
  );
}
