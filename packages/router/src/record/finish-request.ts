import type { DecisionRecord } from '@switchyard/core';
import type { RequestState } from '../request/request-state.js';
import type { RouterState } from '../router-state.js';
import { buildDecisionRecord } from './build-decision-record.js';

/**
 * Ends a request: every candidate ordered after the healthy ones (rate
 * limited, circuit open) that was never attempted gets its `skipped` entry;
 * the decision record is built, handed to the sinks and to `request-end`
 * listeners. A served request with no sink and no listener builds no record
 * (the hot path); a failed one always does (its error carries it).
 */
export function finishRequest(
  state: RouterState,
  request: RequestState,
  outcome: {
    servedBy: string | null;
    ttftMs?: number | undefined;
    error?: { code: string; message: string } | undefined;
    force?: boolean;
  },
): DecisionRecord | undefined {
  const demoted = request.plan.demoted;
  if (demoted.length > 0) {
    for (const demotion of demoted) {
      const id = demotion.entry.target.id;
      if (request.attempts.some((attempt) => attempt.targetId === id)) continue;
      if (request.skipped?.some((skipped) => skipped.targetId === id)) continue;
      request.skip({ targetId: id, reason: demotion.reason, detail: demotion.detail });
    }
  }
  if (!outcome.force && outcome.servedBy !== null && !state.recording) return undefined;
  const record = buildDecisionRecord({
    request,
    // The policy that gave the verdicts (a `setPolicy` while the request ran does not rename it).
    policyVersion: request.policyVersion,
    catalogVersion: state.catalog.version,
    priceVersion: state.prices.version,
    budgetsVersion: state.budgetsBasis?.version,
    servedBy: outcome.servedBy,
    finishedAt: state.clock.now(),
    ttftMs: outcome.ttftMs,
    error: outcome.error,
    prompt: state.options.recordPrompts ? request.callOptions.prompt : undefined,
  });
  if (state.records.active) state.records.write(record);
  if (state.events.has('request-end')) state.events.emit('request-end', record);
  return record;
}
