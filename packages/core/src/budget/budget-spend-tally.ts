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
 * Budget counters rebuilt from decision records, one record at a time
 * (constant memory per counter and window bucket): every attempt's
 * `budget.charged` goes to each counter it counted against, in the window
 * bucket of the attempt's start. With `dedupe` (the default) an attempt
 * (request id and position) counts once, however often the records repeat
 * it, so reading a file twice never doubles spend; without it (records known
 * unique, e.g. a drill's) no id is kept. With `until` (epoch ms), attempts
 * that started after it are not counted at all: the counters as they stood at
 * that instant. Counters of budgets the config no longer has keep
 * `limits: undefined`.
 */
export class BudgetSpendTally {
  readonly #budgets: CompiledBudgets;
  readonly #seen: Set<string> | undefined;
  readonly #until: number;
  readonly #counters = new Map<
    string,
    { budgetId: string; buckets: Map<number, Mutable>; total: Mutable; attempts: number }
  >();

  constructor(options: { budgets: CompiledBudgets; dedupe?: boolean; until?: number }) {
    this.#budgets = options.budgets;
    this.#seen = options.dedupe === false ? undefined : new Set();
    this.#until = options.until ?? Number.POSITIVE_INFINITY;
  }

  /** Adds one record's charges. */
  add(record: DecisionRecord): void {
    const started = Date.parse(record.time);
    record.attempts.forEach((attempt, index) => {
      const budget = attempt.budget;
      if (budget === undefined || budget.storeDown === 'uncounted') return;
      if (this.#seen) {
        const id = `${record.requestId}\u0000${index}`;
        if (this.#seen.has(id)) return;
        this.#seen.add(id);
      }
      const at = started + attempt.startMs;
      if (at > this.#until) return;
      for (const counted of budget.counted) {
        let counter = this.#counters.get(counted.key);
        if (counter === undefined) {
          counter = { budgetId: counted.budgetId, buckets: new Map(), total: zero(), attempts: 0 };
          this.#counters.set(counted.key, counter);
        }
        counter.attempts++;
        add(counter.total, budget.charged);
        const window = this.#budgets.byId(counted.budgetId)?.window;
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

  /**
   * Every counter: its spend in the window counted at `at`, in its fullest
   * window, and in total.
   *
   * @param at the instant the `spent` window is taken at (epoch ms).
   * @returns one entry per counter, by key.
   */
  counters(at: number): CounterSpend[] {
    const out: CounterSpend[] = [];
    for (const [key, counter] of [...this.#counters].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const compiled = this.#budgets.byId(counter.budgetId);
      const spent = zero();
      const peak = zero();
      let oldestBucket: number | undefined;
      if (compiled) {
        const window = compiled.window;
        const from = window.firstCounted(at);
        const to = window.bucketOf(at);
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
}
