import { readableOffset } from './readable-offset.js';
import type { Scenario } from './scenario-schema.js';
import { days, maxDrillSpanMs } from './workload-span-problems.js';

/** The last offset at which the drill still sends, as known before it runs, with how to say it. */
export interface SendingEnd {
  readonly ms: number;
  /** What ends the sending there, e.g. `the workload's last request (request 10 at 1/s goes at +9s)`. */
  readonly what: string;
  /** The expected value of an offset past it. */
  readonly expected: string;
}

/**
 * The last offset at which a drill sends, known before it runs: the last
 * request of an evenly spaced workload, the scenario's `duration`, or the
 * longest a drill may span, whichever comes first. An event after it is seen
 * by no request the drill sends.
 *
 * @param scenario the parsed scenario (durations in milliseconds).
 * @returns the earliest of those bounds.
 * @example
 * ```ts
 * sendingEnd(parsed).ms; // 9000 for `rate: 1, total: 10`
 * ```
 */
export function sendingEnd(scenario: Scenario): SendingEnd {
  const { workload } = scenario;
  const bounds: { ms: number; what: string; expected: string }[] = [];
  if (workload.rate !== undefined && workload.arrival === 'uniform') {
    const lastMs = ((workload.total - 1) * 1000) / workload.rate;
    bounds.push({
      ms: lastMs,
      what: `the workload's last request (request ${workload.total} at ${workload.rate}/s goes at +${readableOffset(lastMs)})`,
      expected: `an offset up to ${readableOffset(lastMs)}, or a larger total`,
    });
  }
  bounds.push({
    ms: maxDrillSpanMs,
    what: `the longest a drill may span (${days(maxDrillSpanMs)} of simulated time)`,
    expected: `an offset up to ${days(maxDrillSpanMs)}`,
  });
  if (scenario.duration !== undefined)
    bounds.push({
      ms: scenario.duration,
      what: `the drill's duration (${readableOffset(scenario.duration)})`,
      expected: `an offset up to ${readableOffset(scenario.duration)}, or a longer duration`,
    });
  return bounds.sort((a, b) => a.ms - b.ms)[0] as SendingEnd;
}
