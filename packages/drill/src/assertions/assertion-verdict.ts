import type { Budget, DecisionRecord, Target } from '@switchyard/core';
import type { Assertion } from '../scenario/scenario-schema.js';
import type { PolicyTimeline } from './policy-timeline.js';

/** What an assertion concluded, with the evidence. */
export interface AssertionVerdict {
  /** The assertion's name (its `name`, or derived from its type). */
  readonly name: string;
  /** The assertion's type. */
  readonly type: Assertion['type'];
  /** Whether it holds. */
  readonly passed: boolean;
  /** One line: what was measured against what was required. */
  readonly summary: string;
  /** Figures, and up to 10 offending requests. */
  readonly evidence: Readonly<Record<string, unknown>>;
}

/** What an assertion knows before the first record: the drill's facts, never the router's own verdicts. */
export interface AssertionFacts {
  /** The drilled targets. */
  readonly targets: readonly Target[];
  /** The policy in force at each instant. */
  readonly policy: PolicyTimeline;
  /** Epoch ms of the drill's offset 0. */
  readonly startMs: number;
  /** `restore` instants (epoch ms) and what they lifted (no target and no provider: everything). */
  readonly restores: readonly { readonly at: number; readonly target?: string; readonly provider?: string }[];
  /** The drilled config's budgets (validated). */
  readonly budgets?: readonly Budget[];
}

/** How the calls ended, known once the drill is over. */
export interface AssertionOutcomes {
  /** How many requests the workload sent. */
  readonly sent: number;
  /** How the calls ended as seen by the caller: served, failed with a typed error code, or lost (untyped error or no answer). */
  readonly outcomes: { readonly served: number; readonly failed: number; readonly lost: number };
}

/** Everything assertions look at: every record, the drill's facts and the outcomes. */
export interface AssertionInput extends AssertionFacts, AssertionOutcomes {
  /** Every decision record of the run. */
  readonly records: readonly DecisionRecord[];
}

/** Keeps at most 10 examples. */
export function pushExample(examples: unknown[], example: unknown): void {
  if (examples.length < 10) examples.push(example);
}
