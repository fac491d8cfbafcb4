import type { Problem } from '@switchyard/core';
import type { Scenario } from './scenario-schema.js';

const dayMs = 86_400_000;

/**
 * The longest stretch of simulated time a drill may span: 3,650 days (about
 * ten years), far beyond any budget window, and far inside what a `Date`
 * holds. A workload whose requests are further apart would run for ages of
 * virtual timer steps (a timer waits at most 24.8 days) towards instants no
 * record can carry.
 */
export const maxDrillSpanMs = 3650 * dayMs;

/** `3650d`, `12.5d`: days, as a duration reads them. */
export function days(ms: number): string {
  const value = ms / dayMs;
  return `${Number.isInteger(value) ? value : Number(value.toPrecision(4))}d`;
}

/**
 * Checks, before a drill runs, that the requests of a `rate` workload fit in
 * {@link maxDrillSpanMs} (evenly spaced: the last one's offset; Poisson: the
 * mean span `total / rate`). Timeline offsets past it are `pastTheEndProblems`'.
 *
 * @param scenario the parsed scenario (durations in milliseconds).
 * @returns a problem at `workload.rate`, or none.
 * @example
 * ```ts
 * workloadSpanProblems(parsed); // workload.rate: at 1e-13 requests per second, 3 requests span ...
 * ```
 */
export function workloadSpanProblems(scenario: Scenario): Problem[] {
  const problems: Problem[] = [];
  const { workload } = scenario;
  if (workload.rate !== undefined) {
    const requests = workload.arrival === 'uniform' ? workload.total - 1 : workload.total;
    const spanMs = (requests * 1000) / workload.rate;
    if (spanMs > maxDrillSpanMs) {
      const minimum = (requests * 1000) / maxDrillSpanMs;
      problems.push({
        path: ['workload', 'rate'],
        message: `at ${workload.rate} requests per second, ${workload.total} requests span ${workload.arrival === 'uniform' ? '' : 'on average '}${days(spanMs)} of simulated time, more than a drill may span (${days(maxDrillSpanMs)})`,
        expected: `a rate of at least ${Number(minimum.toPrecision(3))} per second, or fewer requests`,
      });
    }
  }
  return problems;
}
