/**
 * The `switchyard.*` attribute names on request and attempt spans: what the
 * GenAI conventions have no name for (route, caller context, policy,
 * verdicts, failure kinds, cost, fallback).
 */
export const switchyardAttributes = {
  /** Request id of the decision record. */
  requestId: 'switchyard.request.id',
  /** Route name the caller asked for. */
  route: 'switchyard.route',
  /** `generate` or `stream`. */
  operation: 'switchyard.operation',
  /** Caller jurisdiction (ISO 3166-1 alpha-2 or a group). */
  jurisdiction: 'switchyard.jurisdiction',
  /** Data class of the request. */
  dataClass: 'switchyard.data_class',
  /** Tenant id (spans only: metrics leave it out to keep cardinality bounded). */
  tenant: 'switchyard.tenant',
  /** Free-form context tags. */
  tags: 'switchyard.tags',
  /** Hash of the compiled policy that decided. */
  policyVersion: 'switchyard.policy.version',
  /** Candidate target ids the policy allowed. */
  verdictsAllowed: 'switchyard.verdicts.allowed',
  /** Candidate target ids the policy denied. */
  verdictsDenied: 'switchyard.verdicts.denied',
  /** Rule ids behind the denials, deduplicated. */
  verdictsDeniedRules: 'switchyard.verdicts.denied_rules',
  /** Allowed candidates not attempted, as `target:reason`. */
  skipped: 'switchyard.skipped',
  /** `served` or `failed` (request); `success`, `failure` or `aborted` (attempt). */
  outcome: 'switchyard.outcome',
  /** Target id that served the request. */
  servedBy: 'switchyard.served_by',
  /** Failure kind: of the attempt, or of the request's last failed attempt. */
  failureKind: 'switchyard.failure_kind',
  /** Why a target was cut off (`region_block`, `model_withdrawn`, ...). */
  cutoffReason: 'switchyard.cutoff_reason',
  /** The error code the caller saw (request) or the provider's (attempt). */
  errorCode: 'switchyard.error.code',
  /** Attempts made. */
  attempts: 'switchyard.attempts',
  /** Distinct targets tried before the one that served. */
  fallbackDepth: 'switchyard.fallback_depth',
  /** USD of every attempt (request) or of this attempt. */
  costUsd: 'switchyard.cost_usd',
  /** USD of the attempts that did not serve the request (request spans). */
  wastedCostUsd: 'switchyard.wasted_cost_usd',
  /** Whether this attempt's cost was wasted (it did not serve the request). */
  wasted: 'switchyard.wasted',
  /** Target id of an attempt. */
  target: 'switchyard.target',
  /** 0 for the first attempt on a target, 1 for its first retry, ... */
  retry: 'switchyard.retry',
  /** Prefix of the record's free-form labels: `switchyard.label.<name>`. */
  labelPrefix: 'switchyard.label.',
} as const;
