import type { DecisionRecord } from '@switchyard/core';

/** Why a candidate was not attempted, as a decision record's `skipped[].reason` says. */
export type SkippedReason = DecisionRecord['skipped'][number]['reason'];

/** One `skipped` entry of a decision record. */
export type SkippedCandidate = DecisionRecord['skipped'][number];
