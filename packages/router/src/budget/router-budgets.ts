import {
  type Budget,
  type BudgetStore,
  type CompiledBudgets,
  compileBudgets,
  createMemoryBudgetStore,
  type ThresholdCrossing,
} from '@switchyard/core';
import { thrownMessage } from '@switchyard/core/failure';
import type { RouterEventBus } from '../router-event-bus.js';

/**
 * The router's budgets: compiled once from the config, the store they count
 * in, and the reconciliations still on their way to a shared store (`drain`
 * waits for them: `router.close()` does).
 */
export class RouterBudgets {
  readonly compiled: CompiledBudgets;
  readonly store: BudgetStore;
  readonly #events: RouterEventBus;
  readonly #pending = new Set<Promise<unknown>>();

  constructor(options: {
    budgets: readonly Budget[];
    groups: Readonly<Record<string, readonly string[]>>;
    store: BudgetStore | undefined;
    events: RouterEventBus;
  }) {
    this.compiled = compileBudgets({ budgets: options.budgets, groups: options.groups });
    this.store = options.store ?? createMemoryBudgetStore();
    this.#events = options.events;
  }

  /** Emits a `budget-threshold-crossed` event per crossing. */
  crossed(crossings: readonly ThresholdCrossing[]): void {
    if (crossings.length === 0 || !this.#events.has('budget-threshold-crossed')) return;
    for (const crossing of crossings) this.#events.emit('budget-threshold-crossed', crossing);
  }

  /** Follows a store operation still on its way: its crossings become events, its failure an `error` event. */
  track<T extends { crossings: readonly ThresholdCrossing[] }>(operation: string, pending: Promise<T>): void {
    const tracked = pending.then(
      (result) => this.crossed(result.crossings),
      (error: unknown) =>
        this.#events.emit('error', {
          source: 'budget',
          origin: operation,
          message: `the budget store failed to ${operation}: ${thrownMessage(error)}`,
          error,
        }),
    );
    this.#pending.add(tracked);
    void tracked.finally(() => this.#pending.delete(tracked));
  }

  /** Resolves once every operation tracked so far has finished. */
  async drain(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }
}
