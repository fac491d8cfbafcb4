import type { DecisionInputs } from '@switchyard/core';
import type { RequestState } from '../request/request-state.js';

/**
 * The `decision` block of a request's record (decision record v2): the
 * catalog and price-table versions, the plan's instant when the record's
 * `time` cannot name it exactly, the capabilities and token estimates the
 * call needed, the health and strategy inputs captured at the plan, and the
 * plan's order; fields nothing read are left out.
 *
 * @param options.catalogVersion the catalog document's version.
 * @param options.priceVersion the price document's version.
 * @param options.budgetsVersion the budgets document's version, when the router has budgets.
 */
export function decisionInputsOf(options: {
  request: RequestState;
  catalogVersion: string;
  priceVersion: string;
  budgetsVersion?: string | undefined;
}): DecisionInputs {
  const { request } = options;
  const { needs, plan, inputs } = request;
  const decision: { -readonly [Key in keyof DecisionInputs]: DecisionInputs[Key] } = {
    catalogVersion: options.catalogVersion,
    priceVersion: options.priceVersion,
    promptTokens: needs.promptTokens,
    outputTokens: needs.outputTokens,
    order: plan.ordered.map((entry) => entry.target.id),
  };
  // `time` names whole milliseconds; a fractional clock's instant is kept exactly.
  if (!Number.isInteger(request.startedAt)) decision.at = request.startedAt;
  if (needs.tools || needs.json || needs.vision) {
    const requires: NonNullable<DecisionInputs['requires']> = [];
    if (needs.tools) requires.push('tools');
    if (needs.json) requires.push('json');
    if (needs.vision) requires.push('vision');
    decision.requires = requires;
  }
  // Read-only (may be the route's shared frozen list): the record refers to it, no copy.
  if (inputs.health !== undefined) decision.health = inputs.health as DecisionInputs['health'];
  if (inputs.latencyMs !== undefined) decision.latencyMs = inputs.latencyMs;
  if (inputs.inFlight !== undefined) decision.inFlight = inputs.inFlight;
  if (inputs.draws !== undefined) decision.draws = inputs.draws;
  if (options.budgetsVersion !== undefined) decision.budgetsVersion = options.budgetsVersion;
  if (request.budgetSkips !== undefined) decision.budget = request.budgetSkips.refusals;
  if (request.admittedUnder !== undefined) decision.admittedUnder = request.admittedUnder;
  if (request.planSkipped > 0) decision.planSkipped = request.planSkipped;
  return decision;
}
