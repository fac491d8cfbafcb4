import type { ClassifiedFailure } from '@switchyard/core';
import type { PreparedTarget } from '../prepare/prepared-target.js';
import type { RouterState } from '../router-state.js';
import type { AttemptOutcome } from './attempt-outcome.js';
import type { StreamTrial } from './stream-trial.js';
import { tripsBreaker } from './target-resilience.js';

/**
 * Tells the fleet how the half-open trial this process held the lease for
 * went: a success closes the circuit everywhere, a failure that trips the
 * breaker re-opens it for `breakerHalfOpenAfterMs`; then gives the lease back.
 * A trial that opened a stream is told when the stream ends.
 */
export function noteFleetTrial(
  state: RouterState,
  entry: PreparedTarget,
  outcome: AttemptOutcome<unknown> | 'open',
  trial: StreamTrial | undefined,
): void {
  if (trial !== undefined && outcome !== 'open' && outcome.failure === undefined) {
    void trial.ended.then((failure) => fleetTrialEnded(state, entry, failure));
    return;
  }
  if (outcome === 'open') entry.health.record.releaseProbe?.();
  else fleetTrialEnded(state, entry, outcome.failure);
}

/** The fleet's trial ended: with `failure`, or served (undefined). */
function fleetTrialEnded(
  state: RouterState,
  entry: PreparedTarget,
  failure: ClassifiedFailure | undefined,
): void {
  const record = entry.health.record;
  if (failure === undefined) record.noteCircuit?.('closed');
  else if (tripsBreaker(failure))
    record.noteCircuit?.('open', state.clock.now() + entry.health.options.breakerHalfOpenAfterMs);
  record.releaseProbe?.();
}
