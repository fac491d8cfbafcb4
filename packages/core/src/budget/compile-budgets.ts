import picomatch from 'picomatch';
import type { RequestContext } from '../context/request-context.js';
import { unknownCaller } from '../jurisdiction/builtin-groups.js';
import { createJurisdictions, type Jurisdictions } from '../jurisdiction/create-jurisdictions.js';
import type { Target } from '../target/target-schema.js';
import type { Budget, BudgetDimension } from './budget-schema.js';
import { type CompiledBudgetWindow, compileBudgetWindow } from './compile-budget-window.js';
import { usdToMicroUsd } from './micro-usd.js';

/** A budget's limit in store units; an absent unit is not limited. */
export interface BudgetLimits {
  /** Integer micro-dollars per window. */
  readonly microUsd?: number;
  /** Tokens per window. */
  readonly tokens?: number;
  /** Attempts per window. */
  readonly requests?: number;
}

/** One budget, compiled for the request path. */
export interface CompiledBudget {
  /** The budget's id. */
  readonly id: string;
  /** The budget as configured (defaults applied). */
  readonly budget: Budget;
  /** Its limits in store units. */
  readonly limits: BudgetLimits;
  /** Its window. */
  readonly window: CompiledBudgetWindow;
  /** Its thresholds, ascending, without repeats. */
  readonly thresholds: readonly number[];
  /** Whether the budget counts attempts of `route` on `target` (its route, provider and target conditions). */
  countsTarget(route: string, target: Pick<Target, 'id' | 'provider'>): boolean;
  /** Whether it counts requests of this caller (its tenant and jurisdiction conditions). */
  countsCaller(context: RequestContext): boolean;
  /** The key of the counter an attempt counts against: the id, plus the `per` values (`acme-daily|tenant=acme`). */
  keyOf(route: string, target: Pick<Target, 'id' | 'provider'>, context: RequestContext): string;
}

/** A budget an attempt counts against, and the counter it counts on. */
export interface AppliedBudget {
  /** The budget. */
  readonly budget: CompiledBudget;
  /** The counter's key ({@link CompiledBudget.keyOf}). */
  readonly key: string;
}

/** Every budget of a config, compiled. */
export interface CompiledBudgets {
  /** The budgets, in config order. */
  readonly all: readonly CompiledBudget[];
  /** The budget with this id. */
  byId(id: string): CompiledBudget | undefined;
  /**
   * The budgets an attempt of `route` on `target` by this caller counts
   * against, with their counter keys, in config order. The route and target
   * part is computed once per pair; the request path pays only the caller
   * conditions.
   */
  applicable(
    route: string,
    target: Pick<Target, 'id' | 'provider'>,
    context: RequestContext,
  ): AppliedBudget[];
}

const empty: readonly CompiledBudget[] = Object.freeze([]);

/**
 * Compiles budgets for the request path: limits in micro-dollars, windows,
 * scope conditions (tenant globs with picomatch, jurisdictions expanded over
 * the config's groups) and counter keys. Validate the config first
 * (`validateConfig` reports every unknown reference and time zone).
 *
 * @param options.budgets the validated budgets.
 * @param options.groups the config's jurisdiction groups.
 * @returns the compiled budgets.
 *
 * @example
 * ```ts
 * const budgets = compileBudgets({ budgets: config.budgets, groups: config.groups });
 * budgets.applicable('chat', target, { tenant: 'acme' }).map((applied) => applied.key); // ['acme-daily|tenant=acme']
 * ```
 */
export function compileBudgets(options: {
  budgets: readonly Budget[];
  groups?: Readonly<Record<string, readonly string[]>>;
}): CompiledBudgets {
  const jurisdictions = createJurisdictions({ groups: options.groups ?? {} });
  const all = options.budgets.map((budget) => compileBudget(budget, jurisdictions));
  const ids = new Map(all.map((budget) => [budget.id, budget]));
  const byRoute = new Map<string, Map<string, readonly CompiledBudget[]>>();
  return {
    all,
    byId: (id) => ids.get(id),
    applicable(route, target, context) {
      let byTarget = byRoute.get(route);
      if (byTarget === undefined) {
        byTarget = new Map();
        byRoute.set(route, byTarget);
      }
      let candidates = byTarget.get(target.id);
      if (candidates === undefined) {
        const counted = all.filter((budget) => budget.countsTarget(route, target));
        candidates = counted.length === 0 ? empty : counted;
        byTarget.set(target.id, candidates);
      }
      const applied: AppliedBudget[] = [];
      for (const budget of candidates) {
        if (budget.countsCaller(context)) applied.push({ budget, key: budget.keyOf(route, target, context) });
      }
      return applied;
    },
  };
}

