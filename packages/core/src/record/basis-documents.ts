import type { SwitchyardConfig } from '../config/config-schema.js';
import { resolvePrice } from '../cost/cost-of.js';
import type { CompiledPolicy } from '../policy/compile-policy.js';
import { policyHash } from '../policy/policy-hash.js';
import { type Policy, type PolicyInput, PolicySchema } from '../policy/policy-schema.js';
import type { Price } from '../target/target-schema.js';
import type { BudgetsDocument, CatalogDocument, PolicyDocument, PriceDocument } from './basis-document.js';

/**
 * The catalog and price documents of a config: what records name by
 * `decision.catalogVersion` and `decision.priceVersion`.
 *
 * @param options.config the validated config.
 * @param options.prices each target's resolved price (default: `resolvePrice` of each target).
 * @returns the two documents, each with its version.
 * @example
 * ```ts
 * const { catalog, prices } = catalogDocuments({ config });
 * catalog.version; // '5d0c1c0f3e2a9b41'
 * ```
 */
export function catalogDocuments(options: {
  config: Pick<SwitchyardConfig, 'targets' | 'routes'>;
  prices?: ReadonlyMap<string, Price | undefined>;
}): { catalog: CatalogDocument; prices: PriceDocument } {
  const { targets, routes } = options.config;
  const prices: Record<string, Price | null> = {};
  for (const target of targets) {
    const price = options.prices ? options.prices.get(target.id) : resolvePrice(target);
    prices[target.id] = price ?? null;
  }
  return {
    catalog: { kind: 'catalog', version: policyHash({ targets, routes }), targets, routes },
    prices: { kind: 'prices', version: policyHash(prices), prices },
  };
}

/**
 * The policy document of a compiled policy: the policy as given (validated,
 * packs by name), the groups and callers, and the catalog it was compiled
 * over; what records name by `policyVersion`.
 *
 * @param options.config the validated config (groups and callers).
 * @param options.policy the policy as given (default: the config's).
 * @param options.compiled the policy compiled from it (its version).
 * @param options.catalogVersion the catalog document's version.
 * @example
 * ```ts
 * const document = policyDocument({ config, compiled: compileConfigPolicy({ config }), catalogVersion });
 * ```
 */
export function policyDocument(options: {
  config: Pick<SwitchyardConfig, 'policy' | 'groups' | 'callers'>;
  policy?: PolicyInput | Policy;
  compiled: CompiledPolicy;
  catalogVersion: string;
}): PolicyDocument {
  const policy = options.policy === undefined ? options.config.policy : PolicySchema.parse(options.policy);
  return {
    kind: 'policy',
    version: options.compiled.version,
    catalogVersion: options.catalogVersion,
    policy,
    groups: options.config.groups,
    callers: options.compiled.callers,
  };
}

/**
 * The budgets document of a config: its budgets and jurisdiction groups;
 * what records name by `decision.budgetsVersion`.
 *
 * @param options.config the validated config.
 * @returns the document, or undefined when the config has no budgets.
 * @example
 * ```ts
 * budgetsDocument({ config })?.version; // '9a1c0e7f2b3d4c5e'
 * ```
 */
export function budgetsDocument(options: {
  config: Pick<SwitchyardConfig, 'budgets' | 'groups'>;
}): BudgetsDocument | undefined {
  const { budgets, groups } = options.config;
  if (budgets === undefined || budgets.length === 0) return undefined;
  return { kind: 'budgets', version: policyHash({ budgets, groups }), budgets, groups };
}
