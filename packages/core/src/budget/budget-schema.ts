import { z } from 'zod';
import { DurationSchema } from '../time/duration-schema.js';

const names = z.array(z.string().min(1)).min(1);

/** The request and attempt fields a budget's scope can match, and `per` can split it by. */
export const budgetDimensions = ['tenant', 'route', 'provider', 'target', 'jurisdiction'] as const;

/** One of {@link budgetDimensions}. */
export type BudgetDimension = (typeof budgetDimensions)[number];

/** The largest USD limit: micro-dollars stay exact integers up to 2^53. */
export const maxBudgetUsd = 9_000_000_000;

/**
 * What a budget counts. Every field that is present must hold (so fields
 * combine: `{ tenant: [acme-*], provider: [openai] }` is acme's OpenAI spend);
 * a list holds when any entry does; an empty scope counts everything. Like a
 * `deny` rule, a jurisdiction scope holds whenever the caller *could* be in
 * it: a caller with no or an unknown jurisdiction counts against every
 * budget scoped by jurisdiction, and a group caller (`EU`) against every
 * budget naming one of its members. A request without a tenant matches no
 * tenant glob.
 */
export const BudgetScopeSchema = z
  .object({
    /** Tenant globs (picomatch), e.g. `acme-*`; a request without a tenant matches none. */
    tenant: names.optional().describe('Tenant globs, e.g. acme-*; a request without a tenant matches none'),
    /** Route names of the config. */
    route: names.optional().describe('Route names of the config'),
    /** Provider names of the config's targets, e.g. `openai`. */
    provider: names.optional().describe("Provider names of the config's targets, e.g. openai"),
    /** Target ids of the config. */
    target: names.optional().describe('Target ids of the config'),
    /** Caller jurisdictions: ISO 3166-1 alpha-2 codes or groups; `unknown` for callers with none. */
    jurisdiction: names
      .optional()
      .describe('Caller jurisdictions: codes or groups; a caller with none counts against every one'),
  })
  .strict();

/** What a budget counts. */
export type BudgetScope = z.infer<typeof BudgetScopeSchema>;

/**
 * How much may be spent in one window. Give at least one limit; each that is
 * given holds on its own. USD are counted in integer micro-dollars.
 */
export const BudgetLimitSchema = z
  .object({
    /** USD per window, at most 6 decimals (counted in integer micro-dollars). */
    usd: z
      .number()
      .positive()
      .max(maxBudgetUsd)
      .refine((usd) => Math.abs(Math.round(usd * 1e6) - usd * 1e6) < 1e-6 * Math.max(1, usd), {
        message: 'at most 6 decimals: budgets count whole micro-dollars',
      })
      .optional()
      .describe('USD per window, at most 6 decimals'),
    /** Tokens per window: input and output tokens of every attempt counted. */
    tokens: z.number().int().positive().optional().describe('Input plus output tokens per window'),
    /** Requests per window: every attempt sent to a target counts one (retries and fallbacks included). */
    requests: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Attempts sent to a target per window, retries and fallbacks included'),
  })
  .strict()
  .refine((limit) => limit.usd !== undefined || limit.tokens !== undefined || limit.requests !== undefined, {
    message: 'give at least one limit: usd, tokens or requests',
  });

/** How much may be spent in one window. */
export type BudgetLimit = z.infer<typeof BudgetLimitSchema>;

/** Calendar periods a window can follow. */
export const calendarPeriods = ['hour', 'day', 'week', 'month'] as const;

/** One of {@link calendarPeriods}. */
export type CalendarPeriod = (typeof calendarPeriods)[number];

/**
 * The time a limit applies to: `rolling` (the last N, e.g. `24h`, counted in
 * 60 slices of the window, so spend leaves it at most a sixtieth late), or a
 * `calendar` period (`hour`, `day`, `week` from Monday, `month`) in an IANA
 * time zone, reset at the period's start.
 */
