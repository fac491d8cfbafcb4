import type { SwitchyardConfig } from '../../config/config-schema.js';
import type { CompiledPolicy } from '../compile-policy.js';
import type { Verdict } from '../verdict.js';
import { caseTargets } from './policy-test-problems.js';
import type { PolicyTestCase } from './policy-test-schema.js';

/** A target whose verdict is not the one expected. */
export interface PolicyTestMismatch {
  readonly targetId: string;
  /** What the case expects: allowed or not, and the deciding rule ids when it names them. */
  readonly expected: { readonly allowed: boolean; readonly ruleIds?: readonly string[] };
  /** What the policy says. */
  readonly actual: Verdict;
}

/** The outcome of one case. */
export interface PolicyTestResult {
  /** Index of the case in its file. */
  readonly index: number;
  readonly name: string;
  readonly passed: boolean;
  readonly mismatches: readonly PolicyTestMismatch[];
}

const sameRules = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().every((id, index) => id === [...b].sort()[index]);

/**
 * Runs policy test cases: evaluates each case's targets in its context
 * (merged over the config's `defaults.context`, as the router does) at its
 * instant, and compares every expected target's verdict, and the deciding
 * rule ids where the case names them. Check the cases first with
 * `policyTestProblems`.
 *
 * @param options.cases the cases.
 * @param options.config the validated config.
 * @param options.policy its compiled policy.
 * @returns one result per case, in order.
 */
export function runPolicyTests(options: {
  cases: readonly PolicyTestCase[];
  config: SwitchyardConfig;
  policy: CompiledPolicy;
}): PolicyTestResult[] {
  return options.cases.map((testCase, index) => {
    const targets = caseTargets(testCase, options.config);
    const verdicts = options.policy
      .forTargets(targets)
      .evaluate({ ...options.config.defaults.context, ...testCase.context }, Date.parse(testCase.at));
    const byId = new Map(verdicts.map((verdict) => [verdict.targetId, verdict]));
    const mismatches: PolicyTestMismatch[] = [];
    for (const allowed of [true, false]) {
      const expectation = testCase.expect[allowed ? 'allowed' : 'denied'];
      if (expectation === undefined) continue;
      const entries: [string, readonly string[] | undefined][] = Array.isArray(expectation)
        ? expectation.map((id) => [id, undefined])
        : Object.entries(expectation);
      for (const [targetId, ruleIds] of entries) {
        const actual = byId.get(targetId);
        if (!actual) continue;
        if (actual.allowed !== allowed || (ruleIds !== undefined && !sameRules(ruleIds, actual.ruleIds))) {
          mismatches.push({ targetId, expected: { allowed, ...(ruleIds ? { ruleIds } : {}) }, actual });
        }
      }
    }
    return { index, name: testCase.name, passed: mismatches.length === 0, mismatches };
  });
}
