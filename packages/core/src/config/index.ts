export { compileConfigPolicy } from './compile-config-policy.js';
export { configJsonSchema } from './config-json-schema.js';
export type { ConfigFacts } from './config-problems.js';
export { configProblems } from './config-problems.js';
export type { SwitchyardConfig, SwitchyardConfigInput } from './config-schema.js';
export { ConfigSchema } from './config-schema.js';
export type { DocumentLimits } from './document-limits.js';
export { documentLimits } from './document-limits.js';
export { locatedError } from './located-error.js';
export type { DocumentCheck, DocumentPath, LocatedDocument } from './parse-document.js';
export {
  formatDocumentPath,
  parseDocument,
  parseDocumentPath,
  readDocument,
  unlocatedDocument,
  validateLocated,
} from './parse-document.js';
export type { ConfigReview } from './review-config.js';
export { reviewConfig } from './review-config.js';
export { routeProblems } from './route-problems.js';
export { defineConfig, parseConfig, validateConfig } from './validate-config.js';
