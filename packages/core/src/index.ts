export * from './adapter/index.js';
export * from './budget/index.js';
export * from './config/index.js';
export type { MidStreamMode, Route, RouteInput, Strategy } from './config/route-schema.js';
export { midStreamModes, RouteSchema, strategies } from './config/route-schema.js';
export type { Callers, CallersInput } from './context/callers-schema.js';
export { CallersSchema, defaultDataClasses } from './context/callers-schema.js';
export type { RequestContext } from './context/request-context.js';
export { RequestContextSchema } from './context/request-context.js';
export { requestContextProblems } from './context/request-context-problems.js';
export type { RequestContextParseResult } from './context/safe-parse-request-context.js';
export { safeParseRequestContext } from './context/safe-parse-request-context.js';
export * from './cost/index.js';
export { BudgetExceededError } from './errors/budget-exceeded-error.js';
export { BudgetUnavailableError } from './errors/budget-unavailable-error.js';
export type { ConfigIssue } from './errors/config-error.js';
export { ConfigError, formatConfigIssue } from './errors/config-error.js';
export type { ErrorCode } from './errors/error-codes.js';
export { errorCodes } from './errors/error-codes.js';
export { ProviderError } from './errors/provider-error.js';
export { SwitchyardError } from './errors/switchyard-error.js';
export * from './failure/index.js';
export * from './jurisdiction/index.js';
export * from './policy/index.js';
export type { Verdict } from './policy/verdict.js';
export { attemptReachedCaller } from './record/attempt-reached-caller.js';
export type {
  BasisDocument,
  BudgetsDocument,
  CatalogDocument,
  PolicyDocument,
  PriceDocument,
} from './record/basis-document.js';
export {
  BasisDocumentSchema,
  BudgetsDocumentSchema,
  CatalogDocumentSchema,
  PolicyDocumentSchema,
  PriceDocumentSchema,
} from './record/basis-document.js';
export { budgetsDocument, catalogDocuments, policyDocument } from './record/basis-documents.js';
export type { ChainLink } from './record/chain-link.js';
export { ChainLinkSchema } from './record/chain-link.js';
export type {
  BudgetRefusal,
  CandidateState,
  DecisionInputs,
  RecordedCutoff,
  RecordedProvenance,
} from './record/decision-inputs.js';
export {
  BudgetRefusalSchema,
  CandidateStateSchema,
  DecisionInputsSchema,
  healthSources,
  RecordedCutoffSchema,
  RecordedProvenanceSchema,
  requiredCapabilities,
} from './record/decision-inputs.js';
export type {
  AttemptBudget,
  AttemptRecord,
  DecisionRecord,
  StreamContinuation,
  TokenUsage,
} from './record/decision-record.js';
export {
  AttemptBudgetSchema,
  AttemptRecordSchema,
  BudgetAmountSchema,
  CountedBudgetSchema,
  DecisionRecordSchema,
  decisionRecordSchemaVersion,
  decisionRecordSchemaVersions,
  RecordedVerdictSchema,
  SkippedCandidateSchema,
  StreamContinuationSchema,
  skippedReasons,
  TokenUsageSchema,
} from './record/decision-record.js';
export type { DecisionSink, SinkHost } from './record/decision-sink.js';
export { reportSinkError } from './record/report-sink-error.js';
export { targetProblems } from './target/target-problems.js';
export type { Capability, Price, Target, TargetInput } from './target/target-schema.js';
export { capabilities, PriceSchema, TargetSchema } from './target/target-schema.js';
export { compareText } from './text/compare-text.js';
export { invalidJsonMessage, type JsonSyntaxError, jsonSyntaxError } from './text/invalid-json.js';
export { terminalSafe } from './text/terminal-safe.js';
export { closestDuration, DurationSchema, durationExample, formatDuration } from './time/duration-schema.js';
export {
  formatInstant,
  InstantSchema,
  instantExample,
  instantProblem,
  parseInstant,
} from './time/instant-schema.js';
export { closestName } from './validation/closest-name.js';
export { describeSchemaIssues, valueAt } from './validation/describe-schema-issue.js';
export {
  idsOf,
  isObjectPropertyName,
  keysOf,
  objectPropertyNameProblems,
} from './validation/object-property-names.js';
export type { Problem } from './validation/problem.js';
export { listNames, problemText } from './validation/problem.js';
export { sortIssues } from './validation/sort-issues.js';
