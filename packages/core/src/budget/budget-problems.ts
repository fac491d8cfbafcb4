import type { Route } from '../config/route-schema.js';
import type { Callers } from '../context/callers-schema.js';
import { tenantGlobProblem } from '../context/tenant-glob-problem.js';
import type { Jurisdictions } from '../jurisdiction/create-jurisdictions.js';
import { codeProblem } from '../policy/policy-problems.js';
import type { Target } from '../target/target-schema.js';
import { closestName } from '../validation/closest-name.js';
import { listNames, type Problem } from '../validation/problem.js';
import type { Budget } from './budget-schema.js';
import { compileBudgetWindow } from './compile-budget-window.js';

/** Every IANA time zone this runtime knows, and `UTC`. */
export function timeZoneNames(): readonly string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone')];
}

/**
 * What the budget schema alone cannot check, so that no budget silently
 * counts less than it says: unique ids; every route, provider, target and
 * jurisdiction a scope names exists, and, when the config lists
 * `callers.tenants`, every tenant glob matches one; the scope's conditions together match
 * at least one attempt (a route with a target that is not one of its
 * candidates counts nothing); the time zone is an IANA zone; no repeated
 * `per` field or threshold; `minOutputTokens` within `defaultMaxOutputTokens`.
 *
 * @param options.budgets the budgets that passed the schema, with their index in `budgets`.
 * @param options.routes the config's routes, by name.
 * @param options.targets the config's targets.
 * @param options.jurisdictions the resolver over the config's groups.
 * @param options.callers the config's callers block (its `tenants`, when listed).
 * @returns problems at `budgets[i]...`.
 */
export function budgetProblems(options: {
  budgets: readonly { budget: Budget; index: number }[];
  routes: readonly [string, Partial<Route>][];
  targets: readonly Target[];
  jurisdictions: Jurisdictions;
  callers?: Pick<Callers, 'tenants'>;
}): Problem[] {
  const problems: Problem[] = [];
  const unknown = (
    path: (string | number)[],
    what: string,
    value: string,
    valid: readonly string[],
  ): Problem => {
    const suggestion = closestName(value, valid);
    return {
      path,
      message: `unknown ${what} "${value}"`,
      expected: `a ${what}: ${listNames(valid)}`,
      ...(suggestion ? { suggestion } : {}),
    };
  };
  const routeNames = options.routes.map(([name]) => name);
  const targetIds = options.targets.map((target) => target.id);
  const providers = [...new Set(options.targets.map((target) => target.provider))];
  const seen = new Map<string, number>();
  for (const { budget, index } of options.budgets) {
    const at = (...path: (string | number)[]) => ['budgets', index, ...path];
    const first = seen.get(budget.id);
    if (first !== undefined)
      problems.push({
        path: at('id'),
        message: `budget id "${budget.id}" is used twice (first at budgets[${first}])`,
        expected: 'a unique id',
      });
    else seen.set(budget.id, index);
    const { scope } = budget;
    const before = problems.length;
    scope.route?.forEach((name, position) => {
      if (!routeNames.includes(name))
        problems.push(unknown(at('scope', 'route', position), 'route', name, routeNames));
    });
    scope.target?.forEach((id, position) => {
      if (!targetIds.includes(id))
        problems.push(unknown(at('scope', 'target', position), 'target', id, targetIds));
    });
    scope.provider?.forEach((name, position) => {
      if (!providers.includes(name))
        problems.push(unknown(at('scope', 'provider', position), 'provider', name, providers));
    });
    scope.tenant?.forEach((glob, position) => {
      const problem = options.callers && tenantGlobProblem(glob, options.callers);
      if (problem) problems.push({ path: at('scope', 'tenant', position), ...problem });
    });
    scope.jurisdiction?.forEach((code, position) => {
      const problem = codeProblem(code, 'caller', options.jurisdictions);
      if (problem) problems.push({ path: at('scope', 'jurisdiction', position), ...problem });
    });
    // Unknown names are reported once, not again as a scope that counts nothing.
    if (problems.length === before && !countsAnything(budget, options.routes, options.targets)) {
      problems.push({
        path: at('scope'),
        message:
          'this scope counts no attempt: no route it names has a candidate (or last resort) with the targets and providers it names',
        expected: 'route, target and provider conditions that some route of the config can meet together',
      });
    }
    const repeated = budget.per.find((field, position) => budget.per.indexOf(field) !== position);
    if (repeated !== undefined)
      problems.push({
        path: at('per'),
        message: `"${repeated}" is listed twice`,
        expected: 'each field once',
      });
    const repeatedThreshold = budget.thresholds.find(
      (threshold, position) => budget.thresholds.indexOf(threshold) !== position,
    );
    if (repeatedThreshold !== undefined)
      problems.push({
        path: at('thresholds'),
        message: `${repeatedThreshold} is listed twice`,
        expected: 'each threshold once',
      });
    if (budget.minOutputTokens > budget.defaultMaxOutputTokens)
      problems.push({
        path: at('minOutputTokens'),
        message: `${budget.minOutputTokens} is above defaultMaxOutputTokens (${budget.defaultMaxOutputTokens}): a call without maxOutputTokens could never start`,
        expected: `at most ${budget.defaultMaxOutputTokens}`,
      });
    if ('calendar' in budget.window) {
      try {
        compileBudgetWindow(budget.window);
      } catch {
        const suggestion = closestName(budget.window.timeZone, timeZoneNames());
        problems.push({
          path: at('window', 'timeZone'),
          message: `unknown time zone "${budget.window.timeZone}"`,
          expected: 'an IANA time zone, e.g. Europe/Berlin, America/New_York or UTC',
          ...(suggestion ? { suggestion } : {}),
        });
      }
    }
  }
  return problems;
}

/** Whether some attempt meets the budget's route, target and provider conditions together. */
function countsAnything(
  budget: Budget,
  routes: readonly [string, Partial<Route>][],
  targets: readonly Target[],
): boolean {
  const { scope } = budget;
  const byId = new Map(targets.map((target) => [target.id, target]));
  const targetMatches = (target: Target | undefined) =>
    target !== undefined &&
    (!scope.target || scope.target.includes(target.id)) &&
    (!scope.provider || scope.provider.includes(target.provider));
  for (const [name, route] of routes) {
    if (scope.route && !scope.route.includes(name)) continue;
    for (const id of [...(route.targets ?? []), ...(route.lastResort ?? [])])
      if (targetMatches(byId.get(id))) return true;
  }
  return false;
}
