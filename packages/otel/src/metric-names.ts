/**
 * The metrics this package records. `gen_ai.*` ones follow the GenAI semantic
 * conventions and are recorded per attempt (each attempt is one client
 * operation against a provider); `switchyard.*` ones are per request.
 */
export const metricNames = {
  /** Histogram, seconds, per attempt: duration of the provider call (semantic conventions). */
  operationDuration: 'gen_ai.client.operation.duration',
  /** Histogram, seconds, per streamed attempt that reached its first chunk (semantic conventions). */
  timeToFirstChunk: 'gen_ai.client.operation.time_to_first_chunk',
  /** Histogram, tokens, per attempt with usage, `gen_ai.token.type` input or output (semantic conventions). */
  tokenUsage: 'gen_ai.client.token.usage',
  /** Counter, requests, by route, outcome, served-by target and provider, jurisdiction, data class. */
  requests: 'switchyard.requests',
  /** Counter, USD, per attempt: by target, provider, route, jurisdiction, and `switchyard.wasted`. */
  cost: 'switchyard.cost',
  /** Histogram, seconds, per request: latency across every attempt and wait. */
  requestDuration: 'switchyard.request.duration',
  /** Histogram, seconds, per streamed request: from the request's start to its first content part. */
  requestTimeToFirstChunk: 'switchyard.request.time_to_first_chunk',
} as const;
