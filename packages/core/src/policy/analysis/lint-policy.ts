import type { Route } from '../../config/route-schema.js';
import { type CompiledPolicy, policyInternals } from '../compile-policy.js';
import { BitSet } from './bit-set.js';
import { type RuleFacts, ruleFacts } from './rule-facts.js';
import { conditionCovers, conditionsOverlap, windowCovers, windowsOverlap } from './rule-relations.js';

/** The lint rules, each a way a rule can mean less than it says. */
export type LintRule = 'never-active' | 'never-decides' | 'require-always-met' | 'shadowed' | 'contradictory';

/** One lint finding on a rule of the policy. */
export interface PolicyFinding {
  /** Which lint rule. */
  readonly kind: LintRule;
  /** The rule it is about. */
  readonly ruleId: string;
  /** Where the rule is, relative to the policy (`['rules', 2]`). */
  readonly path: readonly (string | number)[];
  /** What is wrong and what to do. */
  readonly message: string;
}

const list = (ids: readonly string[], limit = 5) =>
  ids.length <= limit ? ids.join(', ') : `${ids.slice(0, limit).join(', ')} and ${ids.length - limit} more`;

/**
 * Finds the rules of the policy (its own, not its packs') that can never
 * change a decision or contradict another rule. `switchyard validate`
 * prints them as warnings; `--strict` makes them errors.
 *
 * - `never-active`: `expires` is not after `effective`.
 * - `never-decides`: an `allow` under `defaultEffect: allow`, or a rule that
 *   matches no candidate of any route.
 * - `require-always-met`: a `require` every route candidate already meets.
 * - `shadowed`: another rule applies whenever this one does, in all of its
 *   window, and already decides every target this one would.
 * - `contradictory`: two `require` rules that can apply to the same request
 *   and together deny every candidate of a route; an `allow` that a `deny`
 *   or `require` overrides for requests both apply to, where the deny is not
 *   a narrower exception to the allow.
 *
 * @param options.policy the compiled policy.
 * @param options.routes the config's routes (their candidates are what a rule can change).
 * @returns the findings, in policy order.
 */
export function lintPolicy(options: {
  policy: CompiledPolicy;
  routes: Readonly<Record<string, Route>>;
}): PolicyFinding[] {
  const { policy } = options;
  const { catalog } = policyInternals(policy);
  const byId = new Map(catalog.targets.map((target, index) => [target.id, index]));
  const routeEntries = Object.entries(options.routes).map(([name, route]) => ({
    name,
    ids: [...new Set([...route.targets, ...route.lastResort])].filter((id) => byId.has(id)),
  }));
  const candidateIds =
    routeEntries.length === 0
      ? catalog.targets.map((target) => target.id)
      : [...new Set(routeEntries.flatMap((route) => route.ids))];
  const slot = new Map(candidateIds.map((id, index) => [id, index]));
  const facts = ruleFacts({ policy, targetIndices: candidateIds.map((id) => byId.get(id) as number) });
  const routeSets = routeEntries.map((route) => {
    const set = new BitSet(candidateIds.length);
    for (const id of route.ids) set.add(slot.get(id) as number);
    return { name: route.name, ids: route.ids, set };
  });
  const namesOf = (set: BitSet) => set.members().map((index) => candidateIds[index] as string);
  const decides = (rule: RuleFacts) =>
    rule.effect !== 'allow' ||
    policy.policy.defaultEffect === 'deny' ||
    (policy.policy.unknownJurisdiction === 'deny' && rule.namesUnknown);
  const live = (rule: RuleFacts) => rule.from < rule.until && decides(rule);

  const findings: PolicyFinding[] = [];
  for (const rule of facts) {
    if (rule.entry.pack !== undefined) continue;
    const id = rule.compiled.rule.id;
    const add = (kind: LintRule, message: string) =>
      findings.push({ kind, ruleId: id, path: rule.entry.path, message: `rule "${id}" ${message}` });
    if (rule.from >= rule.until) {
      add(
        'never-active',
        `never applies: expires (${rule.compiled.rule.expires}) is not after effective (${rule.compiled.rule.effective}); expected expires later than effective`,
      );
      continue;
    }
    if (!decides(rule)) {
      add(
        'never-decides',
        'never changes a decision: an allow rule decides only where something denies by default, and this policy allows by default (defaultEffect: allow); expected defaultEffect: deny, or remove the rule',
      );
      continue;
    }
    if (rule.targets.isEmpty()) {
      if (rule.effect === 'require')
        add(
          'require-always-met',
          'never denies a target: every route candidate already meets it; expected a requirement some candidate fails, or remove the rule',
        );
      else
        add(
          'never-decides',
          'never changes a decision: it matches no candidate of any route; expected a rule about targets some route uses',
        );
      continue;
    }
    const shadow = facts.find(
      (other) =>
        other !== rule &&
        live(other) &&
        windowCovers(other, rule) &&
        (rule.effect === 'allow' || other.effect !== 'allow') &&
        rule.targets.isSubsetOf(other.targets) &&
        conditionCovers(other, rule) &&
        // Two rules that cover each other: only the later one is reported.
        !(
          other.position > rule.position &&
          other.effect === rule.effect &&
          windowCovers(rule, other) &&
          other.targets.isSubsetOf(rule.targets) &&
          conditionCovers(rule, other)
        ),
    );
    if (shadow) {
      const what =
        rule.effect === 'allow'
          ? shadow.effect === 'allow'
            ? 'already allows every target it allows'
            : `denies every target it allows (${list(namesOf(rule.targets))})`
          : `already denies every target it denies (${list(namesOf(rule.targets))})`;
      add(
        'shadowed',
        `is shadowed by "${shadow.compiled.rule.id}"${shadow.entry.pack ? ` (pack ${shadow.entry.pack})` : ''}: whenever it applies, that rule applies too and ${what}; expected a rule that changes some decision, or remove it`,
      );
      continue;
    }
    for (const other of facts) {
      if (other === rule || !live(other) || !windowsOverlap(rule, other) || !conditionsOverlap(rule, other))
        continue;
      if (rule.effect === 'require' && other.effect === 'require') {
        if (other.entry.pack === undefined && other.position > rule.position) continue; // reported at the later one
        const route = routeSets.find(({ set }) => rule.targets.unionCovers(other.targets, set));
        if (route) {
          add(
            'contradictory',
            `contradicts "${other.compiled.rule.id}": for requests both apply to, together they deny every candidate of route ${route.name} (${list(route.ids)}); expected requirements some candidate meets together`,
          );
        }
      } else if (rule.effect === 'allow' && other.effect !== 'allow') {
        if (!rule.targets.intersects(other.targets) || conditionCovers(rule, other, { loose: true }))
          continue;
        const both = rule.targets.members().filter((index) => other.targets.has(index));
        add(
          'contradictory',
          `contradicts "${other.compiled.rule.id}" (${other.effect}): it allows ${list(both.map((index) => candidateIds[index] as string))}, which that rule denies for requests both apply to, and deny wins; expected an allow that does not overlap the deny, or a deny that is a narrower exception`,
        );
      }
    }
  }
  return findings;
}
