import { closestName, listNames, type Problem } from '@switchyard/core';
import type { Scenario } from './scenario-schema.js';

/** Assertions that read streamed answers only. */
const streamAssertions = new Set<string>([
  'continuations',
  'complete-answers',
  'no-repeated-text',
  'aborted-streams-charged',
]);

/**
 * Checks, before a drill runs, that every assertion could fail: a bound that
 * every run meets would report a pass that rehearsed nothing. Refused, each
 * with why it cannot fail and the closest bound that means something:
 * `success-rate` with `min: 0`; `served-by-share` and `rerouted-on-budget`
 * with `minShare: 0` (any share meets it); `continuations` with `min: 0` and
 * no `max`; and a target of `served-only-by` or `served-by-share` that the
 * route cannot try (no request reaches it). A bound that holds because of the
 * route's shape (a `fallback-depth` `max` at or above its number of targets,
 * a `served-only-by` listing all of them) is accepted: it states what the
 * route guarantees, and a scenario that trims a route keeps its assertions. An assertion that reads streamed answers only
 * (`continuations`, `complete-answers`, `no-repeated-text`,
 * `aborted-streams-charged`, a `latency` on `ttft`) over a workload that
 * streams nothing (`workload.streaming: 0`, the default) would check nothing:
 * refused too. Filters no request can match are checked by
 * `workloadReachProblems`; unknown targets and routes by the references.
 *
 * @param scenario the parsed scenario.
 * @returns problems with paths from the scenario's root.
 * @example
 * ```ts
 * const problems = vacuousAssertionProblems(parsed); // assertions[0].min: min 0 is met by any run ...
 * ```
 */
export function vacuousAssertionProblems(scenario: Scenario): Problem[] {
  const routeName = scenario.workload.route;
  const route = Object.hasOwn(scenario.config.routes, routeName)
    ? scenario.config.routes[routeName]
    : undefined;
  const known = new Set(scenario.config.targets.map((target) => target.id));
  // What the route can try: its candidates and last resorts (unknown ids are reported with the config).
  const reachable = route
    ? [...new Set([...route.targets, ...route.lastResort])].filter((id) => known.has(id))
    : undefined;
  const onRoute = reachable ? `route "${routeName}" (${listNames(reachable)})` : '';
  const problems: Problem[] = [];
  const unreachable = (index: number, targets: readonly string[]) => {
    if (!reachable) return;
    targets.forEach((id, targetIndex) => {
      if (!known.has(id) || reachable.includes(id)) return;
      const suggestion = closestName(id, reachable);
      problems.push({
        path: ['assertions', index, 'targets', targetIndex],
        message: `target "${id}" is not on ${onRoute}: no request of the workload can reach it`,
        expected: `a target of route "${routeName}": ${listNames(reachable)}`,
        ...(suggestion ? { suggestion } : {}),
      });
    });
  };

  scenario.assertions.forEach((assertion, index) => {
    // Streamed answers only: over a workload that streams nothing they would check nothing.
    const ttft = assertion.type === 'latency' && assertion.metric === 'ttft';
    if (scenario.workload.streaming === 0 && (ttft || streamAssertions.has(assertion.type))) {
      problems.push({
        path: ['assertions', index, ttft ? 'metric' : 'type'],
        message: `${ttft ? 'metric ttft (time to first token)' : `"${assertion.type}"`} reads streamed answers only, and no request of the workload streams (workload.streaming is 0): the assertion would check nothing`,
        expected: `workload.streaming above 0, e.g. 0.5${ttft ? ', or metric: latency' : ''}`,
      });
      return;
    }
    switch (assertion.type) {
      case 'success-rate':
        if (assertion.min === 0)
          problems.push({
            path: ['assertions', index, 'min'],
            message: 'min 0 is met by any run (a success rate is never below 0): the assertion cannot fail',
            expected: 'a min above 0, e.g. 0.99',
          });
        return;
      case 'served-by-share':
      case 'rerouted-on-budget':
        if (assertion.minShare === 0)
          problems.push({
            path: ['assertions', index, 'minShare'],
            message: `minShare 0 is met by any share (a share is never below 0): the assertion checks only that ${assertion.type === 'served-by-share' ? 'some request matched' : 'some request was rerouted'}`,
            expected: `a minShare above 0, e.g. ${assertion.type === 'served-by-share' ? '0.95' : '1 (the default)'}`,
          });
        if (assertion.type === 'served-by-share') unreachable(index, assertion.targets);
        return;
      case 'continuations':
        if (assertion.min === 0 && assertion.max === undefined)
          problems.push({
            path: ['assertions', index],
            message:
              'continuations with min 0 and no max is met by any count of continued answers: the assertion cannot fail',
            expected: 'a min of at least 1 (e.g. min: 1), or a max (max: 0 for none)',
          });
        return;
      case 'served-only-by':
        unreachable(index, assertion.targets);
        return;
      default:
        return;
    }
  });
  return problems;
}
