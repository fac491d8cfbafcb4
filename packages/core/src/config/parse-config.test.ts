import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import { configJsonSchema } from './config-json-schema.js';
import { parseConfig, validateConfig } from './validate-config.js';

const target = (id: string, extra = '') => `  - id: ${id}
    provider: openai
    model: gpt-5.4
    hostedIn: US
    origin: US
    weights: closed
    contextWindow: 1000${extra}
`;

function problemsOf(text: string, file = 'switchyard.yaml'): string[] {
  try {
    parseConfig({ text, file });
  } catch (error) {
    if (ConfigError.isInstance(error)) return error.message.split('\n').slice(1);
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('reads the example config and applies defaults', () => {
    const file = new URL('../../../../examples/config/switchyard.yaml', import.meta.url);
    const config = parseConfig({ text: readFileSync(file, 'utf8'), file: 'switchyard.yaml' });
    expect(config.routes.chat?.lastResort).toEqual(['local-llama']);
    expect(config.policy.defaultEffect).toBe('allow');
    expect(config.policy.unknownJurisdiction).toBe('restricted');
    expect(config.defaults.context.dataClass).toBe('internal');
    expect(config.targets.find((entry) => entry.id === 'local-llama')?.hostedIn).toBe('self');
  });

  it('writes out an invisible character pasted into a key or value, and names what a reader sees', () => {
    const text = `targets:
${target('a').replace('provider:', 'pro\u200Bvider: openai\n    provider:').replace('hostedIn: US', 'hostedIn: US\u200B')}routes:
  chat:
    targets: [a]
`;
    expect(problemsOf(text)).toEqual([
      'switchyard.yaml:3:16 targets[0].pro<U+200B>vider: unknown key "pro<U+200B>vider"; expected one of id, provider, model, hostedIn, origin, weights, licence, capabilities, contextWindow, maxOutputTokens, price, tags; did you mean "provider"?',
      'switchyard.yaml:6:15 targets[0].hostedIn: unknown jurisdiction "US<U+200B>"; expected an ISO 3166-1 alpha-2 code (upper case, e.g. DE), a group (EU, EEA), or "self" for on-premises; did you mean "US"?',
    ]);
  });

  it('names file, line, column, path and what was expected for every schema problem at once', () => {
    const text = `targets:
${target('a', '\n    weights2: open')}routes:
  chat:
    targets: [a]
    strategy: fastest-ever
policy:
  rules:
    - id: r
      description: d
      source: s
      effect: deny
      effective: 25/06/2026
`;
    expect(problemsOf(text)).toEqual([
      'switchyard.yaml:9:15 targets[0].weights2: unknown key "weights2"; expected one of id, provider, model, hostedIn, origin, weights, licence, capabilities, contextWindow, maxOutputTokens, price, tags; did you mean "weights"?',
      'switchyard.yaml:13:15 routes.chat.strategy: invalid value "fastest-ever"; expected one of "priority", "cheapest", "fastest", "weighted", "least-busy"; did you mean "fastest"?',
      'switchyard.yaml:20:18 policy.rules[0].effective: "25/06/2026" is not an ISO 8601 instant; expected an instant such as 2026-06-25T00:00:00Z (or with an offset: 2026-06-25T02:00:00+02:00)',
    ]);
  });

  it.each(['', '\n\n', '# only a comment\n', 'null\n'])(
    'says a config of %j is empty, not of the wrong type, at line 1',
    (text) => {
      expect(problemsOf(text)).toEqual([
        'switchyard.yaml:1:1 (root): empty: got nothing (an empty file, only comments, or null); expected a map',
      ]);
    },
  );

  it('refuses a price past a dollar a token, whose costs would reach infinity', () => {
    const text = `targets:\n${target('a', '\n    price: { input: 1e308, output: 1 }')}routes:\n  chat: { targets: [a] }\n`;
    expect(problemsOf(text)).toEqual([
      'switchyard.yaml:9:21 targets[0].price.input: too big: got number 1e+308; expected at most 1,000,000 USD (per million tokens, a dollar a token): a price above it is a slip, and its costs reach infinity',
    ]);
  });

  it('points a missing required field at its parent', () => {
    const problems = problemsOf('targets:\n  - id: a\n    provider: openai\nroutes: {}\n');
    expect(problems).toContain('switchyard.yaml:2:5 targets[0].model: required; expected text');
  });

  it('reports unknown route targets, weights and group members, with the closest valid name', () => {
    const text = `targets:
${target('a')}  - id: b
    provider: ollama
    model: llama4
    hostedIn: Atlantis
    origin: US
    weights: open
    contextWindow: 1000
routes:
  chat:
    targets: [a, c]
    weights: { b: 2 }
    lastResort: [d]
groups:
  NORDIC: [SE, XY]
`;
    const problems = problemsOf(text);
    expect(problems).toEqual([
      'switchyard.yaml:12:15 targets[1].hostedIn: unknown jurisdiction "Atlantis"; expected an ISO 3166-1 alpha-2 code (upper case, e.g. DE), a group (EU, EEA, NORDIC), or "self" for on-premises',
      'switchyard.yaml:18:18 routes.chat.targets[1]: unknown target "c"; expected a target id: a, b',
      'switchyard.yaml:19:14 routes.chat.weights: weights are used only by strategy "weighted"; this route\'s strategy is "priority", which would ignore them; expected strategy: weighted, or no weights',
      'switchyard.yaml:19:19 routes.chat.weights.b: "b" is not one of this route\'s targets; expected one of a, c',
      'switchyard.yaml:20:18 routes.chat.lastResort[0]: unknown target "d"; expected a target id: a, b',
      'switchyard.yaml:22:16 groups.NORDIC[1]: group "NORDIC" lists "XY", which is neither an ISO 3166-1 alpha-2 code nor a group; expected an ISO 3166-1 alpha-2 code (upper case, e.g. DE) or a group (EU, EEA, NORDIC)',
    ]);
  });

  it('refuses names every JavaScript object has as target ids, routes and groups, where a parser would drop __proto__', () => {
    const text = `targets:
${target('constructor')}${target('a')}routes:
  __proto__:
    targets: [a]
  toString:
    targets: [a]
  chat:
    targets: [a]
groups:
  valueOf: [SE]
`;
    expect(problemsOf(text)).toEqual([
      'switchyard.yaml:2:9 targets[0].id: target id "constructor" is a property every JavaScript object already has; expected another target id',
      'switchyard.yaml:18:5 routes.__proto__: route name "__proto__" is a property every JavaScript object already has; expected another route name',
      'switchyard.yaml:20:5 routes.toString: route name "toString" is a property every JavaScript object already has; expected another route name',
      'switchyard.yaml:24:12 groups.valueOf: group name "valueOf" is a property every JavaScript object already has; expected another group name',
    ]);
  });

  it('reports a jurisdiction code in the policy at its line', () => {
    const text = `targets:
${target('a')}routes:
  chat: { targets: [a] }
policy:
  rules:
    - { id: r, description: d, source: s, effect: deny, when: { jurisdiction: [CN, QQ] } }
`;
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^switchyard\.yaml:13:\d+ policy\.rules\[0\]\.when\.jurisdiction\[1\]: unknown jurisdiction "QQ"/,
    );
  });

  it('reports YAML syntax errors with their position and the unreadable code', () => {
    let error: unknown;
    try {
      parseConfig({ text: 'targets: [\n', file: 'broken.yaml' });
    } catch (caught) {
      error = caught;
    }
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as ConfigError).code).toBe('SWITCHYARD_CONFIG_UNREADABLE');
    expect((error as ConfigError).issues[0]).toMatchObject({
      file: 'broken.yaml',
      line: 2,
      path: '(syntax)',
    });
  });

  it('reports a line indented deeper than the key before it once, saying what to write', () => {
    let error: unknown;
    try {
      parseConfig({
        text: 'defaults:\n  context:\n    jurisdiction: US\n      dataClass: internal\n',
        file: 'slip.yaml',
      });
    } catch (caught) {
      error = caught;
    }
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as ConfigError).issues).toEqual([
      expect.objectContaining({
        line: 3,
        column: 19,
        path: '(syntax)',
        message:
          'the next line is indented deeper than the key on this line, so YAML reads this value and that line as one key; expected the next key at the same indentation as the key on this line (or, for a nested block, this value removed and the block on the lines below)',
      }),
    ]);
  });

  it('reads JSON with positions too', () => {
    const problems = problemsOf('{\n  "targets": [],\n  "routes": {}\n}', 'switchyard.json');
    expect(problems).toEqual([
      'switchyard.json:2:14 targets: too few items: got 0 items; expected a list of at least one item',
    ]);
  });
});

describe('validateConfig', () => {
  it('validates a TypeScript config object with paths but no lines', () => {
    expect(() =>
      validateConfig({
        targets: [
          {
            id: 'a',
            provider: 'x',
            model: 'm',
            hostedIn: 'US',
            origin: 'US',
            weights: 'open',
            contextWindow: 1,
          },
        ],
        routes: { chat: { targets: ['zz'] } },
      }),
    ).toThrow('<config> routes.chat.targets[0]: unknown target "zz"; expected a target id: a');
  });
});

describe('configJsonSchema', () => {
  it('matches the committed schema file (run `pnpm --filter @switchyard/core schema` after changing the config schema)', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../schema/switchyard.schema.json', import.meta.url), 'utf8'),
    );
    expect(committed).toEqual(configJsonSchema());
  });

  it('documents every target field', () => {
    const schema = configJsonSchema() as {
      properties: { targets: { items: { properties: Record<string, { description?: string }> } } };
    };
    const fields = schema.properties.targets.items.properties;
    expect(Object.values(fields).every((field) => typeof field.description === 'string')).toBe(true);
  });
});
