export type { AssertionEvaluator } from './assertions/assertion-evaluator.js';
export type {
  AssertionFacts,
  AssertionInput,
  AssertionOutcomes,
  AssertionVerdict,
} from './assertions/assertion-verdict.js';
export {
  createAssertionEvaluator,
  evaluateAssertion,
  evaluateAssertions,
  matchesFilter,
} from './assertions/evaluate-assertion.js';
export { createPolicyTimeline, type PolicyTimeline } from './assertions/policy-timeline.js';
export { callerHeader, callerHeaders, callerOf } from './faults/caller-header.js';
export { failureFor, faultInjectingModel } from './faults/fault-injecting-model.js';
export { type ActiveFault, FaultState, targetsOf } from './faults/fault-state.js';
export { simulatorFaultFor } from './faults/simulator-faults.js';
export type { FleetDrillResult, FleetProcessFigures } from './fleet/fleet-drill-result.js';
export {
  evaluateFleetAssertion,
  type FleetCutoffFigures,
  type FleetRecord,
  type FleetVerdict,
  fleetFigures,
} from './fleet/fleet-figures.js';
export type { MemberHealthEvent } from './fleet/fleet-messages.js';
export { formatFleetSummary } from './fleet/format-fleet-summary.js';
export { type RunFleetDrillOptions, runFleetDrill } from './fleet/run-fleet-drill.js';
export { type BaselineDelta, compareBaseline, type DrillBaseline } from './run/compare-baseline.js';
export type { DrillEvent, DrillProgress } from './run/drill-progress.js';
export type {
  DrillFigures,
  DrillFiles,
  DrillJurisdictionFigures,
  DrillMode,
  DrillPhase,
  DrillResult,
  DrillTargetFigures,
  LatencyFigures,
  UnplayedEvent,
} from './run/drill-result.js';
export { isLocalOpenWeights } from './run/drill-tally.js';
export type { DrillEventLoop } from './run/event-loop-lag.js';
export { FaultMeetings, type UnmetFault } from './run/fault-meetings.js';
export { formatDrillSummary } from './run/format-drill-summary.js';
export {
  adapterModelFactory,
  type ModelFactory,
  modelLoaded,
  simulatedProviders,
} from './run/model-factory.js';
export { preloadInProcessModels } from './run/preload-in-process-models.js';
export { type RunDrillOptions, runDrill } from './run/run-drill.js';
export { unendedWarning } from './run/unended-warning.js';
export { unmetFaultText } from './run/unmet-fault-text.js';
export {
  type Fleet,
  type FleetAssertion,
  FleetAssertionSchema,
  FleetSchema,
} from './scenario/fleet-schema.js';
// Reading and validating a scenario: the same exports as `@switchyard/drill/scenario`.
export * from './scenario/index.js';
export {
  AssertionSchema,
  RequestFilterSchema,
  ScenarioSchema,
  TimelineEventSchema,
  WorkloadSchema,
} from './scenario/scenario-schema.js';
export {
  describeAction,
  describeEvent,
  eventName,
  expandTimeline,
  type TimelineAction,
} from './timeline/expand-timeline.js';
export { ruleDateEvents } from './timeline/rule-date-events.js';
export { type DrillTimers, realTimers, scheduleTimeline } from './timeline/schedule-timeline.js';
export { memoizedModel } from './virtual-time/memoized-model.js';
export { overlappedModel } from './virtual-time/overlapped-model.js';
export { type Pace, pacedModel } from './virtual-time/paced-model.js';
export { RealWork, realWork } from './virtual-time/real-work.js';
export { realWorkModel } from './virtual-time/real-work-model.js';
export { runOnVirtualTime, type VirtualRun } from './virtual-time/run-on-virtual-time.js';
export { type PlannedRequest, planWorkload, workloadRequests } from './workload/create-workload.js';
export { maxSeed, seededRandom } from './workload/seeded-random.js';
