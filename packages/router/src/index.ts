export { apiCallErrorSignals, classifyAPICallError } from './classify/classify-api-call-error.js';
export { type Classifier, classifyError } from './classify/classify-error.js';
export {
  type CreateRouterOptions,
  createRouter,
  RequestOptionsSchema,
  type Router,
} from './create-router.js';
export { type IneligibleCandidate, NoEligibleTargetError } from './errors/no-eligible-target-error.js';
export { RequestFailedError } from './errors/request-failed-error.js';
export { RequestOptionsError } from './errors/request-options-error.js';
export {
  type HealthOptions,
  HealthOptionsSchema,
  healthDefaults,
  TargetHealthOptionsSchema,
} from './health/health-options.js';
export type { Cutoff, TargetHealthState } from './health/target-health.js';
export type { RouterEvents } from './router-events.js';
export { callbackSink } from './sinks/callback-sink.js';
export { jsonlSink } from './sinks/jsonl-sink.js';
export { type MemorySink, memorySink } from './sinks/memory-sink.js';
