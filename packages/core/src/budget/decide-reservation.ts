import { type AmountUnit, amountUnits, type BudgetAmount } from './budget-amount.js';
import type { BudgetShortfall, ReserveRequest } from './budget-store.js';
import { ceilMicroUsd } from './micro-usd.js';

/** What a reservation of `outputTokens` output tokens amounts to, in whole units. */
export function reservationAmount(
  request: Pick<ReserveRequest, 'base' | 'perOutputToken'>,
  outputTokens: number,
): BudgetAmount {
  return {
    microUsd: ceilMicroUsd(request.base.microUsd + outputTokens * request.perOutputToken),
    tokens: request.base.tokens + outputTokens,
    requests: request.base.requests,
  };
}

/** What a reservation of `outputTokens` amounts to in one unit (no allocation: the request path). */
function unitAmount(
  request: Pick<ReserveRequest, 'base' | 'perOutputToken'>,
  unit: AmountUnit,
  outputTokens: number,
): number {
  if (unit === 'microUsd') return ceilMicroUsd(request.base.microUsd + outputTokens * request.perOutputToken);
  if (unit === 'tokens') return request.base.tokens + outputTokens;
  return request.base.requests;
}

/** The most output tokens `remaining` affords in `unit`, given the base (Infinity: output costs nothing in it). */
function affordable(request: ReserveRequest, unit: AmountUnit, remaining: number): number {
  const perToken = unit === 'microUsd' ? request.perOutputToken : unit === 'tokens' ? 1 : 0;
  if (perToken <= 0) return Number.POSITIVE_INFINITY;
  let most = Math.floor((remaining - request.base[unit]) / perToken);
  // Nothing reserved in this unit (no base, no output) always fits; anything else needs room.
  if (most < 0) return request.base[unit] === 0 ? 0 : -1;
  // Floating point: step back until the rounded amount fits.
  while (most >= 0 && unitAmount(request, unit, most) > remaining) most--;
  return most;
}

/** What a counter holds when a decision is made. */
export interface CounterState {
  /** Spent plus reserved in the window. */
  readonly committed: BudgetAmount;
  /** When the oldest counted spend stops counting (epoch ms). */
  readonly retryAt: number;
}

/** A decision over every counter of a reservation. */
export type ReservationDecision =
  | {
      readonly ok: true;
      readonly outputTokens: number;
      readonly amount: BudgetAmount;
      readonly warnings: readonly BudgetShortfall[];
    }
  | { readonly ok: false; readonly shortfalls: readonly BudgetShortfall[] };

/**
 * Decides a reservation over the state of its counters, all or nothing: the
 * output tokens are clamped to the most every enforced counter can still pay
 * (never below `minOutputTokens`), and the attempt is refused when one
 * cannot pay even that. A unit the attempt reserves none of always fits (a
 * free local target stays available under an exhausted USD budget). A `warn`
 * counter never clamps nor refuses: it is reported in `warnings` when it
 * could not have paid. The memory store runs this; the Redis script is its
 * Lua twin (tested against it).
 *
 * @param request the reservation asked for.
 * @param states one state per counter of `request.counters`, in order.
 * @returns the decision.
 */
export function decideReservation(
  request: ReserveRequest,
  states: readonly CounterState[],
): ReservationDecision {
  let outputTokens = request.outputTokens;
  for (let index = 0; index < request.counters.length; index++) {
    const counter = request.counters[index]!;
    if (!counter.enforce) continue;
    const state = states[index]!;
    for (const unit of amountUnits) {
      const limit = counter.limits[unit];
      if (limit === undefined) continue;
      const most = affordable(request, unit, limit - state.committed[unit]);
      if (most < outputTokens) outputTokens = Math.max(most, -1);
    }
  }
  const shortfalls: BudgetShortfall[] = [];
  const floor = Math.min(request.minOutputTokens, request.outputTokens);
  const wanted = reservationAmount(request, Math.max(outputTokens, floor));
  const warnings: BudgetShortfall[] = [];
  for (let index = 0; index < request.counters.length; index++) {
    const counter = request.counters[index]!;
    const state = states[index]!;
    for (const unit of amountUnits) {
      const limit = counter.limits[unit];
      if (limit === undefined || wanted[unit] === 0) continue;
      if (state.committed[unit] + wanted[unit] <= limit) continue;
      const shortfall: BudgetShortfall = {
        budgetId: counter.budgetId,
        key: counter.key,
        unit,
        limit,
        committed: state.committed[unit],
        needed: wanted[unit],
        retryAt: state.retryAt,
      };
      if (counter.enforce) shortfalls.push(shortfall);
      else warnings.push(shortfall);
    }
  }
  if (outputTokens < floor || shortfalls.length > 0) {
    return { ok: false, shortfalls };
  }
  return { ok: true, outputTokens, amount: wanted, warnings };
}
