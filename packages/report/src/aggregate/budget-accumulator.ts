import { compareText, type DecisionRecord, errorCodes } from '@switchyard/core';

/** What the records say of one budget counter (a budget's key: its id plus `per` values). */
export interface BudgetCounterFigures {
  /** The budget's id. */
  readonly budgetId: string;
  /** The counter's key, e.g. `acme-daily|tenant=acme`. */
  readonly key: string;
  /** Attempts that counted against it. */
  readonly attempts: number;
  /** What they were charged: USD (from integer micro-dollars), tokens, requests. */
  readonly chargedUsd: number;
  readonly chargedTokens: number;
  readonly chargedRequests: number;
  /** What they reserved before they ran (their upper bounds), USD. */
  readonly reservedUsd: number;
}

/** The budgets' part of a report. */
export interface BudgetFigures {
  /** Each counter the records name, by charged USD (descending), then key. */
  readonly counters: readonly BudgetCounterFigures[];
  /** Candidates skipped because a `reroute` budget could not pay (or its store was down), by budget id. */
  readonly rerouted: Readonly<Record<string, number>>;
  /** Requests failed by a budget that could not pay (`SWITCHYARD_BUDGET_EXCEEDED`: a `deny` one, or `reroute` ones that set aside every candidate). */
  readonly denied: number;
  /** Requests failed because the budget store was unreachable (`SWITCHYARD_BUDGET_UNAVAILABLE`). */
  readonly unavailable: number;
}

/** A budget accumulator's figures, as plain data (to send from a worker thread). */
export interface BudgetState {
  readonly counters: readonly (readonly [string, string, readonly number[]])[];
  readonly rerouted: readonly (readonly [string, number])[];
  readonly denied: number;
  readonly unavailable: number;
}

/** Accumulates the budgets' evidence of decision records: per counter, charges and reservations; reroutes and denials. */
export class BudgetAccumulator {
  /** key -> [budgetId, [attempts, charged micro-dollars, tokens, requests, reserved micro-dollars]]. */
  readonly #counters = new Map<string, [string, number[]]>();
  readonly #rerouted = new Map<string, number>();
  #denied = 0;
  #unavailable = 0;

  /** Adds one record. */
  add(record: DecisionRecord): void {
    for (const attempt of record.attempts) {
      const budget = attempt.budget;
      if (budget === undefined) continue;
      for (const counted of budget.counted) {
        let entry = this.#counters.get(counted.key);
        if (entry === undefined) {
          entry = [counted.budgetId, [0, 0, 0, 0, 0]];
          this.#counters.set(counted.key, entry);
        }
        const figures = entry[1];
        figures[0] = (figures[0] as number) + 1;
        figures[1] = (figures[1] as number) + budget.charged.microUsd;
        figures[2] = (figures[2] as number) + budget.charged.tokens;
        figures[3] = (figures[3] as number) + budget.charged.requests;
        figures[4] = (figures[4] as number) + budget.reserved.microUsd;
      }
    }
    for (const skipped of record.skipped) {
      if (skipped.reason !== 'budget') continue;
      for (const budgetId of skipped.budgetIds ?? ['(unnamed)'])
        this.#rerouted.set(budgetId, (this.#rerouted.get(budgetId) ?? 0) + 1);
    }
    if (record.error?.code === errorCodes.BUDGET_EXCEEDED) this.#denied++;
    if (record.error?.code === errorCodes.BUDGET_UNAVAILABLE) this.#unavailable++;
  }

  toState(): BudgetState {
    return {
      counters: [...this.#counters].map(
        ([key, [budgetId, figures]]) => [key, budgetId, [...figures]] as const,
      ),
      rerouted: [...this.#rerouted],
      denied: this.#denied,
      unavailable: this.#unavailable,
    };
  }

  mergeState(state: BudgetState): void {
    for (const [key, budgetId, figures] of state.counters) {
      const mine = this.#counters.get(key);
      if (mine === undefined) this.#counters.set(key, [budgetId, [...figures]]);
      else
        figures.forEach((value, index) => {
          mine[1][index] = (mine[1][index] as number) + value;
        });
    }
    for (const [budgetId, count] of state.rerouted)
      this.#rerouted.set(budgetId, (this.#rerouted.get(budgetId) ?? 0) + count);
    this.#denied += state.denied;
    this.#unavailable += state.unavailable;
  }

  figures(): BudgetFigures {
    const counters = [...this.#counters].map(
      ([key, [budgetId, figures]]): BudgetCounterFigures => ({
        budgetId,
        key,
        attempts: figures[0] as number,
        chargedUsd: (figures[1] as number) / 1_000_000,
        chargedTokens: figures[2] as number,
        chargedRequests: figures[3] as number,
        reservedUsd: (figures[4] as number) / 1_000_000,
      }),
    );
    counters.sort((a, b) => b.chargedUsd - a.chargedUsd || compareText(a.key, b.key));
    return {
      counters,
      rerouted: Object.fromEntries([...this.#rerouted].sort((a, b) => compareText(a[0], b[0]))),
      denied: this.#denied,
      unavailable: this.#unavailable,
    };
  }
}
