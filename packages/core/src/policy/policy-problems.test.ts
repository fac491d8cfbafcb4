import { describe, expect, it } from 'vitest';
import type { TargetInput } from '../target/target-schema.js';
import { compilePolicy } from './compile-policy.js';
import { PolicyError } from './policy-error.js';
import type { PolicyInput, PolicyRule } from './policy-schema.js';

const catalog: TargetInput[] = [
  {
    id: 'us-gpt',
    provider: 'openai',
    model: 'gpt-5.4',
    hostedIn: 'US',
    origin: 'US',
    weights: 'closed',
    contextWindow: 1,
    capabilities: ['tools'],
    tags: ['frontier'],
  },
  {
    id: 'eu-mistral',
    provider: 'mistral',
    model: 'mistral-large',
    hostedIn: 'EU',
    origin: 'FR',
    weights: 'open',
    licence: 'Apache-2.0',
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
];

const rule = (overrides: Partial<PolicyRule>): PolicyRule => ({
  id: 'r',
  description: 'd',
  source: 's',
  effect: 'deny',
  ...overrides,
});

function issues(policy: PolicyInput, callers?: { dataClasses?: string[]; tenants?: string[] }): string[] {
  try {
    compilePolicy({ policy, targets: catalog, ...(callers ? { callers } : {}) });
  } catch (error) {
    if (PolicyError.isInstance(error)) return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
  return [];
}

describe('compilePolicy references', () => {
  it('accepts values that name something, including a place inside a group a target is hosted in', () => {
    expect(
      issues({
        rules: [
          rule({
            when: { jurisdiction: ['CN', 'unknown'], dataClass: ['regulated'] },
            targets: { hostedIn: ['FR'], provider: ['mistral'], licence: ['Apache-2.0'] },
          }),
        ],
      }),
    ).toEqual([]);
  });

  it('reports a place nobody is hosted in, an origin no model has, a capability and weights no target has', () => {
    expect(
      issues({
        rules: [
          rule({ id: 'a', targets: { hostedIn: ['CN'] } }),
          rule({ id: 'b', targets: { notHostedIn: ['JP'], origin: ['CN'] } }),
          rule({ id: 'c', targets: { capability: ['vision'] } }),
          rule({ id: 'd', effect: 'require', targets: { hostedIn: ['self'], weights: 'closed' } }),
        ],
      }),
    ).toEqual([
      'rules[0].targets.hostedIn[0]: no target is hosted in CN; expected a place where some target is hosted: US, EU, self',
      'rules[1].targets.notHostedIn[0]: no target is hosted in JP; expected a place where some target is hosted: US, EU, self',
      "rules[1].targets.origin[0]: no target's model comes from CN; expected a place where some target's model comes from: US, FR",
      'rules[2].targets.capability[0]: no target has capability "vision"; expected one of tools',
      'rules[3].targets: matches no target: each value names something, but no target has them all together; expected a predicate that at least one target meets',
    ]);
  });

  it('reports a data class outside callers.dataClasses, and accepts declared ones', () => {
    expect(issues({ rules: [rule({ when: { dataClass: ['secret'] } })] })).toEqual([
      'rules[0].when.dataClass[0]: unknown data class "secret"; expected one of public, internal, confidential, regulated (declare others in callers.dataClasses)',
    ]);
    expect(
      issues({ rules: [rule({ when: { dataClass: ['secret'] } })] }, { dataClasses: ['secret'] }),
    ).toEqual([]);
  });

  it('checks tenant globs against callers.tenants when they are declared', () => {
    const policy = { rules: [rule({ when: { tenant: ['gov-*', 'acme'] } })] };
    expect(issues(policy)).toEqual([]);
    expect(issues(policy, { tenants: ['gov-de', 'initech'] })).toEqual([
      'rules[0].when.tenant[1]: tenant glob "acme" matches no tenant of callers.tenants; expected a glob matching one of gov-de, initech',
    ]);
  });

  it('reports an unknown jurisdiction with the code it probably meant', () => {
    expect(issues({ rules: [rule({ when: { jurisdiction: ['cn', 'Germany'] } })] })).toEqual([
      'rules[0].when.jurisdiction[0]: unknown jurisdiction "cn"; expected an ISO 3166-1 alpha-2 code (upper case, e.g. DE), a group (EU, EEA), or "unknown" for callers with no or an unknown jurisdiction; did you mean "CN"?',
      'rules[0].when.jurisdiction[1]: unknown jurisdiction "Germany"; expected an ISO 3166-1 alpha-2 code (upper case, e.g. DE), a group (EU, EEA), or "unknown" for callers with no or an unknown jurisdiction; did you mean "DE"?',
    ]);
  });

  it('reports a rule id used twice, also against a pack', () => {
    expect(
      issues({
        packs: ['model-origin'],
        rules: [rule({ id: 'model-origin/gov-tenants' }), rule({ id: 'x' }), rule({ id: 'x' })],
      }),
    ).toEqual([
      'rules[2].id: duplicate rule id "x"; expected a rule id used once across the policy and its packs',
    ]);
  });

  it('reports an unknown pack with the closest shipped one, and a pack listed twice', () => {
    expect(issues({ packs: ['eu-residency', 'model-origin', 'model-origin'] })).toEqual([
      'packs[0]: unknown policy pack "eu-residency"; expected one of us-export-control-2026, eu-data-residency, model-origin',
      'packs[2]: pack "model-origin" is listed twice; expected each pack once',
    ]);
  });

  it("reports a pack named after an object's own properties as unknown, not as its prototype", () => {
    expect(issues({ packs: ['__proto__', 'constructor', 'toString'] })).toEqual(
      ['__proto__', 'constructor', 'toString'].map(
        (name, index) =>
          `packs[${index}]: unknown policy pack "${name}"; expected one of us-export-control-2026, eu-data-residency, model-origin`,
      ),
    );
  });

  it('lists pack rules that match nothing in this catalog as inactive instead of failing', () => {
    const compiled = compilePolicy({
      policy: { packs: ['us-export-control-2026', 'model-origin'] },
      targets: catalog,
    });
    expect(compiled.inactive.map((entry) => [entry.ruleId, entry.reason])).toEqual([
      ['us-export-2026/withdrawn-worldwide', 'no target in this catalog matches it'],
      ['model-origin/gov-tenants', 'no target in this catalog matches it'],
    ]);
  });

  it('lists a pack rule on a data class no request can carry as inactive', () => {
    const compiled = compilePolicy({
      policy: { packs: ['eu-data-residency'] },
      targets: catalog,
      callers: { dataClasses: ['public', 'secret'] },
    });
    expect(compiled.inactive[0]?.reason).toBe(
      'no request can carry data class regulated (callers.dataClasses: public, secret)',
    );
  });
});
