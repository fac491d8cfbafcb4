export { attemptCharge } from './attempt-charge.js';
export { type AmountUnit, amountUnits, type BudgetAmount, zeroAmount } from './budget-amount.js';
export { budgetProblems, timeZoneNames } from './budget-problems.js';
export type {
  Budget,
  BudgetAction,
  BudgetDimension,
  BudgetInput,
  BudgetLimit,
  BudgetScope,
  BudgetWindow,
  CalendarPeriod,
} from './budget-schema.js';
export {
  BudgetLimitSchema,
  BudgetSchema,
  BudgetScopeSchema,
  BudgetWindowSchema,
  budgetActions,
  budgetDimensions,
  calendarPeriods,
  maxBudgetUsd,
} from './budget-schema.js';
export { budgetSpendFromRecords } from './budget-spend-from-records.js';
export { BudgetSpendTally, type CounterSpend } from './budget-spend-tally.js';
export type {
  BudgetCounter,
  BudgetShortfall,
  BudgetStore,
  CounterUsage,
  MaybePromise,
  ReconcileRequest,
  ReconcileResult,
  ReserveRequest,
  ReserveResult,
  ThresholdCrossing,
} from './budget-store.js';
export { BudgetTally } from './budget-tally.js';
export { type CompiledBudgetWindow, compileBudgetWindow, rollingSlices } from './compile-budget-window.js';
export type { AppliedBudget, BudgetLimits, CompiledBudget, CompiledBudgets } from './compile-budgets.js';
export { compileBudgets } from './compile-budgets.js';
export type { BudgetSettlement, MemoryBudgetStore } from './create-memory-budget-store.js';
export { createMemoryBudgetStore } from './create-memory-budget-store.js';
export type { CounterState, ReservationDecision } from './decide-reservation.js';
export { decideReservation, reservationAmount } from './decide-reservation.js';
export { describeShortfall } from './describe-shortfall.js';
export { fileTokenEstimate, inputTokenBound, messageOverheadTokens } from './input-token-bound.js';
export { ceilMicroUsd, costMicroUsd, microUsdToUsd, usdToMicroUsd } from './micro-usd.js';
export { budgetCounters, type PlannedReservation, planReservation } from './plan-reservation.js';
export { type AlertState, budgetLevel, crossThresholds } from './threshold-alerts.js';
