import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../context/request-context.js';
import { builtinGroups } from '../jurisdiction/builtin-groups.js';
import type { TargetInput } from '../target/target-schema.js';
import { compilePolicy } from './compile-policy.js';
import { PolicyError } from './policy-error.js';
import type { PolicyRule } from './policy-schema.js';

const groups = { NEAR: ['FR', 'DE'], WEST: ['US', 'NEAR'] };
const base = Date.parse('2026-07-01T00:00:00Z');
const hour = 3_600_000;

/** Mostly absent: a rule with every field present would match almost nothing. */
const sometimes = <Value>(arbitrary: fc.Arbitrary<Value>) =>
  fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 3 },
    { arbitrary: arbitrary as fc.Arbitrary<Value | undefined>, weight: 1 },
  );
const someOf = <Value>(values: readonly Value[]) => fc.subarray([...values], { minLength: 1 });

const arbitraryTarget = fc.record({
  provider: fc.constantFrom('openai', 'mistral', 'ollama'),
  model: fc.constantFrom('gpt-5', 'gpt-5-pro', 'qwen3', 'mistral-large'),
  hostedIn: fc.constantFrom('US', 'CN', 'FR', 'DE', 'EU', 'NEAR', 'self'),
  origin: fc.constantFrom('US', 'CN', 'FR', 'RU'),
  weights: fc.constantFrom<'open' | 'closed'>('open', 'closed'),
  licence: fc.constantFrom('Apache-2.0', 'proprietary'),
  capabilities: fc.subarray<'tools' | 'json' | 'vision'>(['tools', 'json', 'vision']),
  tags: fc.subarray(['frontier', 'beta']),
});

const callerCodes = ['US', 'CN', 'DE', 'FR', 'RU', 'EU', 'NEAR', 'WEST', 'unknown'] as const;
const arbitraryRule = fc.record({
  effect: fc.constantFrom<'deny' | 'require' | 'allow'>('deny', 'require', 'allow'),
  effectiveOffset: sometimes(fc.integer({ min: -10, max: 10 })),
  duration: sometimes(fc.integer({ min: 1, max: 10 })),
  when: fc.record({
    jurisdiction: sometimes(someOf(callerCodes)),
    notJurisdiction: sometimes(someOf(callerCodes)),
    dataClass: sometimes(someOf(['public', 'regulated'])),
    tenant: sometimes(someOf(['gov-*', 'acme'])),
    tags: sometimes(someOf(['beta', 'internal'])),
  }),
  targets: fc.record({
    id: sometimes(someOf(['t0', 't1*', 't2'])),
    provider: sometimes(someOf(['openai', 'mistral', 'ollama'])),
    model: sometimes(someOf(['gpt-5*', 'qwen3'])),
    hostedIn: sometimes(someOf(['US', 'FR', 'EU', 'NEAR', 'self'])),
    notHostedIn: sometimes(someOf(['US', 'FR', 'EU', 'self'])),
    origin: sometimes(someOf(['CN', 'US', 'NEAR'])),
    weights: sometimes(fc.constantFrom<'open' | 'closed'>('open', 'closed')),
    licence: sometimes(someOf(['Apache-2.0'])),
    capability: sometimes(someOf<'tools' | 'json'>(['tools', 'json'])),
    tags: sometimes(someOf(['frontier', 'beta'])),
  }),
});
type RawRule = typeof arbitraryRule extends fc.Arbitrary<infer Value> ? Value : never;

const arbitraryContext: fc.Arbitrary<RequestContext> = fc.record({
  jurisdiction: fc.constantFrom('US', 'CN', 'DE', 'FR', 'RU', 'EU', 'NEAR', 'XX', 'unknown', undefined),
  dataClass: fc.constantFrom('public', 'regulated', 'other', undefined),
  tenant: fc.constantFrom('gov-a', 'acme', 'x', undefined),
  tags: sometimes(someOf(['beta', 'internal'])),
});

