import type { Callers } from '../context/callers-schema.js';
import type { Jurisdictions } from '../jurisdiction/create-jurisdictions.js';
import type { Problem } from '../validation/problem.js';
import { salvageObject } from '../validation/salvage-object.js';
import type { CatalogIndex } from './catalog-index.js';
import { expandPacks } from './expand-packs.js';
import { type InactiveRule, policyProblems } from './policy-problems.js';
import { type PolicyRule, PolicyRuleSchema } from './policy-schema.js';

/**
 * A rule that failed the schema, read as far as it can be (its id, `when` and
 * `targets`, property by property), so its references are checked in the same
 * run as its schema problems. What it lacks cannot cause a problem: a missing
 * id gets a name no rule can have, a missing effect `deny`.
 */
function readableRule(input: unknown, index: number): PolicyRule | undefined {
  const readable = salvageObject(PolicyRuleSchema, input);
  if (!readable) return undefined;
  return {
    ...readable,
    id: readable.id ?? `\u0000rules[${index}]`,
    description: readable.description ?? '',
    source: readable.source ?? '',
    effect: readable.effect ?? 'deny',
  };
}

/**
 * Checks the references of a policy given as a plain value (a config's
 * `policy`, a drill's `policy` event) as far as its shape allows: the rules
 * (each read as far as it can be, when it fails the schema) and pack names
 * are checked against the catalog, the
 * groups and the callers, so one run reports every problem (the schema's own
 * problems are reported by the schema).
 *
 * @param options.value the policy as written.
 * @param options.catalog the indexed catalog it applies to.
 * @param options.jurisdictions the resolver for codes and groups.
 * @param options.callers the declared data classes and tenants.
 * @returns problems with paths relative to the policy, and the inactive pack rules.
 */
export function policyValueProblems(options: {
  value: unknown;
  catalog: CatalogIndex;
  jurisdictions: Jurisdictions;
  callers: Callers;
}): { problems: Problem[]; inactive: InactiveRule[] } {
  const value = options.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { problems: [], inactive: [] };
  const raw = value as { rules?: unknown; packs?: unknown };
  const rules: { rule: PolicyRule; index: number }[] = [];
  if (Array.isArray(raw.rules)) {
    raw.rules.forEach((input, index) => {
      const parsed = PolicyRuleSchema.safeParse(input);
      if (parsed.success) rules.push({ rule: parsed.data, index });
      else {
        const rule = readableRule(input, index);
        if (rule) rules.push({ rule, index });
      }
    });
  }
  const packs = Array.isArray(raw.packs)
    ? raw.packs.filter((name): name is string => typeof name === 'string')
    : [];
  const expanded = expandPacks({ rules, packs });
  const checked = policyProblems({
    rules: expanded.entries,
    catalog: options.catalog,
    jurisdictions: options.jurisdictions,
    callers: options.callers,
  });
  return { problems: [...expanded.problems, ...checked.problems], inactive: checked.inactive };
}
