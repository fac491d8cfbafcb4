import { type DecisionRecord, errorCodes, SwitchyardError } from '@switchyard/core';
import type { SkippedReason } from '../record/skipped-reason.js';

const marker = Symbol.for('switchyard.NoEligibleTargetError');

/** Why one candidate could not be tried. */
export interface IneligibleCandidate {
  /** The target id. */
  readonly targetId: string;
  /** `policy`, `cutoff`, `capability`, `context_window` or `no_model`. */
  readonly reason: Extract<SkippedReason, 'policy' | 'cutoff' | 'capability' | 'context_window' | 'no_model'>;
  /** Readable detail: the policy's reason, the missing capability, ... */
  readonly detail: string;
}

/**
 * No candidate of the route may serve this request. `candidates` lists every
 * candidate with its reason: what to change is in there. `requestId` finds
 * its decision record.
 */
export class NoEligibleTargetError extends SwitchyardError {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through the symbol in isInstance
  private readonly [marker] = true;
  /** The route asked for. */
  readonly route: string;
  /** Every candidate and why it was not eligible. */
  readonly candidates: readonly IneligibleCandidate[];
  /** The request's id, as in its decision record. */
  readonly requestId: string;
  /** The request's decision record. */
  readonly record: DecisionRecord;

  constructor(options: {
    route: string;
    candidates: readonly IneligibleCandidate[];
    requestId: string;
    record: DecisionRecord;
  }) {
    super({
      code: errorCodes.NO_ELIGIBLE_TARGET,
      name: 'NoEligibleTargetError',
      message: `no target of route "${options.route}" may serve this request (request ${options.requestId}):\n${options.candidates
        .map((candidate) => `  ${candidate.targetId}: ${candidate.reason}: ${candidate.detail}`)
        .join('\n')}`,
    });
    this.route = options.route;
    this.candidates = options.candidates;
    this.requestId = options.requestId;
    this.record = options.record;
  }

  /** Whether `error` is a NoEligibleTargetError (of any copy of this package). */
  static override isInstance(error: unknown): error is NoEligibleTargetError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}