const arbitraryCase = fc.record({
  targets: fc.array(arbitraryTarget, { minLength: 1, maxLength: 7 }),
  rules: fc.array(arbitraryRule, { maxLength: 10 }),
  defaultEffect: fc.constantFrom<'allow' | 'deny'>('allow', 'deny'),
  unknownJurisdiction: fc.constantFrom<'restricted' | 'deny'>('restricted', 'deny'),
  queries: fc.array(fc.tuple(arbitraryContext, fc.integer({ min: -12, max: 12 })), {
    minLength: 1,
    maxLength: 10,
  }),
});
type Case = typeof arbitraryCase extends fc.Arbitrary<infer Value> ? Value : never;

function toTargets(raw: Case['targets']): TargetInput[] {
  return raw.map((target, index) => ({ id: `t${index}`, contextWindow: 8_000, ...target }));
}

function toRules(raw: readonly RawRule[]): PolicyRule[] {
  return raw.map((entry, index) => {
    const effective = entry.effectiveOffset === undefined ? undefined : base + entry.effectiveOffset * hour;
    const expires = entry.duration === undefined ? undefined : (effective ?? base) + entry.duration * hour;
    return {
      id: `r${index}`,
      description: `rule ${index}`,
      source: 'property test',
      effect: entry.effect,
      effective: effective === undefined ? undefined : new Date(effective).toISOString(),
      expires: expires === undefined ? undefined : new Date(expires).toISOString(),
      when: entry.when,
      targets: entry.targets,
    };
  });
}

/**
 * The rules as the validator accepts them: every value the validator reports
 * as naming nothing in this catalog is dropped (a field left empty goes),
 * and a rule whose predicate as a whole matches nothing goes. The property
 * is about policies the validator accepts.
 */
function acceptedRules(rules: PolicyRule[], targets: readonly TargetInput[]): PolicyRule[] {
  let current = rules;
  for (let round = 0; round < 4; round++) {
    try {
      compilePolicy({ policy: { rules: current }, targets, groups });
      return current;
    } catch (error) {
      if (!PolicyError.isInstance(error)) throw error;
      const drop = new Set<string>();
      for (const issue of error.issues) drop.add(issue.path);
      current = current.flatMap((rule, index) => {
        if (drop.has(`rules[${index}].targets`)) return [];
        const predicate: Record<string, unknown> = { ...rule.targets };
        for (const [field, values] of Object.entries(predicate)) {
          if (drop.has(`rules[${index}].targets.${field}`)) delete predicate[field];
          else if (Array.isArray(values)) {
            const kept = values.filter(
              (_, valueIndex) => !drop.has(`rules[${index}].targets.${field}[${valueIndex}]`),
            );
            if (kept.length === 0) delete predicate[field];
            else predicate[field] = kept;
          }
        }
        return [{ ...rule, targets: predicate }];
      });
    }
  }
  return current;
}

interface NaiveVerdict {
  allowed: boolean;
  effect: string;
  ruleIds: string[];
}

/**
 * A deliberately simple reference for the documented semantics: scans every
 * rule for every target. Unknown or absent caller jurisdiction and absent data
 * class could be anything (deny/require apply, allow does not unless it names
 * `unknown`); absent tenant and tags are none; a caller or target given as a
 * group is possibly any member; deny beats require beats allow beats default.
 */
