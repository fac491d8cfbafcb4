import { errorCodes, SwitchyardError } from '@switchyard/core';

/** Why one candidate could not be tried. */
export interface IneligibleCandidate {
  /** The target id. */
  readonly targetId: string;
  /** `policy`, `cut_off`, `circuit_open`, `capability`, `context_window` or `no_model`. */
  readonly reason: 'policy' | 'cut_off' | 'circuit_open' | 'capability' | 'context_window' | 'no_model';
  /** Readable detail: the policy's reason, the missing capability, ... */
  readonly detail: string;
}

/**
 * No candidate of the route may serve this request. `candidates` lists every
 * candidate with its reason: what to change is in there.
 */
export class NoEligibleTargetError extends SwitchyardError {
  /** The route asked for. */
  readonly route: string;
  /** Every candidate and why it was not eligible. */
  readonly candidates: readonly IneligibleCandidate[];

  constructor(options: { route: string; candidates: readonly IneligibleCandidate[] }) {
    super({
      code: errorCodes.NO_ELIGIBLE_TARGET,
      name: 'NoEligibleTargetError',
      message: `no target of route "${options.route}" may serve this request:\n${options.candidates
        .map((candidate) => `  ${candidate.targetId}: ${candidate.reason}: ${candidate.detail}`)
        .join('\n')}`,
    });
    this.route = options.route;
    this.candidates = options.candidates;
  }
}
