/**
 * Every stable error code Switchyard throws, with what it means. Codes never
 * change meaning; new ones are added at the end. Every code here is thrown
 * somewhere (a test per code in `test/error-codes.test.ts`). Per-attempt facts
 * are not errors: an open circuit, a full bulkhead and an attempt timeout are
 * recorded as `skipped` reasons (`circuit_open`, `bulkhead_full`) and the
 * failure kind `timeout`; a response that breaks the wire format is a
 * `transient` failure with code `malformed_response`. The CLI maps them to exit
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
  /** A provider call failed; `failure` holds the classified failure. */
  PROVIDER_ERROR: 'SWITCHYARD_PROVIDER_ERROR',
  /** A stream ended without a finish part. */
  STREAM_TRUNCATED: 'SWITCHYARD_STREAM_TRUNCATED',
  /** A drill assertion did not hold. */
  ASSERTION_FAILED: 'SWITCHYARD_ASSERTION_FAILED',
  /** The router was used after `close()`. */
  ROUTER_CLOSED: 'SWITCHYARD_ROUTER_CLOSED',
  /** A config, policy, scenario or test file is past a reading limit: size, nesting depth or YAML aliases. */
  CONFIG_LIMIT_EXCEEDED: 'SWITCHYARD_CONFIG_LIMIT_EXCEEDED',
  /** A policy test case did not get the verdicts it expects (`switchyard test-policy`). */
  POLICY_TEST_FAILED: 'SWITCHYARD_POLICY_TEST_FAILED',
  /** A sink could not write every decision record; the error says how many were not written. */
  SINK_WRITE_FAILED: 'SWITCHYARD_SINK_WRITE_FAILED',
  /** A records log does not verify: a record was modified, removed, reordered or inserted, or a checkpoint is not what was signed (`switchyard verify`). */
  EVIDENCE_TAMPERED: 'SWITCHYARD_EVIDENCE_TAMPERED',
  /** Replaying a decision record under its own policy and state did not reproduce it (`switchyard replay --self-check`). */
  REPLAY_MISMATCH: 'SWITCHYARD_REPLAY_MISMATCH',
  /** A budget with `onExhausted: deny` cannot pay for the request, or `reroute` budgets set aside every candidate and none was attempted (`BudgetExceededError`). */
  BUDGET_EXCEEDED: 'SWITCHYARD_BUDGET_EXCEEDED',
  /** The budget store cannot be reached, this process's lease is spent, and a budget's `onStoreDown` is `deny` (`BudgetUnavailableError`). */
  BUDGET_UNAVAILABLE: 'SWITCHYARD_BUDGET_UNAVAILABLE',
  /** A shared budget store was closed with charges it could not send (its Redis unreachable); the error says how many. The decision records hold them. */
  BUDGET_UNSETTLED: 'SWITCHYARD_BUDGET_UNSETTLED',
} as const;

/** One of the values of {@link errorCodes}. */
export type ErrorCode = (typeof errorCodes)[keyof typeof errorCodes];
