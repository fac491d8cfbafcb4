// `@switchyard/drill/scenario`: reading and validating a scenario, without loading the drill runner
// (router, simulators, report), e.g. for a command that reads a scenario before it runs it.

export {
  longDrillEnvironment,
  longDrillEnvironmentFor,
  longDrillHeapFlags,
  longDrillNodeFlags,
  longDrillRequests,
} from '../run/long-drill-node-flags.js';
export { DurationSchema, formatDuration } from './duration-schema.js';
export { defineScenario, parseScenario, validateScenario } from './parse-scenario.js';
export type {
  Assertion,
  FaultEvent,
  RequestFilter,
  Scenario,
  ScenarioInput,
  TimelineEvent,
} from './scenario-schema.js';
export { scenarioWarnings } from './scenario-warnings.js';
