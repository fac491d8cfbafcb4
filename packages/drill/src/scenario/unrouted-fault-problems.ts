import { listNames, type Problem } from '@switchyard/core';
import { targetsOf } from '../faults/fault-state.js';
import { eventSelectorText } from './event-selector-text.js';
import type { Scenario } from './scenario-schema.js';

/**
 * Checks, before a drill runs, that every fault event hits a target the
 * workload's route can try (its `targets` or `lastResort`). A cut-off, an
 * outage or any other fault on targets the route never tries is met by no
 * request: the drill would pass without rehearsing it. The problem is at the
 * event's `target` or `provider`, and names the targets the route tries.
 * An unknown route or target is reported by the reference checks instead.
 *
 * @param scenario the parsed scenario.
 * @returns problems with paths from the scenario's root.
 * @example
 * ```ts
 * unroutedFaultProblems(parsed); // timeline[3].target: this cutoff event hits target "spare", which route "chat" (the workload's) never tries ...
 * ```
 */
export function unroutedFaultProblems(scenario: Scenario): Problem[] {
  const route = Object.hasOwn(scenario.config.routes, scenario.workload.route)
    ? scenario.config.routes[scenario.workload.route]
    : undefined;
  if (route === undefined) return [];
  const tried = [...route.targets, ...route.lastResort];
  const triedIds = new Set(tried);
  const problems: Problem[] = [];
  scenario.timeline.forEach((event, index) => {
    if (event.type === 'policy' || event.type === 'restore') return;
    if (event.target === undefined && event.provider === undefined) return;
    const hit = targetsOf(event, scenario.config.targets);
    // An unknown target or provider hits nothing: the reference checks name it.
    if (hit.length === 0 || hit.some((target) => triedIds.has(target.id))) return;
    problems.push({
      path: ['timeline', index, event.target === undefined ? 'provider' : 'target'],
      message: `this ${event.type} event hits ${eventSelectorText(event)}, which route "${scenario.workload.route}" (the workload's) never tries: no request can meet it, so the drill would pass without rehearsing it`,
      expected: `a target the route tries (${listNames(tried)}), or the target added to the route's targets or lastResort`,
    });
  });
  return problems;
}
