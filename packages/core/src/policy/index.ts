export { formatCallers, formatDataClasses, formatWindow } from './analysis/cell-phrases.js';
export type { PolicyChange, PolicyDiff, PolicyDiffSide, VerdictSide } from './analysis/diff-policy.js';
export { describeSide, diffPolicy } from './analysis/diff-policy.js';
export type { LintRule, PolicyFinding } from './analysis/lint-policy.js';
export { lintPolicy } from './analysis/lint-policy.js';
export type { CoverageCell, DeadEnd, PolicyCoverage } from './analysis/policy-coverage.js';
export { formatDeadEnd, policyCoverage } from './analysis/policy-coverage.js';
export type { CallerClass, PolicySpace, TimeSegment } from './analysis/policy-space.js';
export { policySpace } from './analysis/policy-space.js';
export type { CatalogIndex } from './catalog-index.js';
export { createCatalogIndex } from './catalog-index.js';
export type { CompiledPolicy, TargetSetPolicy } from './compile-policy.js';
export { compilePolicy } from './compile-policy.js';
export type { RuleEntry } from './expand-packs.js';
export { expandPacks } from './expand-packs.js';
export {
  euDataResidency,
  modelOrigin,
  policyPacks,
  policyPackTests,
  usExportControl2026,
} from './packs/index.js';
export type { PolicyIssue } from './policy-error.js';
export { PolicyError } from './policy-error.js';
export { policyHash } from './policy-hash.js';
export type { CodeKind, InactiveRule } from './policy-problems.js';
export { codeProblem, policyProblems } from './policy-problems.js';
export type { Policy, PolicyCondition, PolicyInput, PolicyRule, TargetPredicate } from './policy-schema.js';
export {
  PolicyConditionSchema,
  PolicyRuleSchema,
  PolicySchema,
  TargetPredicateSchema,
} from './policy-schema.js';
export { formatPolicyTestResults } from './policy-tests/format-policy-test-results.js';
export { caseTargets, policyTestProblems } from './policy-tests/policy-test-problems.js';
export type { PolicyTestCase, PolicyTestFile } from './policy-tests/policy-test-schema.js';
export { PolicyTestCaseSchema, PolicyTestFileSchema } from './policy-tests/policy-test-schema.js';
export { policyTestsJsonSchema } from './policy-tests/policy-tests-json-schema.js';
export type { PolicyTests } from './policy-tests/read-policy-tests.js';
export { readPolicyTests } from './policy-tests/read-policy-tests.js';
export type { PolicyTestMismatch, PolicyTestResult } from './policy-tests/run-policy-tests.js';
export { runPolicyTests } from './policy-tests/run-policy-tests.js';
export { policyValueProblems } from './policy-value-problems.js';
