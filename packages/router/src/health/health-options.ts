import { z } from 'zod';

const positive = z.number().int().positive();
const nonNegative = z.number().int().nonnegative();

/** Health settings of one target; every field has a default. */
export const TargetHealthOptionsSchema = z
  .object({
    /** Retries of the same target after a `rate_limited`, `transient` or `timeout` failure (default 2). */
    maxRetries: nonNegative.optional().describe('Retries of the same target (default 2)'),
    /** First backoff delay in ms; doubles each retry, with jitter (default 200). */
    initialBackoffMs: positive.optional().describe('First backoff delay in ms (default 200)'),
    /** Cap of one backoff delay in ms (default 5,000). */
    maxBackoffMs: positive.optional().describe('Cap of one backoff delay in ms (default 5000)'),
    /** A retry-after longer than this (ms) moves on to the next candidate instead of waiting (default 10,000). */
    maxRetryAfterMs: nonNegative
      .optional()
      .describe('Longest retry-after honoured before moving on, ms (default 10000)'),
    /** Timeout of one generate attempt, or of one stream until its end, in ms (default 120,000). */
    attemptTimeoutMs: positive.optional().describe('Timeout of one attempt in ms (default 120000)'),
    /** Time to first content part of a stream, in ms (default 30,000). */
    ttftTimeoutMs: positive
      .optional()
      .describe('Time-to-first-token timeout of a stream in ms (default 30000)'),
    /** Consecutive failures that open the circuit (default 5). */
    breakerThreshold: positive.optional().describe('Consecutive failures that open the circuit (default 5)'),
    /** How long the circuit stays open before a trial request, ms (default 30,000). */
    breakerHalfOpenAfterMs: positive
      .optional()
      .describe('Open-circuit time before a trial, ms (default 30000)'),
    /** Concurrent attempts on the target; more are sent to the next candidate (default 256). */
    maxConcurrent: positive.optional().describe('Concurrent attempts on the target (default 256)'),
    /** Weight of the newest sample in latency averages (default 0.2). */
    ewmaWeight: z
      .number()
      .gt(0)
      .lte(1)
      .optional()
      .describe('Weight of the newest latency sample (default 0.2)'),
    /** Let one request probe a cut-off target this long (ms) after the cut-off; absent: never (default). */
    probeCutoffAfterMs: positive
      .optional()
      .describe('Probe a cut-off target after this many ms; absent: never'),
    /**
     * Probe a target whose provider said it never had the model (`model_not_found`: a typo, a model
     * not pulled) this long (ms) after, and after each failed probe (default 30,000).
     */
    modelNotFoundProbeAfterMs: positive
      .optional()
      .describe('Probe a target whose model was not found after this many ms (default 30000)'),
  })
  .strict();

/** Health settings: defaults for every target, and per-target overrides. */
export const HealthOptionsSchema = TargetHealthOptionsSchema.extend({
  /** Per-target overrides, by target id. */
  targets: z.record(z.string(), TargetHealthOptionsSchema).optional().describe('Per-target overrides'),
}).strict();

/** Health settings as given. */
export type HealthOptions = z.infer<typeof HealthOptionsSchema>;
/** Health settings of one target, defaults applied. */
export type ResolvedTargetHealthOptions = Required<
  Omit<z.infer<typeof TargetHealthOptionsSchema>, 'probeCutoffAfterMs'>
> &
  Pick<HealthOptions, 'probeCutoffAfterMs'>;

/** The documented defaults. */
export const healthDefaults = {
  maxRetries: 2,
  initialBackoffMs: 200,
  maxBackoffMs: 5_000,
  maxRetryAfterMs: 10_000,
  attemptTimeoutMs: 120_000,
  ttftTimeoutMs: 30_000,
  breakerThreshold: 5,
  breakerHalfOpenAfterMs: 30_000,
  maxConcurrent: 256,
  ewmaWeight: 0.2,
  modelNotFoundProbeAfterMs: 30_000,
} as const;

/** Defaults, then the router-wide settings, then the target's own. */
export function resolveTargetHealthOptions(
  options: HealthOptions | undefined,
  targetId: string,
): ResolvedTargetHealthOptions {
  const { targets, ...shared } = options ?? {};
  const own = targets?.[targetId] ?? {};
  const defined = (value: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined));
  return { ...healthDefaults, ...defined(shared), ...defined(own) } as ResolvedTargetHealthOptions;
}
