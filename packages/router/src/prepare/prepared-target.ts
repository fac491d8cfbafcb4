import type { LanguageModelV4 } from '@ai-sdk/provider';
import type {
  CandidateState,
  MidStreamMode,
  Price,
  Strategy,
  Target,
  TargetSetPolicy,
} from '@switchyard/core';
import type { TargetResilience } from '../attempt/target-resilience.js';
import type { TargetHealth } from '../health/target-health.js';
import type { NoModelSkip } from '../plan/check-eligibility.js';
import type { SkippedCandidate } from '../record/skipped-reason.js';
import type { CapturedInputs } from '../request/captured-inputs.js';

/** A target with everything the request path needs, prepared once. */
export interface PreparedTarget {
  readonly target: Target;
  readonly model: LanguageModelV4 | undefined;
  readonly price: Price | undefined;
  readonly health: TargetHealth;
  readonly resilience: TargetResilience;
  readonly hasTools: boolean;
  readonly hasJson: boolean;
  readonly hasVision: boolean;
  /** Why it cannot serve, when it has no model: built once (its `skipped` entry), kept by every request that plans it. */
  readonly noModel: NoModelSkip | undefined;
  /**
   * Its captured health when it has no model and nothing else is to be
   * recorded of it (`{ targetId, model: false }`): built once, frozen.
   */
  readonly noModelState: CandidateState | undefined;
  /**
   * Generate calls go to this target as streams: its `streamGenerate` option
   * (default true) and the `streaming` capability; else as `doGenerate`.
   */
  readonly streamGenerate: boolean;
  /** Keys of `providerOptions` passed through to this target. */
  readonly providerKeys: readonly string[];
  /**
   * How a mid-stream continuation asks this target: with an assistant prefill
   * (`prefill`, from the `prefill` option), else explicitly. Turned off when the
   * target rejects a prefill.
   */
  readonly continuation: { prefill: boolean };
}

/** A route prepared once: candidates in order, and the policy precomputed for them. */
export interface PreparedRoute {
  readonly name: string;
  readonly strategy: Strategy;
  readonly weights: Readonly<Record<string, number>>;
  /** Candidates then last-resort targets (deduplicated). */
  readonly candidates: readonly PreparedTarget[];
  /** Index in `candidates` where the last resort starts. */
  readonly lastResortFrom: number;
  /** The route's `midStream`, if it sets one (else the router's applies). */
  readonly midStream: MidStreamMode | undefined;
  /** The compiled policy for the candidates; replaced by `setPolicy`. */
  policy: TargetSetPolicy;
  /**
   * The `skipped` entries of its candidates without a model, in order, frozen:
   * the plan's lists when those are all it skips (see {@link PlanRoute}).
   */
  readonly noModelSkips: readonly SkippedCandidate[] | undefined;
  /**
   * The captured inputs of a request whose only recorded health is its
   * candidates without a model (and no strategy inputs), frozen: shared by
   * every such request.
   */
  readonly noModelInputs: CapturedInputs | undefined;
}
