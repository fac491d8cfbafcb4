import { z } from 'zod';
import { BudgetSchema } from '../budget/budget-schema.js';
import { CallersSchema } from '../context/callers-schema.js';
import { RequestContextSchema } from '../context/request-context.js';
import { PolicySchema } from '../policy/policy-schema.js';
import { TargetSchema } from '../target/target-schema.js';
import { RouteSchema } from './route-schema.js';

/**
 * A Switchyard config: the targets you can call, the routes your application
 * asks for, jurisdiction groups, who it serves, the policy, and the default
 * request context.
 */
export const ConfigSchema = z
  .object({
    /** Every deployment you can call. */
    targets: z.array(TargetSchema).min(1).describe('Every deployment you can call'),
    /** Route name -> candidates, strategy and last resort. */
    routes: z
      .record(z.string().min(1), RouteSchema)
      .describe('Route name -> candidates, strategy and last resort'),
    /** Your own jurisdiction groups (EU and EEA are built in and cannot be redefined: extend them, `EU_PLUS: [EU, CH]`). */
    groups: z
      .record(z.string().min(1), z.array(z.string().min(1)))
      .prefault({})
      .describe('Your own jurisdiction groups; EU and EEA are built in (extend them under a new name)'),
    /** Who this config serves: caller jurisdictions, the data classes requests carry, known tenants. */
    callers: CallersSchema.prefault({}).describe(
      'Who this config serves: caller jurisdictions, the data classes requests carry, known tenants',
    ),
    /** The policy; absent: allow everything to callers with a known jurisdiction. */
    policy: PolicySchema.prefault({}).describe('The policy'),
    /** Spend caps: per tenant, route, provider, target or caller jurisdiction, per rolling or calendar window. */
    budgets: z
      .array(BudgetSchema)
      .default([])
      .describe('Spend caps per tenant, route, provider, target or jurisdiction, per window'),
    /** Defaults for requests. */
    defaults: z
      .object({
        /** The context of a request that names none. */
        context: RequestContextSchema.prefault({}).describe('The context of a request that names none'),
      })
      .strict()
      .prefault({})
      .describe('Defaults for requests'),
  })
  .strict();

/** A config as written (defaults not applied). */
export type SwitchyardConfigInput = z.input<typeof ConfigSchema>;
/** A validated config. */
export type SwitchyardConfig = z.infer<typeof ConfigSchema>;
