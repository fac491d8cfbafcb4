import type { AttemptRecord, ClassifiedFailure, DecisionRecord } from '@switchyard/core';
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
  /** A request finished, with its decision record. */
  'request-end': DecisionRecord;
  /**
   * Something outside a request failed: a sink could not write (records are
   * kept and written when it recovers, see the sink), or a listener threw.
   * Never thrown in the host: with no `error` listener the router emits one
   * process warning (`process.emitWarning`) per error instead.
   */
  error: {
    source: 'sink' | 'listener';
    /** Which sink or event, e.g. `jsonl records.jsonl`, `request-end`. */
    origin: string;
    message: string;
    error: unknown;
  };
}
