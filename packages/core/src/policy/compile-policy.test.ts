import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../context/request-context.js';
import type { TargetInput } from '../target/target-schema.js';
import { compilePolicy } from './compile-policy.js';
import { PolicyError } from './policy-error.js';
import type { PolicyInput, PolicyRule } from './policy-schema.js';

const catalog: TargetInput[] = [
  {
    id: 'openai-gpt',
    provider: 'openai',
    model: 'gpt-5.4',
    hostedIn: 'US',
    origin: 'US',
    weights: 'closed',
    contextWindow: 400_000,
    capabilities: ['tools', 'json'],
    tags: ['frontier'],
  },
  {
    id: 'openai-pro',
    provider: 'openai',
    model: 'gpt-5.4-pro',
    hostedIn: 'US',
    origin: 'US',
    weights: 'closed',
    contextWindow: 400_000,
    tags: ['frontier'],
  },
  {
    id: 'mistral-eu',
    provider: 'mistral',
    model: 'mistral-large',
    hostedIn: 'FR',
    origin: 'FR',
    weights: 'open',
    licence: 'Apache-2.0',
    contextWindow: 128_000,
  },
  {
    id: 'eu-anywhere',
    provider: 'azure',
    model: 'gpt-5.4-mini',
    hostedIn: 'EU',
    origin: 'US',
    weights: 'closed',
    contextWindow: 128_000,
  },
  {
    id: 'local-qwen',
    provider: 'ollama',
    model: 'qwen3',
    hostedIn: 'self',
    origin: 'CN',
    weights: 'open',
    licence: 'Apache-2.0',
    contextWindow: 32_000,
  },
];
const ids = catalog.map((target) => target.id);

function verdictsOf(
  policy: PolicyInput,
  context: RequestContext,
  at: string | number = '2026-07-01T00:00:00Z',
) {
  const compiled = compilePolicy({ policy, targets: catalog });
  const instant = typeof at === 'number' ? at : Date.parse(at);
  return Object.fromEntries(
    compiled
      .forTargets(ids)
      .evaluate(context, instant)
      .map((verdict) => [verdict.targetId, verdict]),
  );
}

function allowedOf(policy: PolicyInput, context: RequestContext, at?: string | number) {
  return Object.entries(verdictsOf(policy, context, at))
    .filter(([, verdict]) => verdict.allowed)
    .map(([id]) => id);
}

const rule = (overrides: Partial<PolicyRule> & Pick<PolicyRule, 'id' | 'effect'>): PolicyRule => ({
  description: `rule ${overrides.id}`,
  source: 'test',
  ...overrides,
});