function compileBudget(budget: Budget, jurisdictions: Jurisdictions): CompiledBudget {
  const { scope } = budget;
  const routes = scope.route ? new Set(scope.route) : undefined;
  const providers = scope.provider ? new Set(scope.provider) : undefined;
  const targets = scope.target ? new Set(scope.target) : undefined;
  const tenant = scope.tenant ? picomatch(scope.tenant, { dot: true }) : undefined;
  const countries = scope.jurisdiction ? countriesOf(scope.jurisdiction, jurisdictions) : undefined;
  const callers = new Map<string, boolean>();
  const countsJurisdiction = (jurisdiction: string | undefined): boolean => {
    if (!countries) return true;
    const key = jurisdiction ?? unknownCaller;
    let known = callers.get(key);
    if (known === undefined) {
      known = callerMayBeIn(key, countries, jurisdictions);
      if (callers.size < 1_000) callers.set(key, known);
    }
    return known;
  };
  const limits: BudgetLimits = {
    ...(budget.limit.usd === undefined ? {} : { microUsd: usdToMicroUsd(budget.limit.usd) }),
    ...(budget.limit.tokens === undefined ? {} : { tokens: budget.limit.tokens }),
    ...(budget.limit.requests === undefined ? {} : { requests: budget.limit.requests }),
  };
  const per = budget.per;
  // Keys are built once per distinct partition (bounded): the request path only looks them up.
  const keys = new Map<string, string>();
  const keyOf = (route: string, target: Pick<Target, 'id' | 'provider'>, context: RequestContext): string => {
    if (per.length === 0) return budget.id;
    let raw = '';
    for (const dimension of per) raw += `${partitionValue(dimension, route, target, context)}\u0000`;
    let key = keys.get(raw);
    if (key === undefined) {
      key = budget.id;
      for (const dimension of per)
        key += `|${dimension}=${encodeURIComponent(partitionValue(dimension, route, target, context))}`;
      if (keys.size < 10_000) keys.set(raw, key);
    }
    return key;
  };
  return {
    id: budget.id,
    budget,
    limits,
    window: compileBudgetWindow(budget.window),
    thresholds: [...new Set(budget.thresholds)].sort((a, b) => a - b),
    countsTarget: (route, target) =>
      (!routes || routes.has(route)) &&
      (!providers || providers.has(target.provider)) &&
      (!targets || targets.has(target.id)),
    countsCaller: (context) =>
      (!tenant || (context.tenant !== undefined && tenant(context.tenant))) &&
      countsJurisdiction(context.jurisdiction),
    keyOf,
  };
}

function partitionValue(
  dimension: BudgetDimension,
  route: string,
  target: Pick<Target, 'id' | 'provider'>,
  context: RequestContext,
): string {
  switch (dimension) {
    case 'tenant':
      return context.tenant ?? '';
    case 'route':
      return route;
    case 'provider':
      return target.provider;
    case 'target':
      return target.id;
    case 'jurisdiction':
      return context.jurisdiction ?? unknownCaller;
  }
}

/** The country codes a scope's jurisdiction list stands for; `unknown` stays itself. */
function countriesOf(codes: readonly string[], jurisdictions: Jurisdictions): ReadonlySet<string> {
  const countries = new Set<string>();
  for (const code of codes) {
    if (code === unknownCaller) countries.add(unknownCaller);
    else for (const country of jurisdictions.expand(code)) countries.add(country);
  }
  return countries;
}

/** Whether a caller of `jurisdiction` could be in `countries`: an unknown caller could be anywhere. */
function callerMayBeIn(
  jurisdiction: string,
  countries: ReadonlySet<string>,
  jurisdictions: Jurisdictions,
): boolean {
  if (jurisdiction === unknownCaller || !jurisdictions.isKnown(jurisdiction)) return true;
  for (const country of jurisdictions.expand(jurisdiction)) if (countries.has(country)) return true;
  return false;
}
