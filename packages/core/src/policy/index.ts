export type { CompiledPolicy, TargetSetPolicy } from './compile-policy.js';
export { compilePolicy } from './compile-policy.js';
export { euDataResidency, modelOrigin, policyPacks, usExportControl2026 } from './packs/index.js';
export type { PolicyIssue } from './policy-error.js';
export { PolicyError } from './policy-error.js';
export { policyHash } from './policy-hash.js';
export type { Policy, PolicyCondition, PolicyInput, PolicyRule, TargetPredicate } from './policy-schema.js';
export {
  PolicyConditionSchema,
  PolicyRuleSchema,
  PolicySchema,
  TargetPredicateSchema,
} from './policy-schema.js';
