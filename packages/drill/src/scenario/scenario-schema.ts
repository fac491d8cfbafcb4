import { ConfigSchema, InstantSchema, PolicySchema } from '@switchyard/core';
import { z } from 'zod';
import { DurationSchema } from './duration-schema.js';
import { FleetSchema } from './fleet-schema.js';

const jurisdictionList = z.array(z.string().min(1)).min(1);
/** A non-empty list of values: every filter takes lists, never a single string. */
const valueList = z.preprocess(
  (value, context) => {
    if (typeof value !== 'string') return value;
    context.issues.push({
      code: 'custom',
      input: value,
      message: `expected a list, e.g. [${value}]; got the single value "${value}"`,
    });
    return [value];
  },
  z.array(z.string().min(1)).min(1),
);

/** The largest `workload.total` a scenario may ask for. */
export const maxWorkloadTotal = 1_000_000;

/** A relative weight per key, e.g. `{ US: 4, DE: 2 }`. */
const WeightsSchema = z
  .record(z.string().min(1), z.number().nonnegative())
  .refine((weights) => Object.values(weights).some((weight) => weight > 0), {
    message: 'expected at least one key with a weight above 0',
  });

/** A fixed size, or a range sampled uniformly. */
const SizeSchema = z
  .union([
    z.number().int().positive(),
    z
      .object({
        /** Smallest value. */
        min: z.number().int().positive().describe('Smallest value'),
        /** Largest value. */
        max: z.number().int().positive().describe('Largest value'),
      })
      .strict()
      .refine((range) => range.max >= range.min, { message: 'expected max >= min', path: ['max'] }),
  ])
  .transform((size) => (typeof size === 'number' ? { min: size, max: size } : size));

/** What the traffic looks like. */
export const WorkloadSchema = z
  .object({
    /** The route every request asks for. */
    route: z.string().min(1).describe('The route every request asks for'),
    /** Requests per simulated second (open loop). Give `rate` or `concurrency`. */
    rate: z.number().positive().optional().describe('Requests per simulated second (open loop)'),
    /** Requests in flight at once (closed loop). Give `rate` or `concurrency`. */
    concurrency: z.number().int().positive().optional().describe('Requests in flight at once (closed loop)'),
    /**
     * Total number of requests sent, at most {@link maxWorkloadTotal}. The drill streams its
     * workload, records and figures, so memory stays bounded; time grows with the total.
     */
    total: z
      .number()
      .int()
      .positive()
      .max(maxWorkloadTotal, {
        message: `expected at most ${maxWorkloadTotal.toLocaleString('en-US')} requests in one drill (memory stays bounded, but a run that long is better split into several scenarios or seeds)`,
      })
      .describe(`Total number of requests, at most ${maxWorkloadTotal}`),
    /** How arrivals are spaced with `rate`: evenly, or as a Poisson process (seeded). */
    arrival: z.enum(['uniform', 'poisson']).default('uniform').describe('uniform or poisson arrivals'),
    /** Weighted mix of request contexts. */
    mix: z
      .object({
        /** Caller jurisdiction -> weight (ISO 3166-1 alpha-2). */
        jurisdictions: WeightsSchema.describe('Caller jurisdiction -> weight'),
        /** Data class -> weight. Default: no data class. */
        dataClasses: WeightsSchema.optional().describe('Data class -> weight'),
        /** Tenant -> weight. Default: no tenant. */
        tenants: WeightsSchema.optional().describe('Tenant -> weight'),
      })
      .strict()
      .describe('Weighted mix of caller jurisdictions, data classes and tenants'),
    /** Share of streaming requests, 0..1. */
    streaming: z.number().min(0).max(1).default(0).describe('Share of streaming requests, 0..1'),
    /** Share of requests that carry a tool, 0..1. */
    tools: z.number().min(0).max(1).default(0).describe('Share of requests that carry a tool, 0..1'),
    /** Prompt size in tokens (a number or `{ min, max }`). */
    promptTokens: SizeSchema.prefault(200).describe('Prompt size in tokens: a number or { min, max }'),
    /** Requested maximum output tokens (a number or `{ min, max }`). */
    outputTokens: SizeSchema.prefault(100).describe('Maximum output tokens: a number or { min, max }'),
  })
  .strict()
  .refine((workload) => (workload.rate === undefined) !== (workload.concurrency === undefined), {
    message: 'give exactly one of "rate" (requests per second) or "concurrency" (requests in flight)',
  });

/** Which target(s) a fault event hits: one target, or every target of a provider. */
const selector = {
  /** A target id of the config. */
  target: z.string().min(1).optional().describe('A target id of the config'),
  /** A provider: every target of it. */
  provider: z.string().min(1).optional().describe('A provider name: every target of it'),
};

const base = {
  /** Offset from the start of the drill, in simulated time. */
  at: DurationSchema.describe('Offset from the start, in simulated time: "90s", "2m"'),
  /** A readable name shown in progress and summaries. */
  label: z.string().min(1).optional().describe('A readable name shown in progress and summaries'),
};

const windowed = {
  /** How long it lasts (simulated time); absent: until a `restore` or the end. */
  duration: DurationSchema.optional().describe('How long it lasts; absent: until restore or the end'),
};

/** A permanent cut-off with the provider's real signal. */
export const CutoffEventSchema = z
  .object({
    type: z.literal('cutoff'),
    ...base,
    ...selector,
    /** The provider's signal: region block, model withdrawal, revoked key, exhausted quota. */
    signal: z
      .enum(['region_block', 'model_withdrawn', 'key_revoked', 'quota_exhausted'])
      .describe('region_block, model_withdrawn, key_revoked or quota_exhausted'),
    /** Only these caller jurisdictions (ISO 3166-1 alpha-2); absent: every caller. */
    callers: jurisdictionList.optional().describe('Only these caller jurisdictions; absent: every caller'),
  })
  .strict();

