import type { Problem } from '@switchyard/core';
import { readableOffset } from './readable-offset.js';
import type { Scenario } from './scenario-schema.js';
import { sendingEnd } from './sending-end.js';

/**
 * Checks, before a drill runs, that no timeline event and no `served-by-share`
 * `from` lies past the end of what the drill sends: after the last request of
 * an evenly spaced workload (`rate` with uniform arrivals: request `total - 1`
 * goes at `(total - 1) / rate` seconds), after the scenario's `duration`, or
 * after the longest a drill may span (`maxDrillSpanMs`, 3,650 days).
 * Such an event would never be played (or affect no request), and the drill
 * would pass without rehearsing it. Poisson and closed-loop (`concurrency`)
 * workloads have no end known before the run; only their `duration` and the
 * longest span bound them.
 *
 * @param scenario the parsed scenario (durations in milliseconds).
 * @returns problems with paths from the scenario's root.
 * @example
 * ```ts
 * const problems = pastTheEndProblems(parsed); // timeline[3].at: +20m is after the workload's last request ...
 * ```
 */
export function pastTheEndProblems(scenario: Scenario): Problem[] {
  const bound = sendingEnd(scenario);
  const problems: Problem[] = [];
  const check = (path: (string | number)[], atMs: number) => {
    if (atMs > bound.ms)
      problems.push({
        path,
        message: `+${readableOffset(atMs)} is after ${bound.what}: nothing the drill sends would see it`,
        expected: bound.expected,
      });
  };
  scenario.timeline.forEach((event, index) => {
    check(['timeline', index, 'at'], event.at);
  });
  scenario.assertions.forEach((assertion, index) => {
    if (assertion.type === 'served-by-share' && assertion.from !== undefined)
      check(['assertions', index, 'from'], assertion.from);
  });
  return problems;
}
