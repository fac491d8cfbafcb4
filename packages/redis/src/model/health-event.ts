import { cutoffReasons } from '@switchyard/core';
import { z } from 'zod';

/** Fields every health event carries: which target, and its place in the fleet's order. */
const eventBase = {
  /** The target the event is about. */
  targetId: z.string().min(1),
  /** Hybrid logical clock: epoch ms, never behind anything the process had seen when it stamped the event. */
  at: z.number().int().nonnegative(),
  /** Hybrid logical clock: orders events of the same `at` (0 unless several fall in one ms). */
  tick: z.number().int().nonnegative(),
  /** The process that detected or decided it (`processId` of its store): printable ASCII, no spaces. */
  by: z.string().regex(/^[!-~]{1,200}$/, 'printable ASCII without spaces, 1 to 200 characters'),
};

/** What a cut-off was detected on: the classified failure, secrets already removed by the classifier. */
export const CutoffEvidenceSchema = z
  .object({
    /** HTTP status of the failed attempt, when there was one. */
    status: z.number().int().optional(),
    /** The provider's own error code, e.g. `unsupported_country_region_territory`. */
    code: z.string().optional(),
    /** A readable message, without secrets. */
    message: z.string(),
    /** The request whose attempt detected it, to find its decision record. */
    requestId: z.string().optional(),
  })
  .strict();

/** Evidence of a cut-off. */
export type CutoffEvidence = z.infer<typeof CutoffEvidenceSchema>;

/** A target cut off, for everyone (`scope: 'target'`) or for callers of one jurisdiction. */
export const CutoffEventSchema = z
  .object({
    ...eventBase,
    /** Discriminator. */
    type: z.literal('cutoff'),
    /** `target`: for everyone; `jurisdiction`: for callers of `jurisdiction`. */
    scope: z.enum(['target', 'jurisdiction']),
    /** The caller jurisdiction it applies to (scope `jurisdiction` only). */
    jurisdiction: z.string().min(1).optional(),
    /** Why, when the provider's signal said. */
    reason: z.enum(cutoffReasons).optional(),
    /** The failure it was detected on. */
    evidence: CutoffEvidenceSchema,
    /** Probe it this long (ms) after detection, and after each failed probe (a `model_not_found`); absent: the router's setting. */
    probeAfterMs: z.number().int().positive().optional(),
  })
  .strict()
  .refine((event) => (event.scope === 'jurisdiction') === (event.jurisdiction !== undefined), {
    message: 'a jurisdiction cut-off names its jurisdiction, a target cut-off names none',
    path: ['jurisdiction'],
  });

/** A cut-off lifted: every scope of the target, or one jurisdiction's. */
export const RestoreEventSchema = z
  .object({
    ...eventBase,
    /** Discriminator. */
    type: z.literal('restore'),
    /** Lift only this jurisdiction's cut-off; absent: every cut-off of the target. */
    jurisdiction: z.string().min(1).optional(),
  })
  .strict();

/** A circuit breaker transition: opened until a deadline, or closed by a successful probe. */
export const CircuitEventSchema = z
  .object({
    ...eventBase,
    /** Discriminator. */
    type: z.literal('circuit'),
    /** `open` until `openUntil`, then half-open (one probe, by lease); `closed` after a successful probe. */
    state: z.enum(['open', 'closed']),
    /** Epoch ms the circuit stays open until (state `open` only). */
    openUntil: z.number().int().nonnegative().optional(),
  })
  .strict()
  .refine((event) => (event.state === 'open') === (event.openUntil !== undefined), {
    message: 'an open circuit has an openUntil, a closed one none',
    path: ['openUntil'],
  });

/** A rate-limit cooldown: do not send to the target before `until`. */
export const CooldownEventSchema = z
  .object({
    ...eventBase,
    /** Discriminator. */
    type: z.literal('cooldown'),
    /** Epoch ms the cooldown ends (the detector's clock; the latest deadline wins). */
    until: z.number().int().nonnegative(),
  })
  .strict();

/** One process's latency summary of a target, for the `fastest` strategy. */
export const LatencyEventSchema = z
  .object({
    ...eventBase,
    /** Discriminator. */
    type: z.literal('latency'),
    /** Moving average of successful attempts' latency, ms. */
    latencyMs: z.number().nonnegative().optional(),
    /** Moving average of time to first token (streams), ms. */
    ttftMs: z.number().nonnegative().optional(),
    /** Samples behind the averages, in this process. */
    samples: z.number().int().nonnegative(),
  })
  .strict();

/** Any health event, as published to and read from the fleet. */
export const HealthEventSchema = z.discriminatedUnion('type', [
  CutoffEventSchema,
  RestoreEventSchema,
  CircuitEventSchema,
  CooldownEventSchema,
  LatencyEventSchema,
]);

/** A cut-off. */
export type CutoffEvent = z.infer<typeof CutoffEventSchema>;
/** A restore. */
export type RestoreEvent = z.infer<typeof RestoreEventSchema>;
/** A circuit transition. */
export type CircuitEvent = z.infer<typeof CircuitEventSchema>;
/** A rate-limit cooldown. */
export type CooldownEvent = z.infer<typeof CooldownEventSchema>;
/** A latency summary. */
export type LatencyEvent = z.infer<typeof LatencyEventSchema>;
/** Any health event. */
export type HealthEvent = z.infer<typeof HealthEventSchema>;

/** The fields {@link HybridClock.stamp} adds. */
export type StampFields = 'at' | 'tick' | 'by';

/** A health event before it is stamped: what a process hands its store. */
export type HealthEventInput =
  | Omit<CutoffEvent, StampFields>
  | Omit<RestoreEvent, StampFields>
  | Omit<CircuitEvent, StampFields>
  | Omit<CooldownEvent, StampFields>
  | Omit<LatencyEvent, StampFields>;
