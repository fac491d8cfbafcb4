import type { CutoffReason, Price, Strategy, Target } from '@switchyard/core';
import type { SkippedCandidate } from '../record/skipped-reason.js';
import type { Ineligibility } from './check-eligibility.js';

/** A cut-off as planning reads it. */
export interface PlanCutoff {
  /** Why, when the signal said. */
  readonly reason?: CutoffReason | undefined;
  /** Epoch ms it was detected. */
  readonly since: number;
  /** The failure that cut it off (its readable message). */
  readonly failure: { readonly message: string };
}

/**
 * What planning reads of a candidate's health: the router's live
 * `TargetHealth`, or, when a decision is replayed, the state its record says
 * was in force.
 */
export interface PlanHealth {
  /** The shared part: whether any cut-off is in force, and until when the target is rate limited. */
  readonly record: { readonly hasCutoffs: boolean; readonly rateLimitedUntil: number };
  /** Speed for `fastest`: the time-to-first-token average, else the latency average, this process's or else the fleet's (ms; 0 when unknown). */
  readonly speedMs: number;
  /** Attempts in flight (`least-busy`). */
  readonly inFlight: number;
  /** The cut-off in force for this caller, and whether its probe is due. */
  cutoffFor(
    jurisdiction: string | undefined,
    now: number,
  ): { readonly cutoff: PlanCutoff; readonly probeDue: boolean } | undefined;
  /** Why the target goes after the healthy ones, if it does. */
  demotion(now: number): 'rate_limited' | 'circuit_open' | undefined;
}

/** What planning reads of one candidate (a `PreparedTarget` is one). */
export interface PlanCandidate {
  readonly target: Target;
  /** The target's model; planning only asks whether there is one. */
  readonly model: object | undefined;
  readonly price: Price | undefined;
  readonly health: PlanHealth;
  readonly hasTools: boolean;
  readonly hasJson: boolean;
  readonly hasVision: boolean;
  /** Why it cannot serve when it has no model, built once (planning builds it when absent). */
  readonly noModel?: Ineligibility | undefined;
}

/** What planning reads of a route (a `PreparedRoute` is one). */
export interface PlanRoute<Candidate extends PlanCandidate = PlanCandidate> {
  readonly name: string;
  readonly strategy: Strategy;
  readonly weights: Readonly<Record<string, number>>;
  /** Candidates then last-resort targets (deduplicated). */
  readonly candidates: readonly Candidate[];
  /** Index in `candidates` where the last resort starts. */
  readonly lastResortFrom: number;
  /**
   * The `skipped` entries of every candidate without a model, in order,
   * frozen: the skip list of every request that skips exactly those (and
   * nothing else) is this one array. Absent: each plan builds its own.
   */
  readonly noModelSkips?: readonly SkippedCandidate[] | undefined;
}
