export { genAiAttributes } from './gen-ai-attributes.js';
export { metricNames } from './metric-names.js';
export { type OtelSinkOptions, otelSink } from './otel-sink.js';
export { switchyardAttributes } from './switchyard-attributes.js';
