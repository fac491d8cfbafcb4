import type { AttemptRecord } from './decision-record.js';

/**
 * Whether an attempt's output reached the caller of a request: the attempt
 * that served it, or, in a served answer, a stream attempt that delivered
 * content before it failed and another attempt continued it. Every other
 * attempt is waste (`totals.wastedCostUsd` of a decision record), and the
 * router, the drill's figures and the reports all count it with this one
 * rule, so their wasted spend agrees.
 *
 * @param attempt the attempt, as recorded (`outcome`, `targetId`, `deliveredChars`).
 * @param servedBy the target that served the request, or `null` when it failed.
 * @returns `true` when the caller received what the attempt produced.
 * @example
 * ```ts
 * const wasted = record.attempts.filter((attempt) => !attemptReachedCaller(attempt, record.servedBy));
 * ```
 */
export function attemptReachedCaller(
  attempt: Pick<AttemptRecord, 'outcome' | 'targetId' | 'deliveredChars'>,
  servedBy: string | null,
): boolean {
  if (servedBy === null) return false;
  return (
    (attempt.outcome === 'success' && attempt.targetId === servedBy) || (attempt.deliveredChars ?? 0) > 0
  );
}
