import type { DecisionRecord } from '@switchyard/core';
import type { AssertionFacts, AssertionOutcomes, AssertionVerdict } from './assertion-verdict.js';

/**
 * One assertion evaluated as records arrive: `add` each record once, then
 * `verdict` with how the calls ended. Memory stays bounded by what the
 * assertion needs (counts, or a compact line per attempt for the cut-off
 * checks), never by whole records, so a drill can stream its records to disk.
 */
export interface AssertionEvaluator {
  /** Adds one record. */
  add(record: DecisionRecord): void;
  /** The verdict over every record added. */
  verdict(outcomes: AssertionOutcomes): AssertionVerdict;
}

/** Builds an evaluator from the drill's facts. */
export type AssertionEvaluatorFactory = (facts: AssertionFacts) => AssertionEvaluator;
