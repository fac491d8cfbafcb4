import { budgetProblems } from '../budget/budget-problems.js';
import { type Budget, BudgetSchema } from '../budget/budget-schema.js';
import { type Callers, CallersSchema } from '../context/callers-schema.js';
import { RequestContextSchema } from '../context/request-context.js';
import { requestContextProblems } from '../context/request-context-problems.js';
import { createJurisdictionsUnchecked, type Jurisdictions } from '../jurisdiction/create-jurisdictions.js';
import { groupProblems } from '../jurisdiction/group-problems.js';
import { type CatalogIndex, createCatalogIndex } from '../policy/catalog-index.js';
import { codeProblem, type InactiveRule } from '../policy/policy-problems.js';
import { policyValueProblems } from '../policy/policy-value-problems.js';
import { targetProblems } from '../target/target-problems.js';
import { capabilities, type Target, TargetSchema } from '../target/target-schema.js';
import {
  idsOf,
  isObjectPropertyName,
  keysOf,
  objectPropertyNameProblems,
} from '../validation/object-property-names.js';
import type { Problem } from '../validation/problem.js';
import { salvageObject } from '../validation/salvage-object.js';
import type { SwitchyardConfig } from './config-schema.js';
import type { DocumentPath } from './parse-document.js';
import { routeProblems } from './route-problems.js';
import { type Route, RouteSchema } from './route-schema.js';

/** What a config's checks learnt about it, for checks of documents that embed it (drill scenarios). */
export interface ConfigFacts {
  /** The resolver over the built-in and the config's (valid) groups. */
  readonly jurisdictions: Jurisdictions;
  /** The catalog, indexed (targets that failed the schema included as far as they are readable). */
  readonly catalog: CatalogIndex;
  /** The callers block, defaults applied. */
  readonly callers: Callers;
  /** Every route name. */
  readonly routeNames: readonly string[];
  /** Pack rules that never apply here. */
  readonly inactive: readonly InactiveRule[];
}

const record = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
const text = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : fallback);

/** A target that failed the schema, read as far as it can be, so references to it are not reported twice. */
function readableTarget(input: unknown): Target | undefined {
  const raw = record(input);
  if (!raw || typeof raw.id !== 'string') return undefined;
  return {
    id: raw.id,
    provider: text(raw.provider, ''),
    model: text(raw.model, ''),
    hostedIn: text(raw.hostedIn, ''),
    origin: text(raw.origin, ''),
    weights: raw.weights === 'open' ? 'open' : 'closed',
    licence: text(raw.licence, 'proprietary'),
    capabilities: strings(raw.capabilities).filter((entry): entry is Target['capabilities'][number] =>
      (capabilities as readonly string[]).includes(entry),
    ),
    contextWindow: 1,
    tags: strings(raw.tags),
  };
}

/**
 * Checks what the config schema alone cannot, and does so even when the
 * schema fails (on every part that is readable), so one run reports every
 * problem: names every JavaScript object already has (`constructor`,
 * `__proto__`) as a target id, route, group or budget id; jurisdiction
 * groups (no redefined built-in, no cycle, no unknown member), target ids
 * and codes, route references, the callers block, the
 * default context, every reference of the policy, and every reference of the
 * budgets (routes, targets, providers, jurisdictions, tenants, time zones).
 *
 * @param input.value the config as written.
 * @param input.parsed the schema's output, or `undefined` when the schema failed.
 * @returns the problems (paths from the config's root) and what was learnt.
 */
