import type { StreamContinuation } from '@switchyard/core';
import type { AttemptOutcome, AttemptStart } from '../attempt/attempt-outcome.js';
import { runCandidates } from '../attempt/run-candidates.js';
import type { PreparedTarget } from '../prepare/prepared-target.js';
import type { RequestState } from '../request/request-state.js';
import type { RouterState } from '../router-state.js';
import { continuationPrompt } from './continuation-prompt.js';
import { type OpenedStream, openStreamAttempt } from './open-stream-attempt.js';

/** A continuation that opened: its target, stream, attempt facts and how it was asked. */
export interface OpenedContinuation {
  readonly entry: PreparedTarget;
  readonly opened: OpenedStream;
  readonly start: AttemptStart;
  readonly mode: StreamContinuation['mode'];
}

/**
 * The candidates that may continue a request's answer: the plan's order,
 * without every target that failed in this request (the one that just
 * failed mid-stream included).
 */
export function continuationCandidates(request: RequestState): PreparedTarget[] {
  const failed = request.failedTargets;
  if (failed === undefined) return [...request.plan.ordered];
  return request.plan.ordered.filter((entry) => !failed.includes(entry.target.id));
}

/**
 * Opens a continuation of an answer whose stream failed after content
 * reached the caller: runs `candidates` in order ({@link runCandidates}, so
 * each attempt is admitted by the policy in force at its start, by the
 * circuit, the bulkhead and the attempt hooks, and recorded), each with the
 * original prompt plus the text delivered so far
 * ({@link continuationPrompt}): as an assistant prefill where the target
 * takes one, else as an explicit request to continue. A target that rejects
 * the prefill (`invalid_request`) is remembered as one that does not take
 * prefills and asked again at once, explicitly; the rejection is recorded
 * but not held against its health.
 *
 * @param options.delivered the text the caller received so far ('' when only reasoning was: a restart).
 * @param options.fromChars the characters the caller received so far (the splice point).
 * @returns the continuation that opened (up to its first content part).
 * @throws {RequestFailedError} when none could (the request is then finished, with its record).
 */
export function continueAnswer(options: {
  state: RouterState;
  request: RequestState;
  candidates: readonly PreparedTarget[];
  delivered: string;
  fromChars: number;
}): Promise<OpenedContinuation> {
  const { delivered, fromChars } = options;
  // Each continuation's prompt carries the answer so far: a provider's error may quote it.
  if (delivered !== '') options.request.continuedAnswer = delivered;
  const attempt = async (
    state: RouterState,
    request: RequestState,
    entry: PreparedTarget,
    start: AttemptStart,
  ): Promise<AttemptOutcome<{ opened: OpenedStream; mode: StreamContinuation['mode'] }>> => {
    const mode: StreamContinuation['mode'] =
      delivered === '' ? 'restart' : entry.continuation.prefill ? 'prefill' : 'explicit';
    const prompt = continuationPrompt({ prompt: request.callOptions.prompt, delivered, mode });
    const outcome = await openStreamAttempt(state, request, entry, start, prompt);
    if (outcome.failure === undefined) return { value: { opened: outcome.value, mode } };
    const facts = { continuation: { fromChars, mode, overlapChars: 0 } };
    if (mode === 'prefill' && outcome.failure.kind === 'invalid_request' && !outcome.aborted) {
      // It takes no assistant prefill (e.g. a 400 "does not support assistant message prefill"): ask explicitly.
      entry.continuation.prefill = false;
      return { ...outcome, again: true, facts };
    }
    return { ...outcome, facts };
  };
  return runCandidates(options.state, options.request, attempt, {
    candidates: options.candidates,
    continuing: true,
    successAtEnd: true,
  }).then(({ entry, value, start }) => ({ entry, opened: value.opened, start, mode: value.mode }));
}