/** Server errors, resets or silence for a while. */
export const OutageEventSchema = z
  .object({
    type: z.literal('outage'),
    ...base,
    ...selector,
    ...windowed,
    /** `server_error` (with `status`), `connection_reset` or `no_response`. */
    signal: z
      .enum(['server_error', 'connection_reset', 'no_response'])
      .default('server_error')
      .describe('server_error, connection_reset or no_response'),
    /** HTTP status of `server_error`. */
    status: z
      .union([z.literal(500), z.literal(502), z.literal(503), z.literal(529)])
      .default(503)
      .describe('500, 502, 503 or 529'),
  })
  .strict();

/** A latency spike. */
export const LatencyEventSchema = z
  .object({
    type: z.literal('latency'),
    ...base,
    ...selector,
    ...windowed,
    /** Extra milliseconds (simulated) before the first token. */
    extraMs: z.number().int().positive().describe('Extra simulated milliseconds before the first token'),
  })
  .strict();

/** A 429 storm. */
export const RateLimitEventSchema = z
  .object({
    /** `rate_limited`; `rate-limit`, the spelling before 0.x, is still read and becomes `rate_limited`. */
    type: z.enum(['rate_limited', 'rate-limit']).transform((): 'rate_limited' => 'rate_limited'),
    ...base,
    ...selector,
    ...windowed,
    /** `retry-after` in seconds sent with every 429; absent: none. */
    retryAfterSeconds: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe('retry-after seconds; absent: none'),
  })
  .strict();

/** Streams cut mid-answer or stalled. */
export const StreamFaultEventSchema = z
  .object({
    type: z.literal('stream-fault'),
    ...base,
    ...selector,
    ...windowed,
    /** `cut` closes the connection without terminator; `stall` stops sending. */
    fault: z.enum(['cut', 'stall']).describe('cut or stall'),
    /** Content chunks sent before the fault. */
    afterChunks: z.number().int().nonnegative().default(1).describe('Content chunks sent before the fault'),
  })
  .strict();

/** The policy changes (e.g. an export control becomes effective). */
export const PolicyEventSchema = z
  .object({
    type: z.literal('policy'),
    ...base,
    /** The new policy, replacing the one in force. */
    policy: PolicySchema.describe('The new policy, replacing the one in force'),
  })
  .strict();

/** Lifts faults and cut-offs of a target or provider (or all). */
export const RestoreEventSchema = z
  .object({
    type: z.literal('restore'),
    ...base,
    ...selector,
  })
  .strict();

/** One event of the timeline. */
export const TimelineEventSchema = z.discriminatedUnion('type', [
  CutoffEventSchema,
  OutageEventSchema,
  LatencyEventSchema,
  RateLimitEventSchema,
  StreamFaultEventSchema,
  PolicyEventSchema,
  RestoreEventSchema,
]);

/** One event of the timeline. */
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;
/** An event that injects a fault (not `policy` or `restore`). */
export type FaultEvent = Exclude<TimelineEvent, { type: 'policy' } | { type: 'restore' }>;

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
  name: z.string().min(1).optional().describe('A name for the verdict'),
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

const LatencyModelSchema = z
  .object({
    /** Simulated milliseconds before the first token. */
    firstTokenMs: z
      .number()
      .nonnegative()
      .optional()
      .describe('Simulated milliseconds before the first token'),
    /** Output tokens per simulated second. */
    tokensPerSecond: z.number().positive().optional().describe('Output tokens per simulated second'),
  })
  .strict();

/**
 * A drill: a config, realistic traffic, a timeline of faults and policy
 * changes, and the assertions that must hold.
 */
export const ScenarioSchema = z
  .object({
    /** Name of the drill. */
    name: z.string().min(1).describe('Name of the drill'),
    /** What it rehearses. */
    description: z.string().optional().describe('What it rehearses'),
    /** The simulated instant the drill starts at (policies with effective dates see this clock). */
    start: InstantSchema.default('2026-06-25T09:00:00Z').describe(
      'Simulated start instant, ISO 8601 with an offset (Z or +hh:mm)',
    ),
    /**
     * Loopback mode only: simulated seconds per real second (60 runs one simulated minute per
     * real second). Simulated mode runs on a virtual clock and has no time scale; live mode runs
     * in real time.
     */
    timeScale: z
      .number()
      .positive()
      .max(10_000)
      .default(1)
      .describe('Loopback mode only: simulated seconds per real second'),
    /** Upper bound of the drill in simulated time; default: until every request is sent and settled. */
    duration: DurationSchema.optional().describe('Upper bound of the drill in simulated time'),
    /** The config drilled: targets, routes, groups, policy. */
    config: ConfigSchema.describe('The config drilled: targets, routes, groups, policy'),
    /** Simulated latency per target id (`*` for every target). */
    latency: z
      .record(z.string().min(1), LatencyModelSchema)
      .default({})
      .describe('Simulated latency per target id, or "*"'),
    /** The traffic. */
    workload: WorkloadSchema.describe('The traffic'),
    /** Events at offsets. */
    timeline: z.array(TimelineEventSchema).default([]).describe('Events at offsets'),
    /** Checks over the decision records; all must hold. */
    assertions: z.array(AssertionSchema).min(1).describe('Checks over the decision records'),
    /** Run the workload on several router processes sharing health through Redis (`runFleetDrill`). */
    fleet: FleetSchema.optional().describe('Several router processes sharing health through Redis'),
  })
  .strict();

/** A scenario as written. */
export type ScenarioInput = z.input<typeof ScenarioSchema>;
/** A validated scenario. */
export type Scenario = z.infer<typeof ScenarioSchema>;
