import { z } from 'zod';
import { BudgetSchema } from '../budget/budget-schema.js';
import { RouteSchema } from '../config/route-schema.js';
import { CallersSchema } from '../context/callers-schema.js';
import { PolicySchema } from '../policy/policy-schema.js';
import { PriceSchema, TargetSchema } from '../target/target-schema.js';

/**
 * The target catalog and routes a router was built with, stored once beside
 * its records; records name it by `decision.catalogVersion`.
 */
export const CatalogDocumentSchema = z
  .object({
    /** Always `catalog`. */
    kind: z.literal('catalog'),
    /** Hash of `targets` and `routes` (the `catalogVersion` records name). */
    version: z.string(),
    /** Every target of the config, validated. */
    targets: z.array(TargetSchema),
    /** Every route of the config, validated. */
    routes: z.record(z.string(), RouteSchema),
  })
  .strict();

/**
 * Every target's price as the router resolved it (its own `price`, else the
 * pricing catalog's), stored once beside the records; records name it by
 * `decision.priceVersion`.
 */
export const PriceDocumentSchema = z
  .object({
    /** Always `prices`. */
    kind: z.literal('prices'),
    /** Hash of `prices` (the `priceVersion` records name). */
    version: z.string(),
    /** Target id -> USD per million tokens; `null`: no price known (its requests cost 0). */
    prices: z.record(z.string(), PriceSchema.nullable()),
  })
  .strict();

/**
 * A policy in force while the records were written, stored once beside them
 * (the config's own, and each one a `setPolicy` put in force); records name
 * it by `policyVersion`. Compiled over the catalog it names, it gives that
 * version again.
 */
export const PolicyDocumentSchema = z
  .object({
    /** Always `policy`. */
    kind: z.literal('policy'),
    /** The compiled policy's version (the `policyVersion` records name). */
    version: z.string(),
    /** The catalog it was compiled over. */
    catalogVersion: z.string(),
    /** The policy as given (packs by name, not expanded), validated. */
    policy: PolicySchema,
    /** The config's jurisdiction groups. */
    groups: z.record(z.string(), z.array(z.string())),
    /** Who the config serves. */
    callers: CallersSchema,
  })
  .strict();

/**
 * The budgets a router enforced, stored once beside its records; records name
 * it by `decision.budgetsVersion`.
 */
export const BudgetsDocumentSchema = z
  .object({
    /** Always `budgets`. */
    kind: z.literal('budgets'),
    /** Hash of `budgets` and `groups` (the `budgetsVersion` records name). */
    version: z.string(),
    /** Every budget of the config, validated. */
    budgets: z.array(BudgetSchema),
    /** The config's jurisdiction groups (budget scopes may name them). */
    groups: z.record(z.string(), z.array(z.string())),
  })
  .strict();

/** One document of the basis the decisions were made on: catalog, prices, a policy or the budgets. */
export const BasisDocumentSchema = z.discriminatedUnion('kind', [
  CatalogDocumentSchema,
  PriceDocumentSchema,
  PolicyDocumentSchema,
  BudgetsDocumentSchema,
]);

/** The budgets document. */
export type BudgetsDocument = z.infer<typeof BudgetsDocumentSchema>;

/** The catalog document. */
export type CatalogDocument = z.infer<typeof CatalogDocumentSchema>;
/** The price table document. */
export type PriceDocument = z.infer<typeof PriceDocumentSchema>;
/** A policy document. */
export type PolicyDocument = z.infer<typeof PolicyDocumentSchema>;
/** One basis document. */
export type BasisDocument = z.infer<typeof BasisDocumentSchema>;
