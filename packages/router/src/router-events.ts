import type { AttemptRecord, ClassifiedFailure, DecisionRecord } from '@switchyard/core';

/** Events of `router.on(...)`, by name (`<noun>-<action>`). */
export interface RouterEvents {
  /** An attempt on a target starts (`retry` 0 for the first on that target in this request). */
  'attempt-start': { requestId: string; targetId: string; retry: number };
  /** An attempt ended, with its record. */
  'attempt-end': { requestId: string; attempt: AttemptRecord };
  /** The request moves on from one target to the next. */
  fallback: { requestId: string; from: string; to: string };
  /** A target was cut off (first detection per scope). */
  'target-cut-off': {
    targetId: string;
    scope: 'target' | 'jurisdiction';
    jurisdiction?: string;
    failure: ClassifiedFailure;
  };
  /** A cut-off was lifted by `router.health.restore` (a successful probe restores silently). */
  'target-restored': { targetId: string; jurisdiction?: string };
  /** A request finished, with its decision record. */
  'request-end': DecisionRecord;
}