export function configProblems(input: { value: unknown; parsed: SwitchyardConfig | undefined }): {
  problems: Problem[];
  facts: ConfigFacts;
} {
  const raw = record(input.value) ?? {};
  const parsed = input.parsed;
  const problems: Problem[] = [
    ...objectPropertyNameProblems({ names: idsOf(raw.targets, ['targets']), what: 'target id' }),
    ...objectPropertyNameProblems({ names: keysOf(raw.routes, ['routes']), what: 'route name' }),
    ...objectPropertyNameProblems({ names: keysOf(raw.groups, ['groups']), what: 'group name' }),
    ...objectPropertyNameProblems({ names: idsOf(raw.budgets, ['budgets']), what: 'budget id' }),
  ];

  const groups: Record<string, string[]> = {};
  for (const [name, members] of Object.entries(parsed?.groups ?? record(raw.groups) ?? {})) {
    if (isObjectPropertyName(name)) continue; // refused above
    if (Array.isArray(members) && members.every((member) => typeof member === 'string'))
      groups[name] = members;
  }
  const checkedGroups = groupProblems(groups);
  problems.push(...checkedGroups.problems);
  const jurisdictions = createJurisdictionsUnchecked(checkedGroups.sanitized);

  const callersParsed = CallersSchema.safeParse(parsed?.callers ?? raw.callers ?? {});
  const callers: Callers = callersParsed.success
    ? callersParsed.data
    : { ...CallersSchema.parse({}), ...salvageObject(CallersSchema, raw.callers) };
  (callers.jurisdictions ?? []).forEach((code, index) => {
    const problem = codeProblem(code, 'caller', jurisdictions);
    if (problem) problems.push({ path: ['callers', 'jurisdictions', index], ...problem });
  });

  const written: { target: Partial<Target>; index: number }[] = [];
  const readable: Target[] = [];
  const rawTargets: unknown[] = parsed?.targets ?? (Array.isArray(raw.targets) ? raw.targets : []);
  rawTargets.forEach((entry, index) => {
    const target = parsed ? (entry as Target) : TargetSchema.safeParse(entry).data;
    if (target) {
      written.push({ target, index });
      readable.push(target);
    } else {
      const partial = readableTarget(entry);
      if (partial) readable.push(partial);
      const salvaged = salvageObject(TargetSchema, entry);
      if (salvaged) written.push({ target: salvaged, index });
    }
  });
  problems.push(...targetProblems({ targets: written, jurisdictions }));
  const catalog = createCatalogIndex({ targets: readable, jurisdictions });

  const routes: [string, Partial<Route>][] = [];
  for (const [name, entry] of Object.entries(parsed?.routes ?? record(raw.routes) ?? {})) {
    const route = parsed
      ? (entry as Route)
      : (RouteSchema.safeParse(entry).data ?? salvageObject(RouteSchema, entry));
    if (route) routes.push([name, route]);
  }
  problems.push(...routeProblems({ routes, targetIds: readable.map((target) => target.id) }));

  const rawContext = record(record(raw.defaults)?.context) ?? {};
  const context = parsed
    ? parsed.defaults.context
    : (RequestContextSchema.safeParse(rawContext).data ?? salvageObject(RequestContextSchema, rawContext));
  if (context) {
    for (const problem of requestContextProblems({ context, jurisdictions, callers }))
      problems.push({ ...problem, path: ['defaults', 'context', ...problem.path] });
  }

  const budgets: { budget: Budget; index: number }[] = [];
  const rawBudgets: unknown[] = parsed?.budgets ?? (Array.isArray(raw.budgets) ? raw.budgets : []);
  rawBudgets.forEach((entry, index) => {
    const budget = parsed ? (entry as Budget) : BudgetSchema.safeParse(entry).data;
    if (budget) budgets.push({ budget, index });
  });
  problems.push(...budgetProblems({ budgets, routes, targets: readable, jurisdictions, callers }));

  const policy = policyValueProblems({
    value: parsed?.policy ?? raw.policy ?? {},
    catalog,
    jurisdictions,
    callers,
  });
  for (const problem of policy.problems)
    problems.push({ ...problem, path: prefixed(['policy'], problem.path) });

  return {
    problems,
    facts: {
      jurisdictions,
      catalog,
      callers,
      routeNames: Object.keys(parsed?.routes ?? record(raw.routes) ?? {}),
      inactive: policy.inactive,
    },
  };
}

function prefixed(prefix: DocumentPath, path: DocumentPath): DocumentPath {
  return [...prefix, ...path];
}
