import { compareText, roundUsd } from '@switchyard/core';
import type { ProviderCost, TargetCost } from './report.js';

/** One key's accumulated attempts and cost, as plain data. */
export interface CostState {
  /** The provider of the key's attempts (for a provider key, the key itself). */
  provider: string;
  attempts: number;
  attemptsWasted: number;
  served: number;
  wasted: number;
}

type CostFigures = Pick<ProviderCost, 'attempts' | 'attemptsWasted' | 'costServedUsd' | 'costWastedUsd'>;

const costFigures = (figures: CostState): CostFigures => ({
  attempts: figures.attempts,
  attemptsWasted: figures.attemptsWasted,
  costServedUsd: roundUsd(figures.served),
  costWastedUsd: roundUsd(figures.wasted),
});

/** Costliest first: served plus wasted, descending. */
const byCost = (a: CostFigures, b: CostFigures): number =>
  b.costServedUsd + b.costWastedUsd - (a.costServedUsd + a.costWastedUsd);

/**
 * Attempts and cost per key (a provider, or a target), split into served and
 * wasted (an attempt whose output never reached the caller), accumulated one
 * attempt at a time. Its state is plain data, so worker threads' partial
 * aggregations merge.
 */
export class CostAccumulator {
  readonly #costs = new Map<string, CostState>();

  /** Counts one attempt of `key` (run on `provider`) that cost `cost` dollars. */
  add(key: string, provider: string, cost: number, wasted: boolean): void {
    let figures = this.#costs.get(key);
    if (figures === undefined) {
      figures = { provider, attempts: 0, attemptsWasted: 0, served: 0, wasted: 0 };
      this.#costs.set(key, figures);
    }
    figures.attempts += 1;
    if (wasted) {
      figures.attemptsWasted += 1;
      figures.wasted += cost;
    } else figures.served += cost;
  }

  toState(): readonly (readonly [string, CostState])[] {
    return [...this.#costs].map(([key, figures]) => [key, { ...figures }] as const);
  }

  mergeState(state: readonly (readonly [string, CostState])[]): void {
    for (const [key, figures] of state) {
      const mine = this.#costs.get(key);
      if (mine === undefined) this.#costs.set(key, { ...figures });
      else {
        mine.attempts += figures.attempts;
        mine.attemptsWasted += figures.attemptsWasted;
        mine.served += figures.served;
        mine.wasted += figures.wasted;
      }
    }
  }

  /** The figures per provider, costliest first (keyed by provider). */
  providerCosts(): ProviderCost[] {
    return [...this.#costs]
      .map(([provider, figures]): ProviderCost => ({ provider, ...costFigures(figures) }))
      .sort((a, b) => byCost(a, b) || compareText(a.provider, b.provider));
  }

  /** The figures per target, costliest first, then by attempts (keyed by target). */
  targetCosts(): TargetCost[] {
    return [...this.#costs]
      .map(
        ([target, figures]): TargetCost => ({ target, provider: figures.provider, ...costFigures(figures) }),
      )
      .sort((a, b) => byCost(a, b) || b.attempts - a.attempts || compareText(a.target, b.target));
  }
}
