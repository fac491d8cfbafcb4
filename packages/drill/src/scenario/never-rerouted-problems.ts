import { listNames, type Problem } from '@switchyard/core';
import type { Scenario } from './scenario-schema.js';

/**
 * Checks, before a drill runs, that every `rerouted-on-budget` assertion could
 * hold: only a budget with `onExhausted: reroute` sets a candidate aside (a
 * `deny` budget fails the request, a `warn` budget lets the attempt go ahead),
 * so an assertion over a `deny` or `warn` budget, or over any budget of a
 * config with no `reroute` budget, would fail on every run. Unknown budget ids
 * and configs without budgets are the references' problems, not this one's.
 *
 * @param scenario the parsed scenario.
 * @returns problems with paths from the scenario's root.
 * @example
 * ```ts
 * const problems = neverReroutedProblems(parsed); // assertions[0].budget: budget "strict" has onExhausted: deny ...
 * ```
 */
export function neverReroutedProblems(scenario: Scenario): Problem[] {
  const budgets = scenario.config.budgets;
  if (budgets.length === 0) return [];
  const rerouting = budgets.filter((budget) => budget.onExhausted === 'reroute').map((budget) => budget.id);
  const problems: Problem[] = [];
  scenario.assertions.forEach((assertion, index) => {
    if (assertion.type !== 'rerouted-on-budget') return;
    if (assertion.budget === undefined) {
      if (rerouting.length > 0) return;
      const others = budgets.map(
        (budget) => `${budget.id} ${budget.onExhausted === 'deny' ? 'denies' : 'warns'}`,
      );
      problems.push({
        path: ['assertions', index, 'type'],
        message: `no budget of the config has onExhausted: reroute (${others.join(', ')}), so no request is ever rerouted because of a budget and the assertion could never hold`,
        expected: 'a budget with onExhausted: reroute, or another assertion',
      });
      return;
    }
    const budget = budgets.find((entry) => entry.id === assertion.budget);
    if (budget === undefined || budget.onExhausted === 'reroute') return;
    const does =
      budget.onExhausted === 'deny'
        ? 'it fails the request instead of rerouting it'
        : 'it lets the attempt go ahead instead of rerouting it';
    problems.push({
      path: ['assertions', index, 'budget'],
      message: `budget "${budget.id}" has onExhausted: ${budget.onExhausted}: ${does}, so no request is ever rerouted because of it and the assertion could never hold`,
      expected:
        rerouting.length > 0
          ? `a budget with onExhausted: reroute (${listNames(rerouting)})`
          : 'a budget with onExhausted: reroute, or another assertion',
    });
  });
  return problems;
}
