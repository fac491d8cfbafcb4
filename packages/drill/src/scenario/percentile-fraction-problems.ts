import type { Problem } from '@switchyard/core';
import type { Scenario } from './scenario-schema.js';

/** The problem of one percentile written as a fraction, at `path`. */
function fractionProblem(path: (string | number)[], percentile: number): Problem {
  const meant = Math.round(percentile * 10_000) / 100;
  return {
    path,
    message: `percentile ${percentile} reads as p${percentile} (the value only ${percentile} % stay under: about the fastest), not p${meant}: a percentile is written from 0 to 100, not as a fraction`,
    expected: `${meant} for p${meant}`,
  };
}

/**
 * Refuses a percentile written as a fraction (`percentile: 0.99` for p99),
 * in a `latency` assertion or a fleet drill's `propagation` assertion. The
 * schema reads percentiles from 0 to 100, so 0.99 is a valid p0.99: about
 * the fastest request, which nearly every run keeps under its ceiling. The
 * assertion would pass having checked nothing like what was meant, so a
 * value between 0 and 1 is an error naming the percentile it likely meant.
 *
 * @param scenario the parsed scenario.
 * @returns problems at each such `percentile`.
 * @example
 * ```ts
 * percentileFractionProblems(parsed); // assertions[2].percentile: percentile 0.99 reads as p0.99 ...; expected 99 for p99
 * ```
 */
export function percentileFractionProblems(scenario: Scenario): Problem[] {
  const problems: Problem[] = [];
  const isFraction = (percentile: number) => percentile > 0 && percentile < 1;
  scenario.assertions.forEach((assertion, index) => {
    if (assertion.type === 'latency' && isFraction(assertion.percentile))
      problems.push(fractionProblem(['assertions', index, 'percentile'], assertion.percentile));
  });
  scenario.fleet?.assertions.forEach((assertion, index) => {
    if (assertion.type === 'propagation' && isFraction(assertion.percentile))
      problems.push(fractionProblem(['fleet', 'assertions', index, 'percentile'], assertion.percentile));
  });
  return problems;
}
