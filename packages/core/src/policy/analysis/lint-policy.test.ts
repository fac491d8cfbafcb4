import { describe, expect, it } from 'vitest';
import type { Route } from '../../config/route-schema.js';
import type { TargetInput } from '../../target/target-schema.js';
import { compilePolicy } from '../compile-policy.js';
import type { PolicyInput, PolicyRule } from '../policy-schema.js';
import { lintPolicy } from './lint-policy.js';

const catalog: TargetInput[] = [
  {
    id: 'us-gpt',
    provider: 'openai',
    model: 'gpt-5.4',
    hostedIn: 'US',
    origin: 'US',
    weights: 'closed',
    contextWindow: 1,
    tags: ['frontier'],
  },
  {
    id: 'us-claude',
    provider: 'anthropic',
    model: 'claude',
    hostedIn: 'US',
    origin: 'US',
    weights: 'closed',
    contextWindow: 1,
  },
  {
    id: 'fr-mistral',
    provider: 'mistral',
    model: 'mistral-large',
    hostedIn: 'FR',
    origin: 'FR',
    weights: 'open',
    contextWindow: 1,
  },
  {
    id: 'local',
    provider: 'ollama',
    model: 'llama4',
    hostedIn: 'self',
    origin: 'US',
    weights: 'open',
    contextWindow: 1,
  },
  {
    id: 'spare',
    provider: 'google',
    model: 'gemini',
    hostedIn: 'US',
    origin: 'US',
    weights: 'closed',
    contextWindow: 1,
  },
];
const routes: Record<string, Route> = {
  chat: { targets: ['us-gpt', 'us-claude', 'fr-mistral'], strategy: 'priority', lastResort: ['local'] },
};

const rule = (overrides: Partial<PolicyRule>): PolicyRule => ({
  id: 'r',
  description: 'd',
  source: 's',
  effect: 'deny',
  ...overrides,
});

function lint(policy: PolicyInput): string[] {
  return lintPolicy({ policy: compilePolicy({ policy, targets: catalog }), routes }).map(
    (finding) => `${finding.kind} ${finding.ruleId}: ${finding.message}`,
  );
}