function naiveVerdicts(options: {
  targets: readonly TargetInput[];
  rules: readonly PolicyRule[];
  defaultEffect: 'allow' | 'deny';
  unknownJurisdiction: 'restricted' | 'deny';
  context: RequestContext;
  at: number;
}): NaiveVerdict[] {
  const definitions: Record<string, readonly string[]> = { ...builtinGroups, ...groups };
  const expand = (code: string): string[] =>
    definitions[code] ? (definitions[code] ?? []).flatMap(expand) : [code];
  const glob = (pattern: string, value: string) =>
    pattern.endsWith('*') ? value.startsWith(pattern.slice(0, -1)) : pattern === value;
  const jurisdiction = options.context.jurisdiction;
  const callerKnown =
    jurisdiction !== undefined && ['US', 'CN', 'DE', 'FR', 'RU', 'EU', 'NEAR', 'WEST'].includes(jurisdiction);
  const caller = callerKnown ? expand(jurisdiction as string) : [];
  const restrictUnknown = !callerKnown && options.unknownJurisdiction === 'deny';

  const applies = (rule: PolicyRule, certain: boolean): boolean => {
    const from = rule.effective ? Date.parse(rule.effective) : -Infinity;
    const until = rule.expires ? Date.parse(rule.expires) : Infinity;
    if (options.at < from || options.at >= until) return false;
    const when = rule.when ?? {};
    if (when.jurisdiction) {
      const set = when.jurisdiction.flatMap(expand);
      if (!callerKnown) {
        if (!set.includes('unknown') && certain) return false;
      } else if (
        certain ? !caller.every((code) => set.includes(code)) : !caller.some((code) => set.includes(code))
      )
        return false;
    }
    if (when.notJurisdiction) {
      const set = when.notJurisdiction.flatMap(expand);
      if (!callerKnown) {
        if (set.includes('unknown') || certain) return false;
      } else if (
        certain ? caller.some((code) => set.includes(code)) : caller.every((code) => set.includes(code))
      )
        return false;
    }
    if (when.dataClass) {
      const dataClass = options.context.dataClass;
      if (dataClass === undefined ? certain : !when.dataClass.includes(dataClass)) return false;
    }
    if (when.tenant) {
      const tenant = options.context.tenant;
      if (tenant === undefined || !when.tenant.some((pattern) => glob(pattern, tenant))) return false;
    }
    if (when.tags && !(options.context.tags ?? []).some((tag) => when.tags?.includes(tag))) return false;
    return true;
  };

  const matches = (rule: PolicyRule, target: TargetInput, certain: boolean): boolean => {
    const predicate = rule.targets ?? {};
    const within = (values: string[], set: string[]) =>
      certain ? values.every((value) => set.includes(value)) : values.some((value) => set.includes(value));
    const outside = (values: string[], set: string[]) =>
      certain ? !values.some((value) => set.includes(value)) : !values.every((value) => set.includes(value));
    const hosted = expand(target.hostedIn);
    const origin = expand(target.origin);
    return (
      (!predicate.id || predicate.id.some((pattern) => glob(pattern, target.id))) &&
      (!predicate.provider || predicate.provider.includes(target.provider)) &&
      (!predicate.model || predicate.model.some((pattern) => glob(pattern, target.model))) &&
      (!predicate.weights || predicate.weights === target.weights) &&
      (!predicate.licence || predicate.licence.includes(target.licence ?? 'proprietary')) &&
      (!predicate.capability ||
        predicate.capability.every((capability) => (target.capabilities ?? []).includes(capability))) &&
      (!predicate.tags || predicate.tags.some((tag) => (target.tags ?? []).includes(tag))) &&
      (!predicate.hostedIn || within(hosted, predicate.hostedIn.flatMap(expand))) &&
      (!predicate.notHostedIn || outside(hosted, predicate.notHostedIn.flatMap(expand))) &&
      (!predicate.origin || within(origin, predicate.origin.flatMap(expand)))
    );
  };

  return options.targets.map((target) => {
    const denies = options.rules.filter(
      (rule) => rule.effect === 'deny' && applies(rule, false) && matches(rule, target, false),
    );
    if (denies.length > 0) return { allowed: false, effect: 'deny', ruleIds: denies.map((rule) => rule.id) };
    const requires = options.rules.filter(
      (rule) => rule.effect === 'require' && applies(rule, false) && !matches(rule, target, true),
    );
    if (requires.length > 0)
      return { allowed: false, effect: 'require', ruleIds: requires.map((rule) => rule.id) };
    if (restrictUnknown) {
      const allows = options.rules.filter(
        (rule) =>
          rule.effect === 'allow' &&
          (rule.when?.jurisdiction ?? []).includes('unknown') &&
          applies(rule, true) &&
          matches(rule, target, true),
      );
      if (allows.length > 0)
        return { allowed: true, effect: 'allow', ruleIds: allows.map((rule) => rule.id) };
      return { allowed: false, effect: 'restricted', ruleIds: [] };
    }
    if (options.defaultEffect === 'deny') {
      const allows = options.rules.filter(
        (rule) => rule.effect === 'allow' && applies(rule, true) && matches(rule, target, true),
      );
      if (allows.length > 0)
        return { allowed: true, effect: 'allow', ruleIds: allows.map((rule) => rule.id) };
    }
    return { allowed: options.defaultEffect === 'allow', effect: 'default', ruleIds: [] };
  });
}

