import type {
  AttemptRecord,
  BudgetShortfall,
  ClassifiedFailure,
  DecisionRecord,
  ThresholdCrossing,
} from '@switchyard/core';
import type { HealthSource } from './health/health-store.js';

/** Events of `router.on(...)`, by name (`<noun>-<action>`). */
export interface RouterEvents {
  /** An attempt on a target starts (`retry` 0 for the first on that target in this request). */
  'attempt-start': { requestId: string; targetId: string; retry: number };
  /** An attempt ended, with its record. */
  'attempt-end': { requestId: string; attempt: AttemptRecord };
  /** The request moves on from one target to the next. */
  fallback: { requestId: string; from: string; to: string };
  /**
   * A target was cut off (first detection per scope in this process): detected
   * here (`source: 'local'`), or by another process of the fleet and received
   * through a fleet health store (`source: 'fleet'`, `by` that process).
   */
  'target-cut-off': {
    targetId: string;
    scope: 'target' | 'jurisdiction';
    jurisdiction?: string;
    failure: ClassifiedFailure;
    /** Where it was detected. */
    source: HealthSource;
    /** The process that detected it. */
    by: string;
    /** Epoch ms it was detected. */
    since: number;
  };
  /**
   * The provider says it never had a target's model (`model_not_found` on a
   * target that never served: a typo in the model id, a model not pulled, a
   * simulator started without it). A configuration problem: the target is
   * quarantined and probed again every `probeAfterMs`. With no listener, the
   * router emits a process warning instead.
   */
  'target-misconfigured': {
    targetId: string;
    provider: string;
    model: string;
    failure: ClassifiedFailure;
    probeAfterMs: number;
    message: string;
  };
  /**
   * A cut-off was lifted by `router.health.restore` here (`source: 'local'`), or
   * by another process of the fleet (`source: 'fleet'`). A successful probe restores silently.
   */
  'target-restored': { targetId: string; jurisdiction?: string; source: HealthSource; by: string };
  /**
   * A budget counter crossed one of its `thresholds` (percent of its limit,
   * counting spend and reservations; a refusal counts as 100 %): once per
   * threshold per calendar period, or per rolling window length. With a
   * shared (Redis) store, once in the whole fleet.
   */
  'budget-threshold-crossed': ThresholdCrossing;
  /**
   * A budget could not pay for an attempt: `reroute` skips the target (the
   * request moves on), `deny` fails the request with a `BudgetExceededError`.
   */
  'budget-exhausted': {
    requestId: string;
    targetId: string;
    action: 'reroute' | 'deny';
    shortfalls: readonly BudgetShortfall[];
  };
  /** A `warn` budget could not have paid for an attempt, which went ahead. */
  'budget-exceeded': { requestId: string; targetId: string; shortfalls: readonly BudgetShortfall[] };
  /**
   * The budget store could not be reached and this process's lease could not
   * cover an attempt: each budget's `onStoreDown` decided (`local-only`: the
   * target is skipped unless self-hosted; `deny`: the request fails).
   */
  'budget-store-down': { requestId: string; targetId: string; budgetIds: readonly string[] };
  /** A request finished, with its decision record. */
  'request-end': DecisionRecord;
  /**
   * Something outside a request failed: a sink could not write (records are
   * kept and written when it recovers, see the sink), a listener threw, or a
   * budget store could not take a reconciliation (the charge is in the
   * attempt's record; a shared store retries it), or `close()` found
   * streams still open (their records come when they end).
   * Never thrown in the host: with no `error` listener the router emits one
   * process warning (`process.emitWarning`) per error instead.
   */
  error: {
    source: 'sink' | 'listener' | 'budget' | 'close';
    /**
     * Which sink, event or budget operation, e.g. `jsonl records.jsonl`, `request-end`,
     * `reconcile`; for `close`, `open streams` (streams still open when the router closed).
     */
    origin: string;
    message: string;
    error: unknown;
  };
}
