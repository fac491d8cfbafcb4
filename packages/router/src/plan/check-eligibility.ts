import type { SkippedReason } from '../record/skipped-reason.js';
import type { PlanCandidate } from './plan-candidate.js';
import type { RequestNeeds } from './request-needs.js';

/** Why a policy-allowed candidate cannot serve this request. */
export interface Ineligibility {
  readonly reason: Extract<SkippedReason, 'no_model' | 'cutoff' | 'capability' | 'context_window'>;
  readonly detail: string;
}

/**
 * Why a target without a model cannot serve, as the `skipped` entry every
 * request that plans it records (`targetId`, `reason`, `detail`).
 */
export interface NoModelSkip extends Ineligibility {
  readonly targetId: string;
  readonly reason: 'no_model';
}

/**
 * Why a target without a model cannot serve: the same for every request, so
 * a prepared target builds it once ({@link PlanCandidate.noModel}), frozen
 * and with its target id, and a stream's request keeps that one object as its
 * `skipped` entry rather than a copy of its own.
 */
export function noModelIneligibility(targetId: string): NoModelSkip {
  return Object.freeze({
    targetId,
    reason: 'no_model',
    detail: `no model was given for target ${targetId} in createRouter({ models })`,
  });
}

/**
 * Whether a candidate the policy allows can serve this request: it has a
 * model, is not cut off for this caller (a due probe lets it through), has
 * the capabilities the call needs, and a context window for the prompt.
 * Reads health; changes nothing.
 *
 * @returns why it cannot, or undefined when it can.
 */
export function checkEligibility(options: {
  entry: PlanCandidate;
  jurisdiction: string | undefined;
  needs: RequestNeeds;
  now: number;
}): Ineligibility | undefined {
  const { entry, needs } = options;
  if (!entry.model) return entry.noModel ?? noModelIneligibility(entry.target.id);
  const found = entry.health.cutoffFor(options.jurisdiction, options.now);
  if (found !== undefined && !found.probeDue) {
    const { cutoff } = found;
    return {
      reason: 'cutoff',
      detail: `cut off${cutoff.reason ? ` (${cutoff.reason})` : ''} since ${new Date(cutoff.since).toISOString()}: ${cutoff.failure.message}`,
    };
  }
  const missing: string[] = [];
  if (needs.tools && !entry.hasTools) missing.push('tools');
  if (needs.json && !entry.hasJson) missing.push('json');
  if (needs.vision && !entry.hasVision) missing.push('vision');
  if (missing.length > 0) return { reason: 'capability', detail: `lacks ${missing.join(', ')}` };
  if (needs.promptTokens > entry.target.contextWindow) {
    return {
      reason: 'context_window',
      detail: `the prompt (~${needs.promptTokens} tokens) exceeds its context window of ${entry.target.contextWindow}`,
    };
  }
  return undefined;
}