describe('lintPolicy', () => {
  it('finds nothing in a policy whose every rule can change a decision', () => {
    expect(
      lint({
        packs: ['us-export-control-2026', 'eu-data-residency'],
        rules: [rule({ id: 'cn', when: { jurisdiction: ['CN'] }, targets: { weights: 'closed' } })],
      }),
    ).toEqual([]);
  });

  it('flags a rule whose expiry is not after its start', () => {
    expect(
      lint({
        rules: [
          rule({
            effective: '2026-07-01T00:00:00Z',
            expires: '2026-07-01T00:00:00Z',
            targets: { tags: ['frontier'] },
          }),
        ],
      }),
    ).toEqual([
      'never-active r: rule "r" never applies: expires (2026-07-01T00:00:00Z) is not after effective (2026-07-01T00:00:00Z); expected expires later than effective',
    ]);
  });

  it('flags an allow rule under defaultEffect: allow, and accepts it under deny', () => {
    const allow = rule({ id: 'a', effect: 'allow', targets: { provider: ['mistral'] } });
    expect(lint({ rules: [allow] })[0]).toMatch(
      /^never-decides a: rule "a" never changes a decision: an allow rule/,
    );
    expect(lint({ defaultEffect: 'deny', rules: [allow] })).toEqual([]);
  });

  it('flags a require every route candidate already meets, and a rule about targets no route uses', () => {
    expect(
      lint({
        rules: [
          rule({ id: 'req', effect: 'require', targets: { hostedIn: ['US', 'FR', 'self'] } }),
          rule({ id: 'spare', targets: { provider: ['google'] } }),
        ],
      }),
    ).toEqual([
      'require-always-met req: rule "req" never denies a target: every route candidate already meets it; expected a requirement some candidate fails, or remove the rule',
      'never-decides spare: rule "spare" never changes a decision: it matches no candidate of any route; expected a rule about targets some route uses',
    ]);
  });

  it('flags a deny shadowed by a broader deny in a wider window, naming it', () => {
    expect(
      lint({
        rules: [
          rule({ id: 'broad', when: { jurisdiction: ['CN', 'RU'] }, targets: { weights: 'closed' } }),
          rule({
            id: 'narrow',
            effective: '2026-06-25T00:00:00Z',
            when: { jurisdiction: ['CN'], dataClass: ['regulated'] },
            targets: { tags: ['frontier'] },
          }),
        ],
      }),
    ).toEqual([
      'shadowed narrow: rule "narrow" is shadowed by "broad": whenever it applies, that rule applies too and already denies every target it denies (us-gpt); expected a rule that changes some decision, or remove it',
    ]);
  });

  it('flags a user rule a pack shadows, but never a pack rule', () => {
    expect(
      lint({
        packs: ['us-export-control-2026'],
        rules: [
          rule({
            id: 'mine',
            effective: '2026-07-01T00:00:00Z',
            when: { jurisdiction: ['KP'] },
            targets: { model: ['gpt-5.4'] },
          }),
          rule({
            id: 'closed-for-restricted',
            effect: 'require',
            when: { jurisdiction: ['CN', 'RU', 'IR', 'KP', 'BY', 'CU', 'SY', 'VE'] },
            targets: { weights: 'open' },
          }),
        ],
      }),
    ).toEqual([expect.stringMatching(/^shadowed mine: rule "mine" is shadowed by "closed-for-restricted"/)]);
    expect(
      lint({
        packs: ['us-export-control-2026'],
        rules: [
          rule({
            id: 'mine',
            effective: '2026-07-01T00:00:00Z',
            when: { jurisdiction: ['KP'] },
            targets: { model: ['gpt-5.4'] },
          }),
        ],
      }),
    ).toEqual([
      expect.stringMatching(
        /^shadowed mine: rule "mine" is shadowed by "us-export-2026\/frontier-models" \(pack us-export-control-2026\)/,
      ),
    ]);
  });

  it('reports only the later of two rules that say the same', () => {
    const twin = (id: string) =>
      rule({ id, when: { jurisdiction: ['CN'] }, targets: { tags: ['frontier'] } });
    expect(lint({ rules: [twin('first'), twin('second')] })).toEqual([
      expect.stringMatching(/^shadowed second: rule "second" is shadowed by "first"/),
    ]);
  });

  it('does not call a rule shadowed when the other applies only to part of its callers or its window', () => {
    expect(
      lint({
        rules: [
          rule({ id: 'cn-only', when: { jurisdiction: ['CN'] }, targets: { weights: 'closed' } }),
          rule({ id: 'cn-ru', when: { jurisdiction: ['CN', 'RU'] }, targets: { tags: ['frontier'] } }),
          rule({
            id: 'later',
            effective: '2026-07-01T00:00:00Z',
            when: { jurisdiction: ['RU'] },
            targets: { weights: 'closed' },
          }),
          rule({ id: 'ru-always', when: { jurisdiction: ['RU'] }, targets: { provider: ['anthropic'] } }),
        ],
      }),
    ).toEqual([]);
  });

  it('flags two requires that together deny every candidate of a route for the same requests', () => {
    expect(
      lint({
        rules: [
          rule({
            id: 'eu-only',
            effect: 'require',
            when: { jurisdiction: ['EU'] },
            targets: { hostedIn: ['EU'] },
          }),
          rule({
            id: 'closed-only',
            effect: 'require',
            when: { jurisdiction: ['FR'] },
            targets: { weights: 'closed' },
          }),
        ],
      }),
    ).toEqual([
      'contradictory closed-only: rule "closed-only" contradicts "eu-only": for requests both apply to, together they deny every candidate of route chat (us-gpt, us-claude, fr-mistral, local); expected requirements some candidate meets together',
    ]);
  });

  it('flags an allow that a deny fully overrides as shadowed, and one it overrides in part as contradictory', () => {
    expect(
      lint({
        defaultEffect: 'deny',
        rules: [
          rule({
            id: 'allow-fr-for-cn',
            effect: 'allow',
            when: { jurisdiction: ['CN'] },
            targets: { hostedIn: ['FR'] },
          }),
          rule({
            id: 'no-open-for-asia',
            when: { jurisdiction: ['CN', 'JP'] },
            targets: { weights: 'open' },
          }),
          rule({
            id: 'allow-open-for-us',
            effect: 'allow',
            when: { jurisdiction: ['US'] },
            targets: { weights: 'open' },
          }),
          rule({
            id: 'no-mistral-for-regulated',
            when: { dataClass: ['regulated'] },
            targets: { provider: ['mistral'] },
          }),
        ],
      }),
    ).toEqual([
      'shadowed allow-fr-for-cn: rule "allow-fr-for-cn" is shadowed by "no-open-for-asia": whenever it applies, that rule applies too and denies every target it allows (fr-mistral); expected a rule that changes some decision, or remove it',
      'contradictory allow-open-for-us: rule "allow-open-for-us" contradicts "no-mistral-for-regulated" (deny): it allows fr-mistral, which that rule denies for requests both apply to, and deny wins; expected an allow that does not overlap the deny, or a deny that is a narrower exception',
    ]);
  });

  it('does not flag a deny that is a narrower exception to a broad allow', () => {
    expect(
      lint({
        defaultEffect: 'deny',
        rules: [
          rule({ id: 'allow-all', effect: 'allow' }),
          rule({ id: 'deny-gpt-for-ru', when: { jurisdiction: ['RU'] }, targets: { model: ['gpt-5.4'] } }),
        ],
      }),
    ).toEqual([]);
  });
});
