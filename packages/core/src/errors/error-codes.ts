/**
 * Every stable error code Switchyard throws, with what it means. Codes never
 * change meaning; new ones are added at the end. The CLI maps them to exit
 * codes in one place (`@switchyard/cli`).
 */
export const errorCodes = {
  /** A config, policy or scenario file (or object) failed validation. */
  CONFIG_INVALID: 'SWITCHYARD_CONFIG_INVALID',
  /** A file could not be read or parsed (YAML/JSON syntax). */
  CONFIG_UNREADABLE: 'SWITCHYARD_CONFIG_UNREADABLE',
  /** Per-request options (`providerOptions.switchyard`) failed validation. */
  REQUEST_OPTIONS_INVALID: 'SWITCHYARD_REQUEST_OPTIONS_INVALID',
  /** A jurisdiction code is neither ISO 3166-1 alpha-2 nor a known group. */
  JURISDICTION_UNKNOWN: 'SWITCHYARD_JURISDICTION_UNKNOWN',
  /** A route name is not in the config. */
  ROUTE_UNKNOWN: 'SWITCHYARD_ROUTE_UNKNOWN',
  /** A target id is referenced but not defined, or has no model. */
  TARGET_UNKNOWN: 'SWITCHYARD_TARGET_UNKNOWN',
  /** No candidate of the route may serve this request (policy, health, capability). */
  NO_ELIGIBLE_TARGET: 'SWITCHYARD_NO_ELIGIBLE_TARGET',
  /** Every eligible candidate was tried and failed. */
  ALL_TARGETS_FAILED: 'SWITCHYARD_ALL_TARGETS_FAILED',
  /** The request itself is invalid; it would fail on every target. */
  INVALID_REQUEST: 'SWITCHYARD_INVALID_REQUEST',
  /** The provider refused the content. */
  CONTENT_FILTERED: 'SWITCHYARD_CONTENT_FILTERED',
  /** The overall deadline of the call passed. */
  DEADLINE_EXCEEDED: 'SWITCHYARD_DEADLINE_EXCEEDED',
  /** The caller aborted the call. */
  ABORTED: 'SWITCHYARD_ABORTED',
  /** A target's circuit is open (wraps cockatiel's BrokenCircuitError). */
  CIRCUIT_OPEN: 'SWITCHYARD_CIRCUIT_OPEN',
  /** A target's bulkhead is full (wraps cockatiel's BulkheadRejectedError). */
  BULKHEAD_FULL: 'SWITCHYARD_BULKHEAD_FULL',
  /** An attempt timed out (wraps cockatiel's TaskCancelledError). */
  ATTEMPT_TIMEOUT: 'SWITCHYARD_ATTEMPT_TIMEOUT',
  /** A provider answered with something that does not match its wire format. */
  PROVIDER_RESPONSE_INVALID: 'SWITCHYARD_PROVIDER_RESPONSE_INVALID',
  /** A provider call failed; `failure` holds the classified failure. */
  PROVIDER_ERROR: 'SWITCHYARD_PROVIDER_ERROR',
  /** A stream ended without a finish part. */
  STREAM_TRUNCATED: 'SWITCHYARD_STREAM_TRUNCATED',
  /** A drill assertion did not hold. */
  ASSERTION_FAILED: 'SWITCHYARD_ASSERTION_FAILED',
  /** The router was used after `close()`. */
  ROUTER_CLOSED: 'SWITCHYARD_ROUTER_CLOSED',
  /** A budget with `onExhausted: deny` cannot pay for the request (`BudgetExceededError`). */
  BUDGET_EXCEEDED: 'SWITCHYARD_BUDGET_EXCEEDED',
} as const;

/** One of the values of {@link errorCodes}. */
export type ErrorCode = (typeof errorCodes)[keyof typeof errorCodes];
