import {
  type Budget,
  type CatalogDocument,
  type CompiledPolicy,
  catalogDocuments,
  compileConfigPolicy,
  type PriceDocument,
  type SwitchyardConfig,
} from '@switchyard/core';

/**
 * What a decision is replayed under: the catalog and routes, the price
 * table and the compiled policy. A record's own (from the basis documents
 * stored beside it, `ReplayBasis`), or another config's (`configBasis`, for
 * a what-if).
 */
export interface DecisionBasis {
  readonly catalog: CatalogDocument;
  readonly prices: PriceDocument;
  readonly policy: CompiledPolicy;
  /** The budgets enforced (a record's budgets document, or the config's); undefined: none. */
  readonly budgets?: readonly Budget[] | undefined;
}

/**
 * The basis of a config: its catalog and routes, its targets' prices (their
 * own, else the pricing catalog's), its compiled policy and its budgets.
 *
 * @param options.config the validated config (`parseConfig`).
 * @throws {PolicyError} listing every problem of its policy.
 * @example
 * ```ts
 * const basis = configBasis({ config: parseConfig({ text, file: 'switchyard.before.yaml' }) });
 * ```
 */
export function configBasis(options: { config: SwitchyardConfig }): DecisionBasis {
  const { catalog, prices } = catalogDocuments({ config: options.config });
  return {
    catalog,
    prices,
    policy: compileConfigPolicy({ config: options.config }),
    budgets: options.config.budgets,
  };
}
