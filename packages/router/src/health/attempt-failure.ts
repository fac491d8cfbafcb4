import type { ClassifiedFailure } from '@switchyard/core';

/**
 * Thrown inside an attempt with its failure classified, so cockatiel's retry
 * and breaker decide from the kind. Never leaves the router.
 */
export class AttemptFailure extends Error {
  constructor(
    readonly failure: ClassifiedFailure,
    override readonly cause: unknown,
  ) {
    super(failure.message);
    this.name = 'AttemptFailure';
  }

  /** Failures that say the target is unhealthy (not the caller's, not a cut-off). */
  get tripsBreaker(): boolean {
    const kind = this.failure.kind;
    return kind === 'transient' || kind === 'timeout' || kind === 'rate_limited';
  }
}
