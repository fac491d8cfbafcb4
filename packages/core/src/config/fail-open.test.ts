import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import { compilePolicy } from '../policy/compile-policy.js';
import { parseConfig } from './validate-config.js';

/**
 * Regression tests for the ways the policy failed open (issue 10): each of
 * these configs passed validation before.
 */

const catalog = `targets:
  - id: us-gpt
    provider: openai
    model: gpt-5.4
    hostedIn: US
    origin: US
    weights: closed
    contextWindow: 1000
    tags: [frontier]
  - id: fr-mistral
    provider: mistral
    model: mistral-large
    hostedIn: FR
    origin: FR
    weights: open
    licence: Apache-2.0
    contextWindow: 1000
routes:
  chat: { targets: [us-gpt, fr-mistral] }
`;

function problemsOf(text: string): string[] {
  try {
    parseConfig({ text, file: 'switchyard.yaml' });
  } catch (error) {
    if (ConfigError.isInstance(error)) return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
  return [];
}

const denyRule = (targets: string) => `policy:
  rules:
    - id: acme/deny
      description: d
      source: s
      effect: deny
      targets: ${targets}
`;

describe('policy that cannot fail open', () => {
  it('does not let a user group redefine the built-in EU (which would weaken eu-data-residency)', () => {
    const problems = problemsOf(
      `${catalog}groups:\n  EU: [DE, FR, NL]\npolicy:\n  packs: [eu-data-residency]\n`,
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /^groups\.EU: group "EU" redefines the built-in group EU.*expected a new name that extends it, e\.g\. EU_PLUS: \[EU, CH\]/,
      ),
    ]);
  });

  it.each([
    [
      'a target id',
      '{ id: [us-gtp] }',
      /targets\.id\[0\]: target id glob "us-gtp" matches no target.*did you mean "us-gpt"\?/,
    ],
    [
      'a provider',
      '{ provider: [opanai] }',
      /targets\.provider\[0\]: no target has provider "opanai".*did you mean "openai"\?/,
    ],
    ['a model glob', '{ model: ["gpt-6*"] }', /targets\.model\[0\]: model glob "gpt-6\*" matches no target/],
    [
      'a tag',
      '{ tags: [frontiers] }',
      /targets\.tags\[0\]: no target has tag "frontiers".*did you mean "frontier"\?/,
    ],
    [
      'a licence',
      '{ licence: [MIT] }',
      /targets\.licence\[0\]: no target has licence "MIT"; expected one of proprietary, Apache-2\.0/,
    ],
  ])('rejects a deny rule whose targets name %s that no target has', (_, targets, expected) => {
    expect(problemsOf(`${catalog}${denyRule(targets)}`)).toEqual([expect.stringMatching(expected)]);
  });

  it('rejects an instant without an offset, which would be read in the server time zone', () => {
    const problems = problemsOf(
      `${catalog}policy:\n  rules:\n    - { id: r, description: d, source: s, effect: deny, effective: 2026-06-25T00:00:00, when: { jurisdiction: [CN] } }\n`,
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /policy\.rules\[0\]\.effective: "2026-06-25T00:00:00" has no offset.*expected an instant such as 2026-06-25T00:00:00Z/,
      ),
    ]);
  });

  it('rejects an impossible calendar date instead of rolling it over to March', () => {
    const problems = problemsOf(
      `${catalog}policy:\n  rules:\n    - { id: r, description: d, source: s, effect: deny, effective: "2026-02-30T00:00:00Z", when: { jurisdiction: [CN] } }\n`,
    );
    expect(problems).toEqual([
      expect.stringMatching(/policy\.rules\[0\]\.effective: 2026-02-30 is not a calendar date/),
    ]);
  });

  it('never reads a YAML timestamp in the local time zone: an explicit !!timestamp tag is refused', () => {
    const problems = problemsOf(
      `${catalog}policy:\n  rules:\n    - { id: r, description: d, source: s, effect: deny, effective: !!timestamp 2026-06-25T00:00:00, when: { jurisdiction: [CN] } }\n`,
    );
    expect(problems).toEqual([
      expect.stringMatching(/^\(syntax\): unsupported YAML tag tag:yaml\.org,2002:timestamp/),
    ]);
  });

  it('reports schema, reference and group problems in one run, sorted by line', () => {
    const text = `targets:
  - id: a
    provider: openai
    model: gpt-5.4
    hostedIn: US
    origin: US
    weights: shut
    contextWindow: 1000
routes:
  chat: { targets: [a, b] }
groups:
  EEA: [NO]
policy:
  rules:
    - { id: r, description: d, source: s, effect: deny, targets: { provider: [anthropic] } }
`;
    let error: unknown;
    try {
      parseConfig({ text, file: 'x.yaml' });
    } catch (caught) {
      error = caught;
    }
    expect(ConfigError.isInstance(error)).toBe(true);
    const lines = (error as ConfigError).issues.map((issue) => issue.line);
    expect((error as ConfigError).issues.map((issue) => issue.path)).toEqual([
      'targets[0].weights',
      'routes.chat.targets[1]',
      'groups.EEA',
      'policy.rules[0].targets.provider[0]',
    ]);
    expect(lines).toEqual([...lines].sort((a, b) => (a ?? 0) - (b ?? 0)));
  });

  it('checks the references of a target, route, rule and callers block that fail the schema in the same run', () => {
    const text = `targets:
  - id: a
    provider: openai
    model: gpt-5.4
    hostedIn: US
    origin: US
    weights: closed
    contextWindow: 1000
  - id: b
    provider: ollama
    model: llama4
    hostedIn: sweden
    origin: US
    weights: open
    capabilites: [streaming]
    contextWindow: 1000
routes:
  chat:
    strategy: priorty
    targets: [a, c]
  code:
    strategy: fastest
    targets: [a]
    weights: { a: 2 }
    budget: 3
callers:
  jurisdictions: [US, us]
  dataClasses: public
policy:
  rules:
    - id: r1
      effect: deny
      targets: { model: [gpt-6*] }
      when: { jurisdiction: [XX, us] }
    - id: r2
      effect: forbid
      description: d
      targets: { provider: [anthropic], id: zz }
`;
    let error: unknown;
    try {
      parseConfig({ text, file: 'x.yaml' });
    } catch (caught) {
      error = caught;
    }
    expect(ConfigError.isInstance(error)).toBe(true);
    const found = (error as ConfigError).issues.map(
      (issue) => `${issue.path}: ${issue.message.split('; expected')[0]}`,
    );
    expect(found).toEqual([
      'targets[1].hostedIn: unknown jurisdiction "sweden"',
      'targets[1].capabilites: unknown key "capabilites"',
      'routes.chat.strategy: invalid value "priorty"',
      'routes.chat.targets[1]: unknown target "c"',
      'routes.code.weights: weights are used only by strategy "weighted"; this route\'s strategy is "fastest", which would ignore them',
      'routes.code.budget: unknown key "budget"',
      'callers.jurisdictions[1]: unknown jurisdiction "us"',
      'callers.dataClasses: wrong type: got text "public"',
      'policy.rules[0].description: required',
      'policy.rules[0].source: required',
      'policy.rules[0].targets.model[0]: model glob "gpt-6*" matches no target',
      'policy.rules[0].when.jurisdiction[0]: unknown jurisdiction "XX"',
      'policy.rules[0].when.jurisdiction[1]: unknown jurisdiction "us"',
      'policy.rules[1].source: required',
      'policy.rules[1].effect: invalid value "forbid"',
      'policy.rules[1].targets.provider[0]: no target has provider "anthropic"',
      'policy.rules[1].targets.id: wrong type: got text "zz"',
    ]);
  });

  it('ends a YAML alias bomb in a ConfigError naming the limit', () => {
    let bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n';
    for (let index = 1; index < 9; index++) {
      const name = String.fromCharCode(97 + index);
      const previous = String.fromCharCode(96 + index);
      bomb += `${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]\n`;
    }
    let error: unknown;
    try {
      parseConfig({ text: bomb, file: 'bomb.yaml' });
    } catch (caught) {
      error = caught;
    }
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as ConfigError).message).toMatch(/bomb\.yaml.*aliases/);
  });

  it('rejects the same dangling reference when a policy is compiled directly', () => {
    expect(() =>
      compilePolicy({
        policy: {
          rules: [{ id: 'r', description: 'd', source: 's', effect: 'deny', targets: { model: ['gpt-6*'] } }],
        },
        targets: [
          {
            id: 'a',
            provider: 'openai',
            model: 'gpt-5.4',
            hostedIn: 'US',
            origin: 'US',
            weights: 'closed',
            contextWindow: 1,
          },
        ],
      }),
    ).toThrow(/rules\[0\]\.targets\.model\[0\]: model glob "gpt-6\*" matches no target/);
  });
});
