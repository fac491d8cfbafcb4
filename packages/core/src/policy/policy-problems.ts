import picomatch from 'picomatch';
import type { Callers } from '../context/callers-schema.js';
import { tenantGlobProblem } from '../context/tenant-glob-problem.js';
import { selfHosted, unknownCaller } from '../jurisdiction/builtin-groups.js';
import { closestJurisdiction } from '../jurisdiction/closest-jurisdiction.js';
import type { Jurisdictions } from '../jurisdiction/create-jurisdictions.js';
import { closestName } from '../validation/closest-name.js';
import { listNames, type Problem } from '../validation/problem.js';
import type { CatalogIndex } from './catalog-index.js';
import { compileRule } from './compile-rule.js';
import type { RuleEntry } from './expand-packs.js';
import type { TargetPredicate } from './policy-schema.js';

/** A rule of a shipped pack that can never apply to this catalog or these callers. */
export interface InactiveRule {
  /** The rule's id. */
  readonly ruleId: string;
  /** The pack it comes from. */
  readonly pack: string;
  /** Where the pack is listed, relative to the policy (`['packs', 0]`). */
  readonly path: readonly (string | number)[];
  /** Why it never applies, e.g. `no target in this catalog matches it`. */
  readonly reason: string;
}

/** Where a jurisdiction code appears: a caller condition, where a target is hosted, a model origin. */
export type CodeKind = 'caller' | 'hosted' | 'origin';

/**
 * What is wrong with a jurisdiction code in a given role, or `undefined`.
 * Callers may be `unknown` (no or an unknown jurisdiction) but not `self`;
 * targets may be hosted in `self`; an origin is neither.
 */
export function codeProblem(
  code: string,
  kind: CodeKind,
  jurisdictions: Jurisdictions,
): Omit<Problem, 'path'> | undefined {
  const valid =
    kind === 'caller'
      ? code === unknownCaller || (jurisdictions.isKnown(code) && code !== selfHosted)
      : jurisdictions.isKnown(code) && (kind === 'hosted' || code !== selfHosted);
  if (valid) return undefined;
  const groups = jurisdictions.groupNames.join(', ');
  const expected =
    kind === 'caller'
      ? `an ISO 3166-1 alpha-2 code (upper case, e.g. DE), a group (${groups}), or "unknown" for callers with no or an unknown jurisdiction`
      : kind === 'hosted'
        ? `an ISO 3166-1 alpha-2 code (upper case, e.g. DE), a group (${groups}), or "self" for on-premises`
        : `an ISO 3166-1 alpha-2 code (upper case, e.g. DE) or a group (${groups})`;
  const message =
    code === selfHosted
      ? `"self" marks on-premises hosting; it is not ${kind === 'caller' ? 'a caller jurisdiction' : 'a model origin'}`
      : code === unknownCaller
        ? `"unknown" names callers; it is not ${kind === 'hosted' ? 'a hosting location' : 'a model origin'}`
        : `unknown jurisdiction "${code}"`;
  const suggestion =
    code === selfHosted || code === unknownCaller
      ? undefined
      : closestJurisdiction(code, jurisdictions.groupNames);
  return { message, expected, ...(suggestion ? { suggestion } : {}) };
}

const isGlob = (pattern: string) => picomatch.scan(pattern).isGlob;

/**
 * Checks every rule of a policy against the catalog, the groups and the
 * callers, and reports every problem at once: in the policy's own rules
 * every jurisdiction code, data class and tenant glob of `when`, and every
 * value of `targets` (id and model globs, provider, hostedIn, notHostedIn,
 * origin, weights, licence, capability, tags) must name something that
 * exists, and the predicate as a whole must match a target; rule ids must be
 * unique. A rule of a shipped pack that matches nothing here is not an
 * error: it is returned in `inactive`.
 *
 * @param options.rules the rules (own first, then packs'), with where each was written.
 * @param options.catalog the indexed catalog.
 * @param options.jurisdictions the resolver for codes and groups.
 * @param options.callers the data classes and tenants requests may carry.
 * @returns the problems (paths relative to the policy) and the inactive pack rules.
 */
