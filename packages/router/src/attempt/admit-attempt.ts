import type { PreparedTarget } from '../prepare/prepared-target.js';
import type { RequestState } from '../request/request-state.js';

/**
 * Fail closed at the very instant an attempt starts (the instant its record
 * carries): when the clock or the policy moved since the plan, the target is
 * checked again (a cached slice lookup), so an effective date or a
 * `setPolicy` that lands between the plan and the attempt, or between two
 * retries, is honoured. From here to the model's call nothing waits.
 *
 * @returns undefined when admitted, else the policy's reason for the denial.
 */
export function admitAttempt(
  request: RequestState,
  entry: PreparedTarget,
  startedAt: number,
): string | undefined {
  const route = request.route;
  if (startedAt === request.startedAt && route.policy === request.policy) return undefined;
  const verdict = route.policy.evaluate(request.context, startedAt)[route.candidates.indexOf(entry)];
  if (verdict?.allowed) return undefined;
  return `denied by the policy in force when its turn came: ${verdict?.reason ?? 'no verdict'}`;
}