describe('compilePolicy', () => {
  describe('properties', () => {
    it('agrees with a naive evaluator on every verdict (allowed, effect, rule ids), query after query', () => {
      fc.assert(
        fc.property(arbitraryCase, (generated) => {
          const targets = toTargets(generated.targets);
          const rules = acceptedRules(toRules(generated.rules), targets);
          const { defaultEffect, unknownJurisdiction } = generated;
          const compiled = compilePolicy({
            policy: { defaultEffect, unknownJurisdiction, rules },
            targets,
            groups,
          });
          const route = compiled.forTargets(targets.map((target) => target.id));
          // Each query runs twice, so cached slices and combinations are checked too.
          for (const [context, offset] of [...generated.queries, ...generated.queries]) {
            const at = base + offset * hour;
            const actual = route.evaluate(context, at).map(({ allowed, effect, ruleIds }) => ({
              allowed,
              effect,
              ruleIds: [...ruleIds],
            }));
            const expected = naiveVerdicts({
              targets,
              rules,
              defaultEffect,
              unknownJurisdiction,
              context,
              at,
            });
            expect(actual).toEqual(expected);
            // The evidence-free decision the coverage map uses is the same decision.
            expect(route.allowed(context, at)).toEqual(expected.map((verdict) => verdict.allowed));
          }
        }),
        { numRuns: 400 },
      );
    });

    it('never allows a target that an active deny rule applying to the context matches', () => {
      fc.assert(
        fc.property(arbitraryCase, (generated) => {
          const targets = toTargets(generated.targets);
          const rules = acceptedRules(toRules(generated.rules), targets);
          const compiled = compilePolicy({
            policy: {
              defaultEffect: generated.defaultEffect,
              unknownJurisdiction: generated.unknownJurisdiction,
              rules,
            },
            targets,
            groups,
          });
          for (const [context, offset] of generated.queries) {
            const at = base + offset * hour;
            const verdicts = compiled.evaluate(context, { at });
            // A deny rule alone, with everything else stripped, is the reference for "denied".
            targets.forEach((target, index) => {
              const deniedAlone = rules.some(
                (rule) =>
                  rule.effect === 'deny' &&
                  naiveVerdicts({
                    targets: [target],
                    rules: [rule],
                    defaultEffect: 'allow',
                    unknownJurisdiction: 'restricted',
                    context,
                    at,
                  })[0]?.allowed === false,
              );
              if (deniedAlone) expect(verdicts[index]?.allowed).toBe(false);
            });
          }
        }),
        { numRuns: 200 },
      );
    });

    it('gives a route the same verdicts as the whole catalog, whatever the order of its candidates', () => {
      fc.assert(
        fc.property(arbitraryCase, fc.integer({ min: 0, max: 1000 }), (generated, seed) => {
          const targets = toTargets(generated.targets);
          const compiled = compilePolicy({
            policy: {
              defaultEffect: generated.defaultEffect,
              unknownJurisdiction: generated.unknownJurisdiction,
              rules: acceptedRules(toRules(generated.rules), targets),
            },
            targets,
            groups,
          });
          const ids = targets.map((target) => target.id);
          const routeIds = ids.filter((_, index) => (seed >> index) % 2 === 0).reverse();
          const route = compiled.forTargets(routeIds);
          for (const [context, offset] of generated.queries) {
            const at = base + offset * hour;
            const whole = compiled.evaluate(context, { at });
            const byId = new Map(whole.map((verdict) => [verdict.targetId, verdict]));
            expect(route.evaluate(context, at).map((verdict) => verdict.allowed)).toEqual(
              routeIds.map((id) => byId.get(id)?.allowed),
            );
          }
        }),
        { numRuns: 150 },
      );
    });
  });
});
