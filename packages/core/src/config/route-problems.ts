import { closestName } from '../validation/closest-name.js';
import { listNames, type Problem } from '../validation/problem.js';
import type { Route } from './route-schema.js';

/**
 * What the route schema alone cannot check: every candidate and last resort
 * names a target of the catalog, once (a second listing would be tried again,
 * or, in `lastResort`, dropped), `weights` name the route's own targets, and
 * `weights` are given only to the `weighted` strategy (elsewhere they would
 * be silently ignored).
 *
 * @param options.routes the routes by name; a route that failed the schema is given as far as
 *   it is readable, and only the fields it has are checked.
 * @param options.targetIds every target id of the catalog.
 * @returns problems at `routes.<name>...`.
 */
export function routeProblems(options: {
  routes: readonly [string, Partial<Route>][];
  targetIds: readonly string[];
}): Problem[] {
  const problems: Problem[] = [];
  const ids = new Set(options.targetIds);
  const unknown = (path: (string | number)[], id: string): Problem => {
    const suggestion = closestName(id, options.targetIds);
    return {
      path,
      message: `unknown target "${id}"`,
      expected: `a target id: ${listNames(options.targetIds)}`,
      ...(suggestion ? { suggestion } : {}),
    };
  };
  for (const [name, route] of options.routes) {
    const targets = route.targets ?? [];
    targets.forEach((id, index) => {
      if (!ids.has(id)) problems.push(unknown(['routes', name, 'targets', index], id));
    });
    route.lastResort?.forEach((id, index) => {
      if (!ids.has(id)) problems.push(unknown(['routes', name, 'lastResort', index], id));
    });
    problems.push(...repeatedTargetProblems(name, route));
    if (route.weights && route.strategy !== undefined && route.strategy !== 'weighted') {
      problems.push({
        path: ['routes', name, 'weights'],
        message: `weights are used only by strategy "weighted"; this route's strategy is "${route.strategy}", which would ignore them`,
        expected: 'strategy: weighted, or no weights',
      });
    }
    for (const id of Object.keys(route.weights ?? {})) {
      if (route.targets && !route.targets.includes(id)) {
        const suggestion = closestName(id, route.targets);
        problems.push({
          path: ['routes', name, 'weights', id],
          message: `"${id}" is not one of this route's targets`,
          expected: `one of ${route.targets.join(', ')}`,
          ...(suggestion ? { suggestion } : {}),
        });
      }
    }
  }
  return problems;
}

/**
 * A target listed twice in a route: twice in `targets` or in `lastResort` (the router would try it
 * twice, once more than its retries say), or in both (the router tries it as a candidate only, and
 * drops the last-resort listing). The problem is at the second listing and names the first.
 */
function repeatedTargetProblems(name: string, route: Partial<Route>): Problem[] {
  const problems: Problem[] = [];
  const first = new Map<string, string>();
  const lists = [
    ['targets', route.targets ?? []],
    ['lastResort', route.lastResort ?? []],
  ] as const;
  for (const [list, listed] of lists) {
    listed.forEach((id, index) => {
      const earlier = first.get(id);
      if (earlier === undefined) {
        first.set(id, `${list}[${index}]`);
        return;
      }
      const both = list === 'lastResort' && earlier.startsWith('targets');
      problems.push({
        path: ['routes', name, list, index],
        message: both
          ? `target "${id}" is already a candidate (${earlier}): the router tries it there and would drop it here, so the route would mean less than it says`
          : `target "${id}" is listed twice (first at ${earlier}): the router would try it again, beyond its retries`,
        expected: both
          ? `"${id}" in targets or in lastResort, not both`
          : `each target once; remove this entry`,
      });
    });
  }
  return problems;
}
