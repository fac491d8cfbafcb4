export { countTokens } from './count-tokens.js';
export { exampleFromJsonSchema, type JsonValue } from './example-from-json-schema.js';
export { type Fault, type FaultRule, type FaultType, faultTypes } from './fault.js';
export type { LatencyModel } from './latency-model.js';
export { parseFaultSpec } from './parse-fault-spec.js';
export type { RecordedRequest, RecordedResponse } from './recorded-request.js';
export { simulatedAnswer } from './simulated-answer.js';
export type { SimulatorHandle, SimulatorKind } from './simulator-handle.js';
export { type SimulatorModel, type StartSimulatorOptions, startSimulator } from './start-simulator.js';
