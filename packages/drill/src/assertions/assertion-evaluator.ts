import type { DecisionRecord } from '@switchyard/core';
import type { AssertionFacts, AssertionOutcomes, AssertionVerdict } from './assertion-verdict.js';

/**
 * One assertion evaluated as records arrive: `add` each record once, then
 * `verdict` with how the calls ended. Memory stays bounded by what the
 * assertion needs (counts, or for the cut-off checks a compact line per
 * attempt still waiting to be checked in start order), never by whole
 * records, so a drill can stream its records to disk.
 */
export interface AssertionEvaluator {
  /** Adds one record. */
  add(record: DecisionRecord): void;
  /**
   * Says that every attempt of a record added from now on starts at or after `watermarkMs` (epoch
   * ms, as `Date.parse(record.time) + attempt.startMs`): the cut-off checks, which take attempts in
   * the order they started while records arrive in the order they finished, check and drop what
   * started before it. Optional for the caller: without it (records read from a file) they hold a
   * line per attempt until the verdict.
   */
  advance?(watermarkMs: number): void;
  /** The verdict over every record added. */
  verdict(outcomes: AssertionOutcomes): AssertionVerdict;
}

/** Builds an evaluator from the drill's facts. */
export type AssertionEvaluatorFactory = (facts: AssertionFacts) => AssertionEvaluator;
