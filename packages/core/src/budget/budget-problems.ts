import type { Route } from '../config/route-schema.js';
import { unknownCaller } from '../jurisdiction/builtin-groups.js';
import type { Jurisdictions } from '../jurisdiction/create-jurisdictions.js';
import type { Target } from '../target/target-schema.js';
import type { Budget } from './budget-schema.js';
import { compileBudgetWindow } from './compile-budget-window.js';

/** One problem of a budget: where, what is wrong, what was expected, the closest valid name. */
export interface BudgetProblem {
  /** Where, from the config's root, e.g. `['budgets', 0, 'scope', 'route', 1]`. */
  readonly path: readonly (string | number)[];
  /** What is wrong. */
  readonly message: string;
  /** What was expected. */
  readonly expected?: string;
  /** The closest valid value. */
  readonly suggestion?: string;
}

/** Every IANA time zone this runtime knows, and `UTC`. */
export function timeZoneNames(): readonly string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone')];
}

function listed(names: Iterable<string>, limit = 12): string {
  const all = [...names];
  if (all.length === 0) return '(none)';
  return all.length <= limit
    ? all.join(', ')
    : `${all.slice(0, limit).join(', ')} and ${all.length - limit} more`;
}

/**
 * What the budget schema alone cannot check, so that no budget silently
 * counts less than it says: unique ids; every route, provider, target and
 * jurisdiction a scope names exists; the scope's conditions together match
 * at least one attempt (a route with a target that is not one of its
 * candidates counts nothing); the time zone is an IANA zone; no repeated
 * `per` field or threshold; `minOutputTokens` within `defaultMaxOutputTokens`.
 *
 * @param options.budgets the budgets that passed the schema, with their index in `budgets`.
 * @param options.routes the config's routes, by name.
 * @param options.targets the config's targets.
 * @param options.jurisdictions the resolver over the config's groups.
 * @param options.closest the closest valid name to a misspelt one (did-you-mean), if any.
 * @returns problems at `budgets[i]...`.
 */
export function budgetProblems(options: {
  budgets: readonly { budget: Budget; index: number }[];
  routes: readonly [string, Route][];
  targets: readonly Target[];
  jurisdictions: Jurisdictions;
  closest?: (input: string, candidates: readonly string[]) => string | undefined;
}): BudgetProblem[] {
  const problems: BudgetProblem[] = [];
  const closest = options.closest ?? (() => undefined);
  const unknown = (
    path: (string | number)[],
    what: string,
    value: string,
    valid: readonly string[],
  ): BudgetProblem => {
    const suggestion = closest(value, valid);
    return {
      path,
      message: `unknown ${what} "${value}"`,
      expected: `${what === 'jurisdiction' ? 'a code or group' : `a ${what}`}: ${listed(valid)}`,
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
    scope.jurisdiction?.forEach((code, position) => {
      if (code !== unknownCaller && !options.jurisdictions.isKnown(code))
        problems.push(
          unknown(at('scope', 'jurisdiction', position), 'jurisdiction', code, [
            ...options.jurisdictions.groupNames,
            unknownCaller,
          ]),
        );
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
        const suggestion = closest(budget.window.timeZone, timeZoneNames());
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
  routes: readonly [string, Route][],
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
    for (const id of [...route.targets, ...route.lastResort]) if (targetMatches(byId.get(id))) return true;
  }
  return false;
}
