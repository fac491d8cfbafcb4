import { ConfigSchema, InstantSchema } from '@switchyard/core';
import { z } from 'zod';
import { AssertionSchema } from './assertion-schema.js';
import { DurationSchema } from './duration-schema.js';
import { FleetSchema } from './fleet-schema.js';
import { LabelSchema } from './label-schema.js';
import { simulatedWaitSchema } from './simulated-wait.js';
import { TimelineEventSchema } from './timeline-event-schema.js';

export {
  type Assertion,
  AssertionSchema,
  type RequestFilter,
  RequestFilterSchema,
} from './assertion-schema.js';
export {
  CutoffEventSchema,
  type FaultEvent,
  LatencyEventSchema,
  OutageEventSchema,
  PolicyEventSchema,
  RateLimitEventSchema,
  RestoreEventSchema,
  StreamFaultEventSchema,
  type TimelineEvent,
  TimelineEventSchema,
} from './timeline-event-schema.js';

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

const LatencyModelSchema = z
  .object({
    /** Simulated milliseconds before the first token. */
    firstTokenMs: simulatedWaitSchema({
      description: 'Simulated milliseconds before the first token',
    }).optional(),
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
    name: LabelSchema.describe('Name of the drill: one line'),
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
