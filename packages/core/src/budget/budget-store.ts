import type { AmountUnit, BudgetAmount } from './budget-amount.js';
import type { BudgetLimits } from './compile-budgets.js';

/** A value now, or a promise of it: the memory store answers synchronously, a shared store does not. */
export type MaybePromise<T> = T | Promise<T>;

/** One counter an operation counts on: a budget's counter key in the window bucket of the attempt. */
export interface BudgetCounter {
  /** The budget's id. */
  readonly budgetId: string;
  /** The counter's key: the id plus `per` values (`acme-daily|tenant=acme`). */
  readonly key: string;
  /** Its limits; an absent unit is not limited. */
  readonly limits: BudgetLimits;
  /** Start (epoch ms) of the bucket the attempt's reservation and charge fall in. */
  readonly bucket: number;
  /** Start (epoch ms) of the oldest bucket still counted at the operation's instant. */
  readonly firstBucket: number;
  /** When the bucket's spend stops counting (epoch ms): the store may forget it after. */
  readonly releasedAt: number;
  /** `false` for a `warn` budget: counted, never refused. */
  readonly enforce: boolean;
  /** Percentages of the limit that emit a threshold crossing, ascending. */
  readonly thresholds: readonly number[];
  /** How long one threshold alert holds before the same threshold may alert again (ms): the period or the rolling length. */
  readonly alertUntil: number;
  /** Percent of each limit a process of a shared store reserves ahead, to spend while the store is unreachable (0: none). */
  readonly leasePercent: number;
}

/**
 * What an attempt asks to reserve. The amount is `base` plus `perOutputToken`
 * for each output token; the store reserves for `outputTokens`, or, when a
 * counter cannot afford that, for the most it can (never fewer than
 * `minOutputTokens`: equal to `outputTokens` when the call set its own cap).
 */
export interface ReserveRequest {
  /** Unique per attempt; a second reserve of the same id returns the first one's answer. */
  readonly attemptId: string;
  /** Every counter the attempt counts on (all or nothing). */
  readonly counters: readonly BudgetCounter[];
  /** What is reserved whatever the output: the input's cost (micro-dollars, may be fractional), its tokens, 1 request. */
  readonly base: BudgetAmount;
  /** Micro-dollars one output token costs (may be fractional); each output token also counts 1 token. */
  readonly perOutputToken: number;
  /** The output tokens to reserve for. */
  readonly outputTokens: number;
  /** The fewest output tokens worth reserving for. */
  readonly minOutputTokens: number;
  /** The instant (epoch ms). */
  readonly now: number;
  /** When the reservation lapses if the attempt never reconciles (epoch ms). */
  readonly expiresAt: number;
}

/** A counter that cannot pay (or, for a `warn` budget, could not have paid). */
export interface BudgetShortfall {
  /** The budget's id. */
  readonly budgetId: string;
  /** The counter's key. */
  readonly key: string;
  /** The unit that ran out. */
  readonly unit: AmountUnit;
  /** The limit in that unit. */
  readonly limit: number;
  /** Spent and reserved in the window, in that unit. */
  readonly committed: number;
  /** What the attempt needed at least, in that unit. */
  readonly needed: number;
  /** When the counter's oldest counted spend stops counting (epoch ms): the earliest the budget can pay again. */
  readonly retryAt: number;
}

/** A threshold of a budget that was crossed, reported once per period (calendar) or window length (rolling). */
export interface ThresholdCrossing {
  /** The budget's id. */
  readonly budgetId: string;
  /** The counter's key. */
  readonly key: string;
  /** The threshold crossed, percent. */
  readonly threshold: number;
  /** The level reached: spent and reserved over the limit, percent, in the fullest unit (100 when refused). */
  readonly level: number;
}

/** The answer to a reservation. */
export type ReserveResult =
  | {
      /** Reserved on every counter. */
      readonly ok: true;
      /** The output tokens reserved for: pass them to the call as its output cap. */
      readonly outputTokens: number;
      /** What was reserved on each counter (integer micro-dollars). */
      readonly amount: BudgetAmount;
      /** `warn` budgets that could not have paid. */
      readonly warnings: readonly BudgetShortfall[];
      /** Thresholds this reservation crossed. */
      readonly crossings: readonly ThresholdCrossing[];
      /** The shared store was unreachable: reserved from this process's lease. */
      readonly lease?: true;
    }
  | {
      /** Nothing was reserved: at least one enforced counter cannot pay, or the store cannot be reached. */
      readonly ok: false;
      /** The counters that cannot pay (empty when the store is unreachable). */
      readonly shortfalls: readonly BudgetShortfall[];
      /** Thresholds this refusal crossed (a refusal counts as 100 %). */
      readonly crossings: readonly ThresholdCrossing[];
      /** The shared store was unreachable and this process's lease cannot cover the attempt: each budget's `onStoreDown` decides. */
      readonly storeDown?: true;
    };

/** What an attempt cost, to settle its reservation. */
export interface ReconcileRequest {
  /** The attempt's id, as reserved. */
  readonly attemptId: string;
  /** The counters it reserved on (used when the reservation already lapsed). */
  readonly counters: readonly BudgetCounter[];
  /** What it cost (integer micro-dollars). */
  readonly charged: BudgetAmount;
  /** The instant (epoch ms). */
  readonly now: number;
}

/** The answer to a reconciliation. */
export interface ReconcileResult {
  /** `false` when this attempt id was already reconciled: nothing changed. */
  readonly applied: boolean;
  /** Thresholds the charge crossed. */
  readonly crossings: readonly ThresholdCrossing[];
}

/** A counter's window at an instant. */
export interface CounterUsage {
  /** The counter's key. */
  readonly key: string;
  /** Spent in the window. */
  readonly spent: BudgetAmount;
  /** Reserved by attempts in flight, in the window. */
  readonly reserved: BudgetAmount;
}

/**
 * Where budget counters live. Every operation is atomic over all its counters:
 * a reservation reserves on every counter or on none; a reconciliation
 * settles an attempt exactly once (by its id); a reservation that is never
 * reconciled lapses at its `expiresAt`. The memory store answers
 * synchronously; a shared store (Redis) returns promises.
 */
export interface BudgetStore {
  /** Reserves an attempt's upper-bound cost on every counter, or on none. */
  reserve(request: ReserveRequest): MaybePromise<ReserveResult>;
  /** Settles an attempt: releases its reservation and charges what it cost, once per attempt id. */
  reconcile(request: ReconcileRequest): MaybePromise<ReconcileResult>;
  /** Moves a reservation's lapse to `expiresAt` (a long stream); `false` when it is not outstanding at `now` (settled, or lapsed). */
  extend(attemptId: string, expiresAt: number, now: number): MaybePromise<boolean>;
  /** What each counter has spent and reserved in its window at `now`. */
  usage(counters: readonly BudgetCounter[], now: number): MaybePromise<CounterUsage[]>;
}
