import type { SwitchyardConfig } from '../../config/config-schema.js';
import { requestContextProblems } from '../../context/request-context-problems.js';
import { closestName } from '../../validation/closest-name.js';
import { listNames, type Problem } from '../../validation/problem.js';
import type { CompiledPolicy } from '../compile-policy.js';
import type { PolicyTestCase } from './policy-test-schema.js';

/** The targets a case evaluates: its route's candidates and last resorts, its `targets`, or the whole catalog. */
export function caseTargets(testCase: PolicyTestCase, config: SwitchyardConfig): string[] {
  const route =
    testCase.route === undefined || !Object.hasOwn(config.routes, testCase.route)
      ? undefined
      : config.routes[testCase.route];
  if (route) return [...new Set([...route.targets, ...route.lastResort])];
  return testCase.targets ?? config.targets.map((target) => target.id);
}

/**
 * Checks the cases of a policy test file against the config they test:
 * routes and target ids exist, expected targets are among the evaluated
 * ones and listed once, rule ids exist in the policy (its packs included),
 * and contexts are valid requests.
 *
 * @param options.cases the cases.
 * @param options.config the validated config.
 * @param options.policy its compiled policy.
 * @returns problems at `cases[index]...`.
 */
export function policyTestProblems(options: {
  cases: readonly PolicyTestCase[];
  config: SwitchyardConfig;
  policy: CompiledPolicy;
}): Problem[] {
  const { config, policy } = options;
  const problems: Problem[] = [];
  const routeNames = Object.keys(config.routes);
  const targetIds = config.targets.map((target) => target.id);
  const ruleIds = policy.policy.rules.map((rule) => rule.id);
  options.cases.forEach((testCase, index) => {
    const at = (...path: (string | number)[]) => ['cases', index, ...path];
    if (testCase.route !== undefined && testCase.targets !== undefined) {
      problems.push({
        path: at('targets'),
        message: 'give "route" or "targets", not both',
        expected: 'one of them',
      });
    }
    if (testCase.route !== undefined && !Object.hasOwn(config.routes, testCase.route)) {
      const suggestion = closestName(testCase.route, routeNames);
      problems.push({
        path: at('route'),
        message: `unknown route "${testCase.route}"`,
        expected: `one of ${routeNames.join(', ')}`,
        ...(suggestion ? { suggestion } : {}),
      });
    }
    testCase.targets?.forEach((id, targetIndex) => {
      if (targetIds.includes(id)) return;
      const suggestion = closestName(id, targetIds);
      problems.push({
        path: at('targets', targetIndex),
        message: `unknown target "${id}"`,
        expected: `a target id: ${listNames(targetIds)}`,
        ...(suggestion ? { suggestion } : {}),
      });
    });
    for (const problem of requestContextProblems({
      context: testCase.context,
      jurisdictions: policy.jurisdictions,
      callers: policy.callers,
    }))
      problems.push({ ...problem, path: at('context', ...problem.path) });
    const evaluated = caseTargets(testCase, config);
    const seen = new Set<string>();
    for (const verdict of ['allowed', 'denied'] as const) {
      const expectation = testCase.expect[verdict];
      if (expectation === undefined) continue;
      const entries: [string, readonly string[] | undefined, string | number][] = Array.isArray(expectation)
        ? expectation.map((id, position) => [id, undefined, position])
        : Object.entries(expectation).map(([id, rules]) => [id, rules, id]);
      for (const [id, rules, key] of entries) {
        if (!evaluated.includes(id)) {
          const suggestion = closestName(id, evaluated);
          problems.push({
            path: at('expect', verdict, key),
            message: `"${id}" is not evaluated by this case`,
            expected: `one of ${listNames(evaluated)}`,
            ...(suggestion ? { suggestion } : {}),
          });
        }
        if (seen.has(id)) {
          problems.push({
            path: at('expect', verdict, key),
            message: `"${id}" is expected both allowed and denied`,
            expected: 'each target in one list',
          });
        }
        seen.add(id);
        rules?.forEach((ruleId, ruleIndex) => {
          if (ruleIds.includes(ruleId)) return;
          const suggestion = closestName(ruleId, ruleIds);
          problems.push({
            path: at('expect', verdict, key, ruleIndex),
            message: `unknown rule id "${ruleId}"`,
            expected: `a rule of the policy or its packs: ${listNames(ruleIds)}`,
            ...(suggestion ? { suggestion } : {}),
          });
        });
      }
    }
  });
  return problems;
}
