import { z } from 'zod';
import { DurationSchema } from './duration-schema.js';
import { LabelSchema } from './label-schema.js';
import { jurisdictionList, valueList } from './value-list.js';

/** Which requests an assertion looks at. */
export const RequestFilterSchema = z
  .object({
    /** Caller jurisdictions (codes or groups such as `EU`). */
    jurisdiction: jurisdictionList.optional().describe('Caller jurisdictions: codes or groups such as EU'),
    /** Data classes. */
    dataClass: valueList.optional().describe('Data classes'),
    /** Tenants. */
    tenant: valueList.optional().describe('Tenants'),
  })
  .strict();

/** Which requests an assertion looks at. */
export type RequestFilter = z.infer<typeof RequestFilterSchema>;

const assertionBase = {
  /** A name for the verdict; default: derived from the type. */
  name: LabelSchema.optional().describe('A name for the verdict: one line'),
};

/** A check over the decision records. */
export const AssertionSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('success-rate'),
      ...assertionBase,
      /** Minimum share of requests served, 0..1. */
      min: z.number().min(0).max(1).describe('Minimum share served, 0..1'),
    })
    .strict(),
  z.object({ type: z.literal('no-denied-attempts'), ...assertionBase }).strict(),
  z.object({ type: z.literal('no-attempts-after-cutoff'), ...assertionBase }).strict(),
  z
    .object({
      type: z.literal('wasted-attempts-per-cutoff'),
      ...assertionBase,
      /** Maximum attempts that hit a cut-off per target (and caller jurisdiction) before it is quarantined. */
      max: z.number().int().nonnegative().describe('Maximum attempts that hit one cut-off'),
    })
    .strict(),
  z
    .object({
      type: z.literal('latency'),
      ...assertionBase,
      /** `latency` (whole request) or `ttft` (streams: time to first token). */
      metric: z.enum(['latency', 'ttft']).default('latency').describe('latency or ttft'),
      /** Percentile, 0..100. */
      percentile: z.number().min(0).max(100).describe('Percentile, 0..100'),
      /** Ceiling in simulated milliseconds. */
      maxMs: z.number().positive().describe('Ceiling in simulated milliseconds'),
    })
    .strict(),
  z
    .object({
      type: z.literal('cost'),
      ...assertionBase,
      /** Ceiling of the total cost in USD, wasted attempts included. */
      maxUsd: z.number().nonnegative().describe('Ceiling of the total cost in USD'),
    })
    .strict(),
  z
    .object({
      type: z.literal('fallback-depth'),
      ...assertionBase,
      /** Maximum distinct targets tried before the one that served. */
      max: z.number().int().nonnegative().describe('Maximum fallback depth'),
    })
    .strict(),
  z.object({ type: z.literal('all-accounted'), ...assertionBase }).strict(),
  z
    .object({
      type: z.literal('continuations'),
      ...assertionBase,
      /** Fewest streamed answers the router finished on another target after a mid-stream failure. */
      min: z.number().int().nonnegative().default(0).describe('Fewest continued answers'),
      /** Most continued answers; absent: no ceiling. */
      max: z.number().int().nonnegative().optional().describe('Most continued answers'),
    })
    .strict(),
  z
    .object({
      type: z.literal('complete-answers'),
      ...assertionBase,
    })
    .strict()
    .describe(
      'Every continued streamed answer is the answer of the target that started it, whole (simulated and loopback drills)',
    ),
  z
    .object({
      type: z.literal('no-repeated-text'),
      ...assertionBase,
    })
    .strict()
    .describe('No continued streamed answer repeats, where two attempts join, text the caller already had'),
  z
    .object({
      type: z.literal('served-only-by'),
      ...assertionBase,
      /** The requests concerned. */
      where: RequestFilterSchema.describe('The requests concerned'),
      /** The only targets that may serve or be attempted for them. */
      targets: z.array(z.string().min(1)).min(1).describe('The only targets that may serve or be attempted'),
    })
    .strict(),
  z
    .object({
      type: z.literal('budget-never-exceeded'),
      ...assertionBase,
      /** The budgets checked, by id; absent: every budget whose onExhausted is not warn. */
      budgets: z
        .array(z.string().min(1))
        .min(1)
        .optional()
        .describe('Budget ids checked; absent: every budget that is not warn'),
    })
    .strict(),
  z
    .object({
      type: z.literal('rerouted-on-budget'),
      ...assertionBase,
      /** The budget whose refusals are looked at; absent: any. */
      budget: z.string().min(1).optional().describe('The budget whose refusals are looked at; absent: any'),
      /** Minimum share of the requests a budget rerouted that were still served, 0..1 (default 1). */
      minShare: z
        .number()
        .min(0)
        .max(1)
        .default(1)
        .describe('Minimum share of rerouted requests still served, 0..1; default 1'),
    })
    .strict(),
  z.object({ type: z.literal('aborted-streams-charged'), ...assertionBase }).strict(),
  z
    .object({
      type: z.literal('served-by-share'),
      ...assertionBase,
      /** The requests concerned; absent: all. */
      where: RequestFilterSchema.default({}).describe('The requests concerned'),
      /** Targets whose share is measured. */
      targets: z.array(z.string().min(1)).min(1).describe('Targets whose share is measured'),
      /** Minimum share of the concerned requests served by them, 0..1. */
      minShare: z.number().min(0).max(1).describe('Minimum share served by these targets, 0..1'),
      /** Only requests sent at or after this offset. */
      from: DurationSchema.optional().describe('Only requests sent at or after this offset'),
    })
    .strict(),
]);

/** A check over the decision records. */
export type Assertion = z.infer<typeof AssertionSchema>;
