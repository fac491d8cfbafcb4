/**
 * For sibling Switchyard packages only (`@switchyard/evidence` replays
 * decisions with the router's own planning): not a public API, it may change
 * in any release.
 */
export { checkEligibility, type Ineligibility } from '../plan/check-eligibility.js';
export { orderByStrategy } from '../plan/order-by-strategy.js';
export type { PlanCandidate, PlanCutoff, PlanHealth, PlanRoute } from '../plan/plan-candidate.js';
export { type Demotion, planRequest, type RequestPlan } from '../plan/plan-request.js';
export type { RequestNeeds } from '../plan/request-needs.js';
export type { SkippedCandidate, SkippedReason } from '../record/skipped-reason.js';