export function policyProblems(options: {
  rules: readonly RuleEntry[];
  catalog: CatalogIndex;
  jurisdictions: Jurisdictions;
  callers: Callers;
}): { problems: Problem[]; inactive: InactiveRule[] } {
  const { catalog, jurisdictions, callers } = options;
  const problems: Problem[] = [];
  const inactive: InactiveRule[] = [];
  const seenIds = new Map<string, RuleEntry>();
  const dataClasses = new Set(callers.dataClasses);
  const hostedAsWritten = [...new Set(catalog.targets.map((target) => target.hostedIn))];
  const originAsWritten = [...new Set(catalog.targets.map((target) => target.origin))];

  for (const entry of options.rules) {
    const { rule, path } = entry;
    const own = entry.pack === undefined;
    const add = (at: readonly (string | number)[], problem: Omit<Problem, 'path'>) => {
      if (own) problems.push({ path: [...path, ...at], ...problem });
    };
    const previous = seenIds.get(rule.id);
    if (previous) {
      add(['id'], {
        message: `duplicate rule id "${rule.id}"${previous.pack ? ` (pack ${previous.pack} has it)` : ''}`,
        expected: 'a rule id used once across the policy and its packs',
      });
    } else seenIds.set(rule.id, entry);
    if (!own && rule.when?.dataClass && !rule.when.dataClass.some((value) => dataClasses.has(value))) {
      inactive.push({
        ruleId: rule.id,
        pack: entry.pack as string,
        path,
        reason: `no request can carry data class ${rule.when.dataClass.join(' or ')} (callers.dataClasses: ${callers.dataClasses.join(', ')})`,
      });
      continue;
    }
    if (!own) {
      const reason = inactiveReason(entry, catalog, jurisdictions);
      if (reason) inactive.push({ ruleId: rule.id, pack: entry.pack as string, path, reason });
      continue;
    }
    let valid = true;
    const when = rule.when ?? {};
    for (const field of ['jurisdiction', 'notJurisdiction'] as const) {
      when[field]?.forEach((code, index) => {
        const problem = codeProblem(code, 'caller', jurisdictions);
        if (problem) {
          valid = false;
          add(['when', field, index], problem);
        }
      });
    }
    when.dataClass?.forEach((value, index) => {
      if (dataClasses.has(value)) return;
      valid = false;
      const suggestion = closestName(value, callers.dataClasses);
      add(['when', 'dataClass', index], {
        message: `unknown data class "${value}"`,
        expected: `one of ${callers.dataClasses.join(', ')} (declare others in callers.dataClasses)`,
        ...(suggestion ? { suggestion } : {}),
      });
    });
    when.tenant?.forEach((glob, index) => {
      const problem = tenantGlobProblem(glob, callers);
      if (!problem) return;
      valid = false;
      add(['when', 'tenant', index], problem);
    });
    const predicate: TargetPredicate = rule.targets ?? {};
    const values = catalog.values;
    const globField = (field: 'id' | 'model', names: readonly string[], label: string) => {
      predicate[field]?.forEach((glob, index) => {
        let found: boolean;
        if (isGlob(glob)) {
          const matches = picomatch(glob, { dot: true });
          found = names.some((name) => matches(name));
        } else found = names.includes(glob);
        if (found) return;
        valid = false;
        const suggestion = closestName(glob, names);
        add(['targets', field, index], {
          message: `${label} "${glob}" matches no target`,
          expected: `a ${label} matching one of ${listNames(names)}`,
          ...(suggestion ? { suggestion } : {}),
        });
      });
    };
    globField('id', values.id, 'target id glob');
    globField('model', values.model, 'model glob');
    const setField = (
      field: 'provider' | 'licence' | 'capability' | 'tags',
      present: ReadonlySet<string>,
      label: string,
    ) => {
      predicate[field]?.forEach((value, index) => {
        if (present.has(value)) return;
        valid = false;
        const suggestion = closestName(value, present);
        add(['targets', field, index], {
          message: `no target has ${label} "${value}"`,
          expected: `one of ${listNames(present)}`,
          ...(suggestion ? { suggestion } : {}),
        });
      });
    };
    setField('provider', values.provider, 'provider');
    setField('licence', values.licence, 'licence');
    setField('capability', values.capability, 'capability');
    setField('tags', values.tags, 'tag');
    if (predicate.weights && !values.weights.has(predicate.weights)) {
      valid = false;
      add(['targets', 'weights'], {
        message: `no target has ${predicate.weights} weights`,
        expected: `${[...values.weights].join(' or ')}`,
      });
    }
    const placeField = (field: 'hostedIn' | 'notHostedIn' | 'origin', kind: 'hosted' | 'origin') => {
      predicate[field]?.forEach((code, index) => {
        const problem = codeProblem(code, kind, jurisdictions);
        if (problem) {
          valid = false;
          add(['targets', field, index], problem);
          return;
        }
        const present = kind === 'hosted' ? values.hosted : values.origin;
        if ([...jurisdictions.expand(code)].some((country) => present.has(country))) return;
        valid = false;
        add(['targets', field, index], {
          message:
            kind === 'hosted' ? `no target is hosted in ${code}` : `no target's model comes from ${code}`,
          expected: `a place where ${kind === 'hosted' ? 'some target is hosted' : "some target's model comes from"}: ${listNames(
            kind === 'hosted' ? hostedAsWritten : originAsWritten,
          )}`,
        });
      });
    };
    placeField('hostedIn', 'hosted');
    placeField('notHostedIn', 'hosted');
    placeField('origin', 'origin');
    if (valid && rule.targets && Object.keys(rule.targets).length > 1) {
      const compiled = compileRule(rule, jurisdictions);
      if (catalog.matching(compiled.targets, false, JSON.stringify(rule.targets)).length === 0) {
        add(['targets'], {
          message: 'matches no target: each value names something, but no target has them all together',
          expected: 'a predicate that at least one target meets',
        });
      }
    }
  }
  return { problems, inactive };
}

/** Why a pack rule never applies to this catalog, or `undefined` when it may. */
function inactiveReason(
  entry: RuleEntry,
  catalog: CatalogIndex,
  jurisdictions: Jurisdictions,
): string | undefined {
  const compiled = compileRule(entry.rule, jurisdictions);
  if (entry.rule.effect === 'require') {
    const meeting = catalog.matching(compiled.targets, true, JSON.stringify(entry.rule.targets ?? {})).length;
    return meeting === catalog.targets.length
      ? 'every target in this catalog meets it, so it never denies one'
      : undefined;
  }
  const matching = catalog.matching(
    compiled.targets,
    entry.rule.effect === 'allow',
    JSON.stringify(entry.rule.targets ?? {}),
  );
  return matching.length === 0 ? 'no target in this catalog matches it' : undefined;
}
