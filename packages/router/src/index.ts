export type { AttemptHookInfo, AttemptHooks } from './attempt/attempt-hooks.js';
export { apiCallErrorSignals, classifyAPICallError } from './classify/classify-api-call-error.js';
export { type Classifier, classifyError } from './classify/classify-error.js';
export { RequestOptionsSchema } from './context/resolve-request-context.js';
export { type CreateRouterOptions, createRouter } from './create-router.js';
export { type IneligibleCandidate, NoEligibleTargetError } from './errors/no-eligible-target-error.js';
export { RequestFailedError } from './errors/request-failed-error.js';
export { RequestOptionsError } from './errors/request-options-error.js';
export { SinkWriteError } from './errors/sink-write-error.js';
export {
  type HealthOptions,
  HealthOptionsSchema,
  healthDefaults,
  TargetHealthOptionsSchema,
} from './health/health-options.js';
export type {
  CircuitSnapshot,
  CooldownSnapshot,
  CutoffEvidence,
  CutoffSnapshot,
  HealthSnapshot,
  TargetSnapshot,
} from './health/health-snapshot.js';
export {
  type Cutoff,
  type FleetLatencySummary,
  type HealthProvenance,
  type HealthSource,
  type HealthStore,
  type RemoteHealthChange,
  type SharedCircuit,
  type TargetHealthRecord,
  wholeTarget,
} from './health/health-store.js';
export { memoryHealthStore } from './health/memory-health-store.js';
export type { TargetHealthState } from './health/target-health.js';
export type { SinkCounters } from './record/record-writer.js';
export type { SwitchyardMetadata } from './record/switchyard-metadata.js';
export type { Router } from './router.js';
export type { RouterClock } from './router-clock.js';
export type { RouterEvents } from './router-events.js';
export { callbackSink } from './sinks/callback-sink.js';
export { type JsonlSink, type JsonlSinkStats, jsonlSink } from './sinks/jsonl-sink.js';
export { type MemorySink, memorySink } from './sinks/memory-sink.js';
export type { RecordChain } from './sinks/record-chain.js';
export { basisPathFor, segmentPath } from './sinks/segment-path.js';
