import type { AttemptRecord, RequestContext } from '@switchyard/core';

/** What a hook knows of an attempt about to start. */
export interface AttemptHookInfo {
  readonly requestId: string;
  readonly route: string;
  readonly operation: 'generate' | 'stream';
  readonly context: RequestContext;
  readonly targetId: string;
  readonly retry: number;
  /** Router clock at the start. */
  readonly startedAt: number;
  /**
   * Set when the attempt continues a stream that failed mid-answer: the
   * characters the caller already had (its prompt carries them: a prefill or
   * an explicit request to continue).
   */
  readonly continuesFrom?: number;
}

/**
 * Hooks around every attempt, called in order, synchronously, on the request
 * path (keep them quick): `beforeAttempt` once the policy admitted the
 * attempt and before the model is called; it may decline the attempt (the
 * candidate is then recorded as skipped, reason `declined`, and the request
 * moves on), e.g. a budget that cannot reserve the cost. `afterAttempt` with
 * the attempt's record once it ended (success, failure or abort), e.g. to
 * reconcile a reservation. A hook that throws declines (before) or is
 * reported as an `error` event (after); it never fails the request.
 */
export interface AttemptHooks {
  /** Return `{ decline: 'why' }` to skip this candidate. */
  beforeAttempt?(info: AttemptHookInfo): undefined | { decline: string };
  /** Called with the attempt's record. */
  afterAttempt?(info: AttemptHookInfo, attempt: AttemptRecord): void;
}
