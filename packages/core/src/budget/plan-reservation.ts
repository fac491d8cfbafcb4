import type { Price, Target } from '../target/target-schema.js';
import type { BudgetCounter, ReserveRequest } from './budget-store.js';
import type { AppliedBudget } from './compile-budgets.js';

/**
 * The counters of the budgets an attempt counts against, at `now`: each
 * budget's counter key in the window bucket `now` falls in.
 *
 * @param applied the budgets, from `CompiledBudgets.applicable`.
 * @param now the attempt's start (epoch ms).
 * @returns one counter per budget, in order.
 */
export function budgetCounters(applied: readonly AppliedBudget[], now: number): BudgetCounter[] {
  const counters: BudgetCounter[] = [];
  for (const { budget, key } of applied) {
    const window = budget.window;
    const releasedAt = window.releasedAt(now);
    counters.push({
      budgetId: budget.id,
      key,
      limits: budget.limits,
      bucket: window.bucketOf(now),
      firstBucket: window.firstCounted(now),
      releasedAt,
      enforce: budget.budget.onExhausted !== 'warn',
      thresholds: budget.thresholds,
      alertUntil: window.alertUntil(now),
      leasePercent: budget.budget.leasePercent,
    });
  }
  return counters;
}

/** A reservation to ask the store for, and whether its output tokens must be passed to the call as its cap. */
export interface PlannedReservation {
  /** The request for `BudgetStore.reserve`. */
  readonly request: ReserveRequest;
  /** `true` when the call set no `maxOutputTokens`: pass the reserved output tokens as its cap. */
  readonly capOutput: boolean;
}

/**
 * Plans the upper-bound reservation of one attempt: input tokens bounded by
 * the prompt (`inputTokenBound`) and the target's context window, priced at
 * the dearer of the input and cached-input prices; output bounded by the
 * call's `maxOutputTokens` (never clamped: a call that set its own cap gets
 * it or is refused), or, when the call set none, by the target's
 * `maxOutputTokens` and the smallest `defaultMaxOutputTokens` of the enforced
 * budgets that count USD or tokens, which the store clamps to what the
 * tightest budget can still afford, down to the largest `minOutputTokens`;
 * the result is then the call's output cap (a budget of requests alone sets
 * none). A target without a price reserves no micro-dollars.
 *
 * @param options.attemptId unique per attempt.
 * @param options.applied the budgets the attempt counts against.
 * @param options.inputTokens the prompt's bound (`inputTokenBound`).
 * @param options.maxOutputTokens the call's `maxOutputTokens`, if it set one.
 * @param options.target the target's output cap and context window.
 * @param options.price the target's price (USD per million tokens = micro-dollars per token).
 * @param options.now the attempt's start (epoch ms).
 * @param options.expiresAt when the reservation lapses if never reconciled.
 * @returns the reservation to ask for.
 */
export function planReservation(options: {
  attemptId: string;
  applied: readonly AppliedBudget[];
  inputTokens: number;
  maxOutputTokens: number | undefined;
  target: Pick<Target, 'maxOutputTokens' | 'contextWindow'>;
  price: Price | undefined;
  now: number;
  expiresAt: number;
}): PlannedReservation {
  const { target, price } = options;
  const inputTokens = Math.min(options.inputTokens, target.contextWindow);
  const inputPrice = price ? Math.max(price.input, price.cachedInput ?? 0) : 0;
  const targetCap = target.maxOutputTokens ?? Number.POSITIVE_INFINITY;
  let outputTokens: number;
  let minOutputTokens: number;
  let capOutput = false;
  if (options.maxOutputTokens !== undefined) {
    outputTokens = Math.min(options.maxOutputTokens, targetCap);
    minOutputTokens = outputTokens;
  } else {
    let cap = targetCap;
    let floor = 0;
    let warnCap = Number.POSITIVE_INFINITY;
    for (const { budget } of options.applied) {
      // A budget of requests alone has nothing to say about the output's size.
      if (budget.limits.microUsd === undefined && budget.limits.tokens === undefined) continue;
      if (budget.budget.onExhausted === 'warn') {
        warnCap = Math.min(warnCap, budget.budget.defaultMaxOutputTokens);
        continue;
      }
      capOutput = true;
      cap = Math.min(cap, budget.budget.defaultMaxOutputTokens);
      floor = Math.max(floor, budget.budget.minOutputTokens);
    }
    // Only warn budgets: the call keeps its own (absent) cap; reserve their default as an estimate.
    outputTokens = capOutput ? cap : Math.min(targetCap, warnCap);
    if (!Number.isFinite(outputTokens)) outputTokens = 0;
    minOutputTokens = Math.min(floor, outputTokens);
  }
  return {
    request: {
      attemptId: options.attemptId,
      counters: budgetCounters(options.applied, options.now),
      base: { microUsd: inputTokens * inputPrice, tokens: inputTokens, requests: 1 },
      perOutputToken: price?.output ?? 0,
      outputTokens,
      minOutputTokens,
      now: options.now,
      expiresAt: options.expiresAt,
    },
    capOutput,
  };
}
