import { blockedByProblem, PolicySchema } from '@switchyard/core';
import { z } from 'zod';
import { DurationSchema } from './duration-schema.js';
import { LabelSchema } from './label-schema.js';
import { simulatedWaitSchema } from './simulated-wait.js';
import { jurisdictionList } from './value-list.js';

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
  label: LabelSchema.optional().describe('A readable name shown in progress and summaries: one line'),
};

const windowed = {
  /** How long it lasts (simulated time), above 0: a fault of no time injects nothing; absent: until a `restore` or the end. */
  duration: DurationSchema.refine((ms) => ms > 0, {
    message:
      'a fault lasting 0ms injects nothing, and the drill would pass without rehearsing it; expected a duration above 0 (e.g. "1s"), or none to last until a restore or the end',
  })
    .optional()
    .describe('How long it lasts; absent: until restore or the end'),
};

/** The signals of a `cutoff` event, in documentation order. */
export const cutoffSignals = [
  'region_block',
  'legal_block',
  'model_withdrawn',
  'key_revoked',
  'quota_exhausted',
] as const;

/** The cut-off signals a provider sends per caller jurisdiction, which `callers` may narrow. */
const callerScopedSignals: readonly string[] = ['region_block', 'legal_block'];

/** A permanent cut-off with the provider's real signal. */
export const CutoffEventSchema = z
  .object({
    type: z.literal('cutoff'),
    ...base,
    ...selector,
    /**
     * The provider's signal: region block (403), legal block (451 Unavailable For Legal Reasons,
     * RFC 7725), model withdrawal, revoked key, exhausted quota.
     */
    signal: z
      .enum(cutoffSignals)
      .describe('region_block, legal_block, model_withdrawn, key_revoked or quota_exhausted'),
    /**
     * Only callers in these countries (ISO 3166-1 alpha-2 codes; never a group such as `EU`, which
     * validation refuses: a provider blocks by country); absent: every caller. A region or legal
     * block only: a provider revokes a key, withdraws a model or ends a quota for every caller,
     * and the router cuts such a target off for everyone.
     */
    callers: jurisdictionList
      .optional()
      .describe(
        'Only callers in these countries (country codes, never a group; region_block and legal_block only); absent: every caller',
      ),
    /**
     * A legal block only: the entity implementing it, an absolute http(s) URL the answer names in
     * `Link: <URL>; rel="blocked-by"` (RFC 7725 §4); the attempt's message then says who blocked it.
     * Absent: no such header.
     */
    blockedBy: z
      .string()
      .superRefine((url, context) => {
        const problem = blockedByProblem(url);
        if (problem !== undefined)
          context.addIssue({
            code: 'custom',
            message: `got ${problem}; expected an absolute http or https URL naming the entity implementing the block, e.g. "https://blocker.example/"`,
          });
      })
      .optional()
      .describe(
        'legal_block only: the URL of the entity implementing the block, sent as Link rel="blocked-by"; absent: none',
      ),
  })
  .strict()
  .refine((event) => event.blockedBy === undefined || event.signal === 'legal_block', {
    path: ['blockedBy'],
    message:
      'blockedBy names the entity implementing a legal block (an HTTP 451 Link rel="blocked-by", RFC 7725); expected no blockedBy, or signal: legal_block',
  })
  .refine((event) => event.callers === undefined || callerScopedSignals.includes(event.signal), {
    path: ['callers'],
    message:
      'callers narrows a region_block or legal_block only: a provider revokes a key, withdraws a model or ends a quota for every caller, and the router then cuts the target off for everyone; expected no callers, or signal: region_block or legal_block',
  });

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
    extraMs: simulatedWaitSchema({
      description: 'Extra simulated milliseconds before the first token',
      positiveInteger: true,
    }),
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

/** Streams cut mid-answer, stalled, or sent a chunk that is not JSON. */
export const StreamFaultEventSchema = z
  .object({
    type: z.literal('stream-fault'),
    ...base,
    ...selector,
    ...windowed,
    /**
     * `cut` closes the connection without terminator; `stall` stops sending
     * (the connection stays open); `malformed` sends one chunk that is not
     * JSON in place of the next content chunk.
     */
    fault: z.enum(['cut', 'stall', 'malformed']).describe('cut, stall or malformed'),
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