describe('compilePolicy', () => {
  describe('effects', () => {
    it('allows everything by default when no rule matches', () => {
      const verdicts = verdictsOf({ rules: [] }, { jurisdiction: 'US' });
      expect(
        Object.values(verdicts).every((verdict) => verdict.allowed && verdict.effect === 'default'),
      ).toBe(true);
    });

    it('denies the targets a deny rule matches and names the rule', () => {
      const verdicts = verdictsOf(
        {
          rules: [
            rule({
              id: 'no-frontier-cn',
              effect: 'deny',
              when: { jurisdiction: ['CN'] },
              targets: { tags: ['frontier'] },
            }),
          ],
        },
        { jurisdiction: 'CN' },
      );
      expect(verdicts['openai-gpt']).toMatchObject({
        allowed: false,
        effect: 'deny',
        ruleIds: ['no-frontier-cn'],
      });
      expect(verdicts['openai-gpt']?.reason).toContain('denied by no-frontier-cn');
      expect(verdicts['mistral-eu']).toMatchObject({ allowed: true, effect: 'default' });
    });

    it('does not apply a deny rule whose context condition does not hold', () => {
      const allowed = allowedOf(
        {
          rules: [
            rule({
              id: 'no-frontier-cn',
              effect: 'deny',
              when: { jurisdiction: ['CN'] },
              targets: { tags: ['frontier'] },
            }),
          ],
        },
        { jurisdiction: 'US' },
      );
      expect(allowed).toEqual(ids);
    });

    it('lets only the targets a require rule matches serve', () => {
      const verdicts = verdictsOf(
        {
          rules: [
            rule({
              id: 'residency',
              effect: 'require',
              when: { jurisdiction: ['EU'], dataClass: ['regulated'] },
              targets: { hostedIn: ['EU', 'self'] },
            }),
          ],
        },
        { jurisdiction: 'DE', dataClass: 'regulated' },
      );
      expect(verdicts['openai-gpt']).toMatchObject({
        allowed: false,
        effect: 'require',
        ruleIds: ['residency'],
      });
      expect(verdicts['mistral-eu']?.allowed).toBe(true);
      expect(verdicts['eu-anywhere']?.allowed).toBe(true);
      expect(verdicts['local-qwen']?.allowed).toBe(true);
    });

    it('allows only what an allow rule matches when the default is deny', () => {
      const verdicts = verdictsOf(
        {
          defaultEffect: 'deny',
          rules: [rule({ id: 'open-only', effect: 'allow', targets: { weights: 'open' } })],
        },
        { jurisdiction: 'US' },
      );
      expect(verdicts['mistral-eu']).toMatchObject({
        allowed: true,
        effect: 'allow',
        ruleIds: ['open-only'],
      });
      expect(verdicts['openai-gpt']).toMatchObject({ allowed: false, effect: 'default' });
    });

    it('lets deny override allow for the same target', () => {
      const verdicts = verdictsOf(
        {
          defaultEffect: 'deny',
          rules: [
            rule({ id: 'allow-all', effect: 'allow' }),
            rule({ id: 'deny-qwen', effect: 'deny', targets: { id: ['local-qwen'] } }),
          ],
        },
        { jurisdiction: 'US' },
      );
      expect(verdicts['local-qwen']).toMatchObject({
        allowed: false,
        effect: 'deny',
        ruleIds: ['deny-qwen'],
      });
      expect(verdicts['mistral-eu']).toMatchObject({ allowed: true, effect: 'allow' });
    });

    it('lets require override allow', () => {
      const verdicts = verdictsOf(
        {
          defaultEffect: 'deny',
          rules: [
            rule({ id: 'allow-all', effect: 'allow' }),
            rule({ id: 'self-only', effect: 'require', targets: { hostedIn: ['self'] } }),
          ],
        },
        { jurisdiction: 'US' },
      );
      expect(
        allowedOf(
          {
            defaultEffect: 'deny',
            rules: [
              rule({ id: 'allow-all', effect: 'allow' }),
              rule({ id: 'self-only', effect: 'require', targets: { hostedIn: ['self'] } }),
            ],
          },
          { jurisdiction: 'US' },
        ),
      ).toEqual(['local-qwen']);
      expect(verdicts['openai-gpt']?.effect).toBe('require');
    });

    it('lists every deny rule that matched', () => {
      const verdicts = verdictsOf(
        {
          rules: [
            rule({ id: 'a', effect: 'deny', targets: { provider: ['openai'] } }),
            rule({ id: 'b', effect: 'deny', targets: { tags: ['frontier'] } }),
          ],
        },
        { jurisdiction: 'US' },
      );
      expect(verdicts['openai-gpt']?.ruleIds).toEqual(['a', 'b']);
      expect(verdicts['openai-gpt']?.reason).toContain('and 1 more: b');
    });
  });

  describe('target predicates', () => {
    const deniedBy = (targets: PolicyRule['targets']) =>
      ids.filter(
        (id) =>
          !allowedOf(
            { rules: [rule({ id: 'r', effect: 'deny', targets })] },
            { jurisdiction: 'US' },
          ).includes(id),
      );

    it('matches model globs, providers, origin, weights, licence, capability and tags', () => {
      expect(deniedBy({ model: ['gpt-5.4*'] })).toEqual(['openai-gpt', 'openai-pro', 'eu-anywhere']);
      expect(deniedBy({ model: ['gpt-5.4'] })).toEqual(['openai-gpt']);
      expect(deniedBy({ provider: ['ollama', 'mistral'] })).toEqual(['mistral-eu', 'local-qwen']);
      expect(deniedBy({ origin: ['CN'] })).toEqual(['local-qwen']);
      expect(deniedBy({ weights: 'open' })).toEqual(['mistral-eu', 'local-qwen']);
      expect(deniedBy({ licence: ['Apache-2.0'] })).toEqual(['mistral-eu', 'local-qwen']);
      expect(deniedBy({ capability: ['tools', 'json'] })).toEqual(['openai-gpt']);
      expect(deniedBy({ tags: ['frontier'] })).toEqual(['openai-gpt', 'openai-pro']);
      expect(deniedBy({ id: ['openai-*'] })).toEqual(['openai-gpt', 'openai-pro']);
    });

    it('treats a target hosted in a group as possibly in any member: deny applies, require does not accept it', () => {
      expect(deniedBy({ hostedIn: ['FR'] })).toEqual(['mistral-eu', 'eu-anywhere']);
      const allowed = allowedOf(
        { rules: [rule({ id: 'fr', effect: 'require', targets: { hostedIn: ['FR'] } })] },
        { jurisdiction: 'US' },
      );
      expect(allowed).toEqual(['mistral-eu']);
    });

    it('matches notHostedIn', () => {
      expect(deniedBy({ notHostedIn: ['EU', 'self'] })).toEqual(['openai-gpt', 'openai-pro']);
    });
  });

  describe('effective and expires', () => {
    const policy: PolicyInput = {
      rules: [
        rule({
          id: 'window',
          effect: 'deny',
          effective: '2026-06-25T00:00:00Z',
          expires: '2026-12-31T00:00:00Z',
          targets: { id: ['openai-gpt'] },
        }),
      ],
    };
    const at = (iso: string, offsetMs = 0) => Date.parse(iso) + offsetMs;

    it('does not apply the instant before it is effective', () => {
      expect(
        verdictsOf(policy, { jurisdiction: 'US' }, at('2026-06-25T00:00:00Z', -1))['openai-gpt']?.allowed,
      ).toBe(true);
    });

    it('applies at the instant it becomes effective', () => {
      expect(
        verdictsOf(policy, { jurisdiction: 'US' }, at('2026-06-25T00:00:00Z'))['openai-gpt']?.allowed,
      ).toBe(false);
    });

    it('applies the instant before it expires', () => {
      expect(
        verdictsOf(policy, { jurisdiction: 'US' }, at('2026-12-31T00:00:00Z', -1))['openai-gpt']?.allowed,
      ).toBe(false);
    });

    it('does not apply at the instant it expires', () => {
      expect(
        verdictsOf(policy, { jurisdiction: 'US' }, at('2026-12-31T00:00:00Z'))['openai-gpt']?.allowed,
      ).toBe(true);
    });

    it('gives the same evaluator different answers as time passes (the cache is per time segment)', () => {
      const compiled = compilePolicy({ policy, targets: catalog }).forTargets(['openai-gpt']);
      expect(compiled.evaluate({ jurisdiction: 'US' }, at('2026-06-01T00:00:00Z'))[0]?.allowed).toBe(true);
      expect(compiled.evaluate({ jurisdiction: 'US' }, at('2026-07-01T00:00:00Z'))[0]?.allowed).toBe(false);
      expect(compiled.evaluate({ jurisdiction: 'US' }, at('2027-01-01T00:00:00Z'))[0]?.allowed).toBe(true);
    });
  });

  describe('jurisdictions and groups', () => {
    const cnRule = rule({
      id: 'cn',
      effect: 'deny',
      when: { jurisdiction: ['RESTRICTED'] },
      targets: { tags: ['frontier'] },
    });

    it('matches a caller against a user group, nested', () => {
      const compiled = compilePolicy({
        policy: { rules: [cnRule] },
        targets: catalog,
        groups: { SANCTIONED: ['IR', 'KP'], RESTRICTED: ['CN', 'RU', 'SANCTIONED'] },
      });
      const evaluate = (jurisdiction: string) =>
        compiled.forTargets(['openai-gpt']).evaluate({ jurisdiction }, Date.now())[0]?.allowed;
      expect(evaluate('KP')).toBe(false);
      expect(evaluate('CN')).toBe(false);
      expect(evaluate('US')).toBe(true);
    });

    it('treats a caller given as a group as possibly any member: a deny naming one member applies', () => {
      const verdicts = verdictsOf(
        {
          rules: [
            rule({
              id: 'fr-deny',
              effect: 'deny',
              when: { jurisdiction: ['FR'] },
              targets: { id: ['openai-gpt'] },
            }),
          ],
        },
        { jurisdiction: 'EU' },
      );
      expect(verdicts['openai-gpt']?.allowed).toBe(false);
    });

    it('treats a caller with no jurisdiction as restricted: jurisdiction-scoped denies apply', () => {
      const verdicts = verdictsOf(
        {
          rules: [
            rule({
              id: 'cn',
              effect: 'deny',
              when: { jurisdiction: ['CN'] },
              targets: { tags: ['frontier'] },
            }),
          ],
        },
        {},
      );
      expect(verdicts['openai-gpt']?.allowed).toBe(false);
      expect(verdicts['openai-gpt']?.reason).toContain('no caller jurisdiction: treated as restricted');
    });

    it('treats an unknown jurisdiction code as restricted: jurisdiction-scoped allows do not apply', () => {
      const verdicts = verdictsOf(
        {
          defaultEffect: 'deny',
          rules: [rule({ id: 'us-allow', effect: 'allow', when: { jurisdiction: ['US'] } })],
        },
        { jurisdiction: 'XX' },
      );
      expect(Object.values(verdicts).some((verdict) => verdict.allowed)).toBe(false);
    });

    it('denies everything to an unknown caller when unknownJurisdiction is deny', () => {
      const verdicts = verdictsOf({ unknownJurisdiction: 'deny', rules: [] }, { jurisdiction: 'ZZ' });
      expect(
        Object.values(verdicts).every((verdict) => !verdict.allowed && verdict.effect === 'restricted'),
      ).toBe(true);
      expect(verdicts['local-qwen']?.reason).toContain('caller jurisdiction "ZZ" is unknown');
    });

    it('lets an allow rule naming "unknown" open self-hosted targets to unknown callers under unknownJurisdiction: deny', () => {
      const policy: PolicyInput = {
        unknownJurisdiction: 'deny',
        rules: [
          rule({
            id: 'unknown-local',
            effect: 'allow',
            when: { jurisdiction: ['unknown'] },
            targets: { hostedIn: ['self'] },
          }),
          rule({
            id: 'no-cn-origin',
            effect: 'deny',
            targets: { origin: ['CN'] },
            when: { tags: ['strict'] },
          }),
        ],
      };
      const verdicts = verdictsOf(policy, {});
      expect(verdicts['local-qwen']).toMatchObject({
        allowed: true,
        effect: 'allow',
        ruleIds: ['unknown-local'],
      });
      expect(verdicts['openai-gpt']).toMatchObject({ allowed: false, effect: 'restricted' });
      expect(verdicts['local-qwen']?.reason).toContain('no caller jurisdiction: treated as restricted');
      // Deny still overrides the explicit allow.
      expect(verdictsOf(policy, { tags: ['strict'] })['local-qwen']).toMatchObject({
        allowed: false,
        effect: 'deny',
      });
      // A known caller is not an unknown one: the allow rule does not apply, the default does.
      expect(verdictsOf(policy, { jurisdiction: 'US' })['openai-gpt']).toMatchObject({
        allowed: true,
        effect: 'default',
      });
    });

    it('does not let an allow rule without "unknown" lift unknownJurisdiction: deny', () => {
      const verdicts = verdictsOf(
        {
          unknownJurisdiction: 'deny',
          defaultEffect: 'deny',
          rules: [rule({ id: 'allow-all', effect: 'allow' })],
        },
        { jurisdiction: 'XX' },
      );
      expect(Object.values(verdicts).every((verdict) => verdict.effect === 'restricted')).toBe(true);
    });

    it('lets a deny rule name unknown callers, and notJurisdiction: [unknown] exclude them', () => {
      const policy: PolicyInput = {
        rules: [
          rule({
            id: 'no-frontier-unknown',
            effect: 'deny',
            when: { jurisdiction: ['unknown'] },
            targets: { tags: ['frontier'] },
          }),
          rule({
            id: 'known-only',
            effect: 'deny',
            when: { notJurisdiction: ['unknown', 'US'] },
            targets: { id: ['mistral-eu'] },
          }),
        ],
      };
      expect(verdictsOf(policy, {})['openai-gpt']?.ruleIds).toEqual(['no-frontier-unknown']);
      expect(verdictsOf(policy, {})['mistral-eu']?.allowed).toBe(true);
      expect(verdictsOf(policy, { jurisdiction: 'US' })['openai-gpt']?.allowed).toBe(true);
      expect(verdictsOf(policy, { jurisdiction: 'DE' })['mistral-eu']?.ruleIds).toEqual(['known-only']);
    });

    it('rejects "unknown" outside caller conditions and "self" in them', () => {
      expect(() =>
        compilePolicy({
          policy: {
            rules: [
              rule({ id: 'a', effect: 'deny', targets: { hostedIn: ['unknown'] } }),
              rule({ id: 'b', effect: 'deny', when: { jurisdiction: ['self'] } }),
            ],
          },
          targets: catalog,
        }),
      ).toThrow(
        /rules\[0\]\.targets\.hostedIn\[0\]: "unknown" names callers; it is not a hosting location[^\n]*"self" for on-premises\n.*rules\[1\]\.when\.jurisdiction\[0\]: "self" marks on-premises hosting; it is not a caller jurisdiction/,
      );
    });

    it('treats a missing data class as possibly regulated for require rules', () => {
      const allowed = allowedOf(
        {
          rules: [
            rule({
              id: 'res',
              effect: 'require',
              when: { jurisdiction: ['EU'], dataClass: ['regulated'] },
              targets: { hostedIn: ['EU', 'self'] },
            }),
          ],
        },
        { jurisdiction: 'DE' },
      );
      expect(allowed).toEqual(['mistral-eu', 'eu-anywhere', 'local-qwen']);
    });

    it('matches tenant globs and request tags', () => {
      const policy: PolicyInput = {
        rules: [
          rule({ id: 'gov', effect: 'deny', when: { tenant: ['gov-*'] }, targets: { origin: ['CN'] } }),
          rule({ id: 'beta', effect: 'deny', when: { tags: ['no-closed'] }, targets: { weights: 'closed' } }),
        ],
      };
      expect(verdictsOf(policy, { jurisdiction: 'US', tenant: 'gov-ministry' })['local-qwen']?.allowed).toBe(
        false,
      );
      expect(verdictsOf(policy, { jurisdiction: 'US', tenant: 'acme' })['local-qwen']?.allowed).toBe(true);
      expect(verdictsOf(policy, { jurisdiction: 'US' })['local-qwen']?.allowed).toBe(true);
      expect(
        verdictsOf(policy, { jurisdiction: 'US', tags: ['x', 'no-closed'] })['openai-gpt']?.allowed,
      ).toBe(false);
    });
  });

  describe('packs', () => {
    const packs: PolicyInput = { packs: ['us-export-control-2026', 'eu-data-residency', 'model-origin'] };

    it('denies a named frontier model to a CN caller from 2026-06-25, and allows it the instant before', () => {
      expect(
        verdictsOf(packs, { jurisdiction: 'CN' }, Date.parse('2026-06-25T00:00:00Z') - 1)['openai-gpt']
          ?.allowed,
      ).toBe(true);
      const after = verdictsOf(packs, { jurisdiction: 'CN' }, '2026-06-25T00:00:00Z')['openai-gpt'];
      expect(after).toMatchObject({ allowed: false, effect: 'deny' });
      expect(after?.ruleIds).toContain('us-export-2026/frontier-models');
    });

    it('withdraws gpt-5.4-pro worldwide from 2026-09-01', () => {
      expect(verdictsOf(packs, { jurisdiction: 'US' }, '2026-08-31T23:59:59Z')['openai-pro']?.allowed).toBe(
        true,
      );
      expect(
        verdictsOf(packs, { jurisdiction: 'US' }, '2026-09-01T00:00:00Z')['openai-pro']?.ruleIds,
      ).toEqual(['us-export-2026/withdrawn-worldwide']);
    });

    it('keeps regulated data of EU callers on EU-hosted or self-hosted targets', () => {
      expect(allowedOf(packs, { jurisdiction: 'FR', dataClass: 'regulated' })).toEqual([
        'mistral-eu',
        'eu-anywhere',
        'local-qwen',
      ]);
    });

    it('keeps government tenants off models of listed origins', () => {
      expect(allowedOf(packs, { jurisdiction: 'US', tenant: 'gov-treasury' })).not.toContain('local-qwen');
    });

    it('includes the pack rules after the policy own rules', () => {
      const compiled = compilePolicy({
        policy: { packs: ['model-origin'], rules: [rule({ id: 'own', effect: 'deny' })] },
        targets: catalog,
      });
      expect(compiled.policy.rules.map((entry) => entry.id)).toEqual(['own', 'model-origin/gov-tenants']);
    });
  });

  describe('errors', () => {
    it('reports every problem at once, with paths', () => {
      let error: unknown;
      try {
        compilePolicy({
          policy: {
            packs: ['no-such-pack'],
            rules: [
              rule({ id: 'x', effect: 'deny', when: { jurisdiction: ['XX'] } }),
              rule({ id: 'x', effect: 'deny', targets: { hostedIn: ['Atlantis'] } }),
            ],
          },
          targets: [...catalog, { ...catalog[0], hostedIn: 'QQ' } as TargetInput],
        });
      } catch (caught) {
        error = caught;
      }
      expect(PolicyError.isInstance(error)).toBe(true);
      const paths = (error as PolicyError).issues.map((issue) => issue.path);
      expect(paths).toEqual(
        expect.arrayContaining([
          'packs[0]',
          'rules[0].when.jurisdiction[0]',
          'rules[1].id',
          'rules[1].targets.hostedIn[0]',
          'targets[5].id',
          'targets[5].hostedIn',
        ]),
      );
    });

    it('rejects an effective date that is not ISO 8601, has no offset or is not a calendar date', () => {
      expect(() =>
        compilePolicy({
          policy: { rules: [rule({ id: 'a', effect: 'deny', effective: '25/06/2026' })] },
          targets: catalog,
        }),
      ).toThrow(
        /rules\[0\]\.effective: "25\/06\/2026" is not an ISO 8601 instant; expected an instant such as 2026-06-25T00:00:00Z/,
      );
      const problems = () =>
        compilePolicy({
          policy: {
            rules: [
              rule({
                id: 'a',
                effect: 'deny',
                effective: '2026-06-25T00:00:00',
                expires: '2026-02-30T00:00:00Z',
              }),
            ],
          },
          targets: catalog,
        });
      expect(problems).toThrow(/rules\[0\]\.effective: "2026-06-25T00:00:00" has no offset/);
      expect(problems).toThrow(/rules\[0\]\.expires: 2026-02-30 is not a calendar date/);
    });

    it('names unknown target ids in forTargets', () => {
      const compiled = compilePolicy({ policy: {}, targets: catalog });
      expect(() => compiled.forTargets(['openai-gpt', 'nope'])).toThrow(
        /unknown target id "nope"; the catalog has openai-gpt, openai-pro, mistral-eu, eu-anywhere, local-qwen/,
      );
      expect(() => compiled.forTargets(['nope'])).toThrow(
        expect.objectContaining({ code: 'SWITCHYARD_TARGET_UNKNOWN', name: 'PolicyError' }),
      );
    });
  });

  describe('forTargets', () => {
    const policy: PolicyInput = {
      rules: [
        rule({ id: 'gov', effect: 'deny', when: { tenant: ['gov-*'] }, targets: { origin: ['CN'] } }),
        rule({ id: 'cn', effect: 'deny', when: { jurisdiction: ['CN'] }, targets: { tags: ['frontier'] } }),
      ],
    };
    const route = compilePolicy({ policy, targets: catalog }).forTargets(['openai-gpt', 'local-qwen']);
    const at = Date.parse('2026-07-01T00:00:00Z');

    it('returns the same frozen verdicts for callers who differ only in tenants no rule matches', () => {
      const first = route.evaluate({ jurisdiction: 'US', tenant: 'acme' }, at);
      const second = route.evaluate({ jurisdiction: 'US', tenant: 'globex' }, at);
      expect(second).toBe(first);
      expect(Object.isFrozen(first)).toBe(true);
      expect(Object.isFrozen(first[0])).toBe(true);
    });

    it('applies a tenant rule to every matching tenant, seen before or not', () => {
      for (const tenant of ['gov-a', 'gov-b', 'gov-a']) {
        expect(route.evaluate({ jurisdiction: 'US', tenant }, at)[1]).toMatchObject({
          allowed: false,
          ruleIds: ['gov'],
        });
      }
      expect(
        route.evaluate({ jurisdiction: 'CN', tenant: 'gov-a' }, at).map((verdict) => verdict.ruleIds),
      ).toEqual([['cn'], ['gov']]);
    });

    it('keeps verdicts aligned with the requested order', () => {
      const reversed = compilePolicy({ policy, targets: catalog }).forTargets(['local-qwen', 'openai-gpt']);
      expect(reversed.targetIds).toEqual(['local-qwen', 'openai-gpt']);
      expect(reversed.evaluate({ jurisdiction: 'CN' }, at).map((verdict) => verdict.targetId)).toEqual([
        'local-qwen',
        'openai-gpt',
      ]);
    });
  });

  describe('version', () => {
    it('is stable for the same input and changes when a rule changes', () => {
      const a = compilePolicy({ policy: { packs: ['model-origin'] }, targets: catalog }).version;
      const b = compilePolicy({ policy: { packs: ['model-origin'] }, targets: catalog }).version;
      const c = compilePolicy({ policy: { packs: ['eu-data-residency'] }, targets: catalog }).version;
      expect(a).toBe(b);
      expect(a).not.toBe(c);
      expect(a).toMatch(/^[0-9a-f]{16}$/);
    });
  });
});