export const BudgetWindowSchema = z.union([
  z
    .object({
      /** The window's length, e.g. `1h`, `24h`, `7d`: at least 1 minute. */
      rolling: DurationSchema.refine((ms) => ms >= 60_000, {
        message: 'a rolling window of at least 1 minute, e.g. "1h" or "24h"',
      }).describe('The length of the window, e.g. 1h, 24h, 7d: at least 1 minute'),
    })
    .strict(),
  z
    .object({
      /** `hour`, `day`, `week` (from Monday) or `month`. */
      calendar: z.enum(calendarPeriods).describe('hour, day, week (from Monday) or month'),
      /** The IANA time zone the period follows, e.g. `Europe/Berlin`; default `UTC`. */
      timeZone: z.string().min(1).default('UTC').describe('IANA time zone, e.g. Europe/Berlin; default UTC'),
    })
    .strict(),
]);

/** The time a limit applies to. */
export type BudgetWindow = z.infer<typeof BudgetWindowSchema>;

/**
 * What happens to a request when a budget cannot pay for an attempt:
 * `reroute` (the targets it counts are unavailable for that request, which
 * moves on, down to local open weights), `deny` (the request fails with a
 * `BudgetExceededError`), or `warn` (the attempt goes ahead; an event says so).
 */
export const budgetActions = ['reroute', 'deny', 'warn'] as const;

/** One of {@link budgetActions}. */
export type BudgetAction = (typeof budgetActions)[number];

/**
 * A spend cap: what it counts (`scope`, split by `per`), how much (`limit`),
 * over what time (`window`), and what happens when it is reached.
 */
export const BudgetSchema = z
  .object({
    /** Unique id, shown in records, events, errors and reports, e.g. `acme-daily`. */
    id: z
      .string()
      .regex(/^[a-zA-Z0-9][a-zA-Z0-9._:/-]*$/, 'letters, digits and . _ : / - (start with a letter or digit)')
      .describe('Unique id shown in records, events, errors and reports'),
    /** What the budget is for, in one sentence. */
    description: z.string().min(1).optional().describe('What the budget is for'),
    /** What it counts; absent or empty: everything. */
    scope: BudgetScopeSchema.prefault({}).describe('What it counts; empty: everything'),
    /** One limit per distinct value of these fields, e.g. `[tenant]`: every tenant gets the whole limit. */
    per: z
      .array(z.enum(budgetDimensions))
      .default([])
      .describe('One limit per distinct value of these fields, e.g. [tenant]'),
    /** How much may be spent in one window. */
    limit: BudgetLimitSchema.describe('USD, tokens and/or requests per window'),
    /** The window the limit applies to. */
    window: BudgetWindowSchema.describe('{ rolling: 24h } or { calendar: day, timeZone: Europe/Berlin }'),
    /** `reroute` (default), `deny` or `warn`. */
    onExhausted: z
      .enum(budgetActions)
      .default('reroute')
      .describe('reroute (default: move on, down to local open weights), deny, or warn'),
    /** Percentages of the limit at which a `budget-threshold` event is emitted, once per crossing. */
    thresholds: z
      .array(z.number().positive().max(100))
      .default([80, 100])
      .describe('Percentages of the limit that emit a budget-threshold event; default 80 and 100'),
    /** When the budget store cannot be reached (and this process's lease is spent): `local-only` (default) or `deny`. */
    onStoreDown: z
      .enum(['local-only', 'deny'])
      .default('local-only')
      .describe(
        'When the store is unreachable and the lease spent: local-only (self-hosted targets) or deny',
      ),
    /** Percent of each limit one process reserves ahead, to spend while the store is unreachable; 0: none. */
    leasePercent: z
      .number()
      .min(0)
      .max(10)
      .default(1)
      .describe('Percent of each limit a process reserves ahead for store outages (0 to 10; default 1)'),
    /** The output cap passed to a call that sets no `maxOutputTokens` (clamped to what the budget can still afford). */
    defaultMaxOutputTokens: z
      .number()
      .int()
      .positive()
      .default(4096)
      .describe('Output cap for a call that sets no maxOutputTokens; default 4096'),
    /** A call that sets no `maxOutputTokens` is not started when fewer output tokens than this are affordable. */
    minOutputTokens: z
      .number()
      .int()
      .positive()
      .default(256)
      .describe('Fewest affordable output tokens worth starting a call without maxOutputTokens; default 256'),
  })
  .strict();

/** A budget as written (defaults not applied). */
export type BudgetInput = z.input<typeof BudgetSchema>;
/** A validated budget. */
export type Budget = z.infer<typeof BudgetSchema>;
