import type { RequestState } from '../request/request-state.js';

/** What `providerMetadata.switchyard` holds, for `generateText` and `streamText` alike. */
export interface SwitchyardMetadata {
  /** The target that served. */
  readonly servedBy: string;
  /** The request's id, as in its decision record. */
  readonly requestId: string;
  /** Distinct targets that failed before the one that served. */
  readonly fallbackDepth: number;
  /** Attempts made, the serving one included. */
  readonly attempts: number;
  [key: string]: string | number;
}

/** The options of a call that passes none (one object for every call). */
const noOptions: { pendingAttempts?: number } = {};

/**
 * The `switchyard` provider metadata of a served request: the same fields
 * for `doGenerate` (in the result) and `doStream` (in the finish part).
 *
 * @param options.pendingAttempts attempts not yet in the request's records (a stream's serving attempt is recorded when it ends).
 */
export function switchyardMetadata(
  request: RequestState,
  servedBy: string,
  options: { pendingAttempts?: number } = noOptions,
): SwitchyardMetadata {
  return {
    servedBy,
    requestId: request.requestId,
    fallbackDepth: request.fallbackDepth(servedBy),
    attempts: request.attempts.length + request.unrecordedAttempts + (options.pendingAttempts ?? 0),
  };
}
