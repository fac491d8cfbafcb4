import type { LanguageModelV4 } from '@ai-sdk/provider';
import type { MidStreamMode, Price, Strategy, Target, TargetSetPolicy } from '@switchyard/core';
import type { TargetResilience } from '../attempt/target-resilience.js';
import type { TargetHealth } from '../health/target-health.js';
import type { Ineligibility } from '../plan/check-eligibility.js';

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
  /** Why it cannot serve, when it has no model: built once, kept by every request that plans it. */
  readonly noModel: Ineligibility | undefined;
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
}
