import { describe, expect, it } from 'vitest';
import { compileConfigPolicy } from '../../config/compile-config-policy.js';
import type { SwitchyardConfig } from '../../config/config-schema.js';
import { ConfigError } from '../../errors/config-error.js';
import { problemText } from '../../validation/problem.js';
import { formatPolicyTestResults } from './format-policy-test-results.js';
import { policyTestProblems } from './policy-test-problems.js';
import { readPolicyTests } from './read-policy-tests.js';
import { runPolicyTests } from './run-policy-tests.js';

const config = `config:
  targets:
    - { id: us-gpt, provider: openai, model: gpt-5.4, hostedIn: US, origin: US, weights: closed, contextWindow: 1, tags: [frontier] }
    - { id: local, provider: ollama, model: llama4, hostedIn: self, origin: US, weights: open, contextWindow: 1 }
  routes:
    chat: { targets: [us-gpt], lastResort: [local] }
  defaults: { context: { dataClass: internal } }
  policy:
    rules:
      - { id: cn, description: d, source: s, effect: deny, effective: 2026-06-25T00:00:00Z, when: { jurisdiction: [CN] }, targets: { tags: [frontier] } }
`;

function load(cases: string) {
  const tests = readPolicyTests({ text: `${config}cases:\n${cases}`, file: 'tests.yaml' });
  const loaded = tests.config as SwitchyardConfig;
  return { tests, config: loaded, policy: compileConfigPolicy({ config: loaded }) };
}

describe('policy tests', () => {
  it('pass when every expected verdict and deciding rule holds', () => {
    const {
      tests,
      config: loaded,
      policy,
    } = load(`  - name: CN loses the frontier model
    route: chat
    context: { jurisdiction: CN }
    at: 2026-06-25T00:00:00Z
    expect:
      denied: { us-gpt: [cn] }
      allowed: { local: [] }
`);
    expect(policyTestProblems({ cases: tests.cases, config: loaded, policy })).toEqual([]);
    const results = runPolicyTests({ cases: tests.cases, config: loaded, policy });
    expect(results).toEqual([
      { index: 0, name: 'CN loses the frontier model', passed: true, mismatches: [] },
    ]);
    expect(formatPolicyTestResults({ results, document: tests.document })).toBe(
      'ok   CN loses the frontier model\npolicy tests: all 1 cases hold',
    );
  });

  it('print a diff per mismatch, with the position of the failing case', () => {
    const {
      tests,
      config: loaded,
      policy,
    } = load(`  - name: too early
    route: chat
    context: { jurisdiction: CN }
    at: 2026-06-24T23:59:59Z
    expect:
      denied: [us-gpt]
  - name: wrong rule
    targets: [us-gpt]
    context: { jurisdiction: CN }
    at: 2026-06-26T00:00:00+02:00
    expect:
      denied: { us-gpt: [someone-else] }
`);
    expect(
      policyTestProblems({ cases: tests.cases, config: loaded, policy }).map((problem) =>
        problemText(problem),
      ),
    ).toEqual(['unknown rule id "someone-else"; expected a rule of the policy or its packs: cn']);
    const results = runPolicyTests({ cases: tests.cases, config: loaded, policy });
    expect(formatPolicyTestResults({ results, document: tests.document }).split('\n')).toEqual([
      'FAIL too early (tests.yaml:12:5 cases[0])',
      '  - us-gpt: DENIED',
      '  + us-gpt: allowed (default: no rule denies it; the policy allows by default)',
      'FAIL wrong rule (tests.yaml:18:5 cases[1])',
      '  - us-gpt: DENIED by someone-else',
      '  + us-gpt: DENIED by cn',
      'policy tests: 2 of 2 cases fail',
    ]);
  });

  it('check every reference of the cases, with the closest valid name', () => {
    const {
      tests,
      config: loaded,
      policy,
    } = load(`  - name: bad references
    route: chatt
    context: { jurisdiction: cn, dataClass: regulted }
    at: 2026-06-25T00:00:00Z
    expect:
      allowed: [locl]
      denied: [local]
`);
    expect(
      policyTestProblems({ cases: tests.cases, config: loaded, policy }).map(
        (problem) => `${problem.path.join('.')}: ${problemText(problem)}`,
      ),
    ).toEqual([
      'cases.0.route: unknown route "chatt"; expected one of chat; did you mean "chat"?',
      'cases.0.context.jurisdiction: unknown jurisdiction "cn"; expected an ISO 3166-1 alpha-2 code (upper case, e.g. DE) or a group (EU, EEA); did you mean "CN"?',
      'cases.0.context.dataClass: unknown data class "regulted"; expected one of public, internal, confidential, regulated (the config\'s callers.dataClasses); did you mean "regulated"?',
      'cases.0.expect.allowed.0: "locl" is not evaluated by this case; expected one of us-gpt, local; did you mean "local"?',
    ]);
  });

  it("reports a route named after an object's own properties as unknown, not as the object's", () => {
    const {
      tests,
      config: loaded,
      policy,
    } = load(`  - name: a route named constructor
    route: constructor
    context: { jurisdiction: CN }
    at: 2026-06-25T00:00:00Z
    expect:
      allowed: [local]
`);
    expect(
      policyTestProblems({ cases: tests.cases, config: loaded, policy }).map(
        (problem) => `${problem.path.join('.')}: ${problemText(problem)}`,
      ),
    ).toEqual(['cases.0.route: unknown route "constructor"; expected one of chat']);
  });

  it('reject an instant without an offset and an invalid inline config, with positions', () => {
    let error: unknown;
    try {
      readPolicyTests({
        text: `config:\n  targets: []\n  routes: {}\ncases:\n  - { name: x, at: 2026-06-25T00:00:00, expect: { allowed: [a] } }\n`,
        file: 'tests.yaml',
      });
    } catch (caught) {
      error = caught;
    }
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as ConfigError).issues.map((issue) => `${issue.line} ${issue.path}`)).toEqual([
      '2 config.targets',
      '5 cases[0].at',
    ]);
  });
});
