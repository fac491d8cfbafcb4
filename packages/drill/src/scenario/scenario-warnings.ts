import { deadRuleWarnings } from './dead-rule-warnings.js';
import type { Scenario } from './scenario-schema.js';

/**
 * What a valid scenario carries that the drill will not act on, in words for people: a drill
 * with such a setting still runs (an outsider's scenario is not refused for it), and
 * `switchyard drill` prints each warning before it starts.
 *
 * - `workload.arrival: poisson` on a closed-loop workload (`concurrency`): arrivals are spaced
 *   for a `rate` only; each caller of a closed loop sends its next request when answered.
 * - a policy rule no request of the drill can meet: effective only after the drill stops sending
 *   (or after its policy is replaced), or expired before its policy takes over
 *   ({@link deadRuleWarnings}).
 *
 * @param scenario the validated scenario.
 * @returns one line per warning (none: an empty list), each naming the field.
 */
export function scenarioWarnings(scenario: Scenario): string[] {
  const warnings: string[] = [];
  const { workload } = scenario;
  if (workload.rate === undefined && workload.arrival !== 'uniform')
    warnings.push(
      `workload.arrival: "${workload.arrival}" spaces the requests of a "rate" workload only; this closed loop (concurrency ${workload.concurrency ?? 1}) sends each caller's next request when its last one is answered, so the arrival has no effect (give "rate" for ${workload.arrival} arrivals)`,
    );
  warnings.push(...deadRuleWarnings(scenario));
  return warnings;
}
