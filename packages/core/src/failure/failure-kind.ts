/**
 * What went wrong with one attempt, as data. Adapters map upstream errors to a
 * kind; the router decides what to do from the kind alone.
 *
 * | kind | meaning | router action |
 * |---|---|---|
 * | `cutoff` | permanent: region or legal block, model withdrawn, key revoked, quota exhausted | no retry; quarantine the target; next candidate |
 * | `rate_limited` | 429 rate limit | retry honouring retry-after, then next candidate |
 * | `transient` | 5xx, 529, connection reset, stream cut | retry with backoff, then next candidate |
 * | `timeout` | attempt or time-to-first-token timeout | retry, then next candidate |
 * | `context_length` | prompt too long for this model | next candidate with a larger context window |
 * | `content_filtered` | the provider refused the content | fail with the provider's reason (configurable) |
 * | `invalid_request` | the request is malformed | fail fast: it would fail everywhere |
 * | `auth` | credentials problem that is not a revocation | next candidate, no retry |
 */
export const failureKinds = [
  'cutoff',
  'rate_limited',
  'transient',
  'timeout',
  'context_length',
  'content_filtered',
  'invalid_request',
  'auth',
] as const;

/** One of {@link failureKinds}. */
export type FailureKind = (typeof failureKinds)[number];

/**
 * Why a target was cut off, when the signal says so. Used in records, events
 * and drills (`cutoff` events replay exactly these signals).
 *
 * `model_withdrawn` means the model was there and is gone (the target served
 * before, or the provider says it is deprecated, retired or withdrawn);
 * `model_not_found` means the provider never served it here (a typo in the
 * model id, a model that was never pulled): a configuration problem, which the
 * router reports loudly and probes again rather than quarantining for good.
 */
export const cutoffReasons = [
  'region_blocked',
  'legal_block',
  'model_withdrawn',
  'key_revoked',
  'quota_exhausted',
  'billing',
  'model_not_found',
] as const;

/** One of {@link cutoffReasons}. */
export type CutoffReason = (typeof cutoffReasons)[number];

/**
 * A classified failure: what an adapter's classifier returns for one error.
 */
export interface ClassifiedFailure {
  /** The failure kind that decides what the router does. */
  readonly kind: FailureKind;
  /** For `cutoff`: the reason, when the signal names it. */
  readonly cutoffReason?: CutoffReason;
  /**
   * For `cutoff`: `target` when the whole target is gone for everyone (model
   * withdrawn, key revoked), `jurisdiction` when the signal is attributable to
   * the caller's jurisdiction (region block).
   */
  readonly scope?: 'target' | 'jurisdiction';
  /** HTTP status, when there was one (undefined for errors inside a 200 stream). */
  readonly status?: number;
  /** The provider's own error code or type, e.g. `unsupported_country_region_territory`. */
  readonly code?: string;
  /** A readable message, with secrets removed. */
  readonly message: string;
  /** How long the provider asked us to wait, from `retry-after-ms` / `retry-after`. */
  readonly retryAfterMs?: number;
}

/** Whether the router may retry the same target after this kind of failure. */
export function isRetryableKind(kind: FailureKind): boolean {
  return kind === 'rate_limited' || kind === 'transient' || kind === 'timeout';
}

/** Whether the router may move on to the next candidate after this kind of failure. */
export function isFallbackKind(kind: FailureKind): boolean {
  return kind !== 'invalid_request' && kind !== 'content_filtered';
}
