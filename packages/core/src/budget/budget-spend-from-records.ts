import type { DecisionRecord } from '../record/decision-record.js';
import { amountUnits, type BudgetAmount } from './budget-amount.js';
import type { BudgetLimits, CompiledBudgets } from './compile-budgets.js';

/** One budget counter's spend, rebuilt from decision records. */
export interface CounterSpend {
  /** The budget's id. */
  readonly budgetId: string;
  /** The counter's key. */
  readonly key: string;
  /** The budget's limits (undefined: the config no longer has this budget). */
  readonly limits: BudgetLimits | undefined;
  /** Charged in the window counted at `at`. */
  readonly spent: BudgetAmount;
  /** Charged in the fullest window of the records (calendar: a period; rolling: any window of its length, slice-aligned). */
  readonly peak: BudgetAmount;
  /** Charged over every record. */
  readonly total: BudgetAmount;
  /** Attempts counted (each once, however often the records repeat it). */
  readonly attempts: number;
  /** The oldest window bucket with spend counted at `at` (epoch ms): its spend is the next to stop counting. */
  readonly oldestBucket: number | undefined;
}

type Mutable = { microUsd: number; tokens: number; requests: number };
const zero = (): Mutable => ({ microUsd: 0, tokens: 0, requests: 0 });
const add = (into: Mutable, amount: BudgetAmount) => {
  for (const unit of amountUnits) into[unit] += amount[unit];
};

/**
 * Rebuilds budget counters from decision records (what `switchyard budgets
 * --records` and the drill's `budget-never-exceeded` do): every attempt's
 * `budget.charged` goes to each counter it counted against, in the window
 * bucket of the attempt's start. Idempotent: an attempt (request id and
 * position) counts once, however often the records repeat it, so reading a
 * file twice never doubles spend. Counters of budgets the config no longer
 * has keep `limits: undefined`.
 *
 * @param options.records the records, any order.
 * @param options.budgets the config's budgets, compiled.
 * @param options.at the instant the `spent` window is taken at (epoch ms).
 * @returns one entry per counter, by key.
 *
 * @example
 * ```ts
 * const counters = budgetSpendFromRecords({ records, budgets: compileBudgets({ budgets: config.budgets }), at: Date.now() });
 * ```
 */
export function budgetSpendFromRecords(options: {
  records: Iterable<DecisionRecord>;
  budgets: CompiledBudgets;
  at: number;
}): CounterSpend[] {
  const seen = new Set<string>();
  const counters = new Map<
    string,
    { budgetId: string; buckets: Map<number, Mutable>; total: Mutable; attempts: number }
  >();
  for (const record of options.records) {
    const started = Date.parse(record.time);
    record.attempts.forEach((attempt, index) => {
      const budget = attempt.budget;
      if (budget === undefined || budget.storeDown === 'uncounted') return;
      const id = `${record.requestId}\u0000${index}`;
      if (seen.has(id)) return;
      seen.add(id);
      const at = started + attempt.startMs;
      for (const counted of budget.counted) {
        let counter = counters.get(counted.key);
        if (counter === undefined) {
          counter = { budgetId: counted.budgetId, buckets: new Map(), total: zero(), attempts: 0 };
          counters.set(counted.key, counter);
        }
        counter.attempts++;
        add(counter.total, budget.charged);
        const window = options.budgets.byId(counted.budgetId)?.window;
        const bucket = window ? window.bucketOf(at) : 0;
        let cell = counter.buckets.get(bucket);
        if (cell === undefined) {
          cell = zero();
          counter.buckets.set(bucket, cell);
        }
        add(cell, budget.charged);
      }
    });
  }
  const out: CounterSpend[] = [];
  for (const [key, counter] of [...counters].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const compiled = options.budgets.byId(counter.budgetId);
    const spent = zero();
    const peak = zero();
    let oldestBucket: number | undefined;
    if (compiled) {
      const window = compiled.window;
      const from = window.firstCounted(options.at);
      const to = window.bucketOf(options.at);
      for (const [bucket, cell] of counter.buckets) {
        if (bucket < from || bucket > to) continue;
        add(spent, cell);
        if (oldestBucket === undefined || bucket < oldestBucket) oldestBucket = bucket;
      }
      // The fullest window: each bucket as the newest of a window, with every bucket still counted then.
      for (const [bucket] of counter.buckets) {
        const sum = zero();
        const first = window.firstCounted(bucket);
        for (const [other, cell] of counter.buckets) if (other >= first && other <= bucket) add(sum, cell);
        for (const unit of amountUnits) peak[unit] = Math.max(peak[unit], sum[unit]);
      }
    }
    out.push({
      budgetId: counter.budgetId,
      key,
      limits: compiled?.limits,
      spent,
      peak,
      total: counter.total,
      attempts: counter.attempts,
      oldestBucket,
    });
  }
  return out;
}
