import { redactSecrets, thrownMessage } from '@switchyard/core/failure';
import type { PreparedTarget } from '../prepare/prepared-target.js';
import { attemptHookInfo } from '../record/push-attempt.js';
import type { RequestState } from '../request/request-state.js';
import type { RouterState } from '../router-state.js';
import { admitAttempt } from './admit-attempt.js';

/**
 * How an admitted attempt runs: directly (`closed`: the breaker hears only
 * of a failure), as the breaker's trial (`trial`), or as the trial of the
 * fleet's shared circuit too (`fleet-trial`: this process holds its
 * half-open lease, and tells the fleet how the trial went).
 */
export type AttemptGate = 'closed' | 'trial' | 'fleet-trial';

/**
 * Admits an attempt at the instant it starts, before its budget: by the
 * policy in force then ({@link admitAttempt}; the request notes the policy
 * version that admitted it when a `setPolicy` landed meanwhile), by the
 * target's circuit and bulkhead, by the fleet's shared circuit (open
 * everywhere, or half-open with one prober holding the lease), then by every
 * `beforeAttempt` hook (one that throws declines). A candidate refused is
 * recorded as skipped, with why; the fleet's probe lease, when this attempt
 * took it, is given back. Synchronous: nothing waits from here to the
 * model's call but the budget.
 *
 * @returns how the attempt runs, or undefined when the candidate was skipped.
 */
export function gateAttempt(
  state: RouterState,
  request: RequestState,
  entry: PreparedTarget,
  retry: number,
  startedAt: number,
): AttemptGate | undefined {
  const targetId = entry.target.id;
  const denial = admitAttempt(request, entry, startedAt);
  if (denial !== undefined) {
    request.skip({ targetId, reason: 'policy', detail: denial });
    return undefined;
  }
  if (request.route.policy !== request.policy && state.policy.version !== request.policyVersion)
    request.admittedUnder = state.policy.version;
  let gate = entry.resilience.gate(entry.health.inFlight);
  // A fleet store's shared circuit: open everywhere, or half-open with one prober (by lease).
  const fleetGate =
    gate === 'full' || entry.health.record.sharedCircuit === undefined
      ? undefined
      : entry.health.fleetGate(startedAt);
  if (fleetGate !== undefined) gate = fleetGate;
  if (gate === 'open' || gate === 'full') {
    request.skip(
      gate === 'open'
        ? {
            targetId,
            reason: 'circuit_open',
            detail:
              fleetGate === 'open'
                ? 'its circuit is open in the fleet (another process is probing it, or will)'
                : entry.resilience.circuit === 'half-open'
                  ? 'its circuit is half-open: a trial stream is still running'
                  : 'its circuit is open after repeated failures',
          }
        : {
            targetId,
            reason: 'bulkhead_full',
            detail: `${entry.health.inFlight} attempts already in flight`,
          },
    );
    return undefined;
  }
  if (state.hooks.length > 0) {
    const decline = hookDecline(state, request, entry, retry, startedAt);
    if (decline !== undefined) {
      // The fleet's probe lease was taken for this trial: given back, so another process may probe.
      if (fleetGate === 'trial') entry.health.record.releaseProbe?.();
      request.skip({ targetId, reason: 'declined', detail: decline });
      return undefined;
    }
  }
  return fleetGate === 'trial' ? 'fleet-trial' : gate;
}

/** The first `beforeAttempt` hook's decline (a hook that throws declines), or undefined. */
function hookDecline(
  state: RouterState,
  request: RequestState,
  entry: PreparedTarget,
  retry: number,
  startedAt: number,
): string | undefined {
  const info = attemptHookInfo(request, entry, retry, startedAt);
  for (const hooks of state.hooks) {
    let verdict: ReturnType<NonNullable<typeof hooks.beforeAttempt>>;
    try {
      verdict = hooks.beforeAttempt?.(info);
    } catch (error) {
      verdict = {
        // Its message reaches the record (`skipped[].detail`): secrets removed, as from every message kept.
        decline: `a beforeAttempt hook threw: ${redactSecrets(thrownMessage(error))}`,
      };
    }
    if (verdict !== undefined) return verdict.decline;
  }
  return undefined;
}
