import { z } from 'zod';

const positive = z.number().int().positive();
const nonNegative = z.number().int().nonnegative();

/** Health settings of one target; every field has a default. */
export const TargetHealthOptionsSchema = z
  .object({
    /**
     * Retries of the same target after a `rate_limited`, `transient` or
     * `timeout` failure (default 2). A `timeout` moves on at once while another
     * candidate remains: a silent target is not waited on twice.
     */
    maxRetries: nonNegative.optional().describe('Retries of the same target (default 2)'),
    /** First backoff delay in ms; doubles each retry, with jitter (default 200). */
    initialBackoffMs: positive.optional().describe('First backoff delay in ms (default 200)'),
    /** Cap of one backoff delay in ms (default 5,000). */
    maxBackoffMs: positive.optional().describe('Cap of one backoff delay in ms (default 5000)'),
    /** A retry-after longer than this (ms) moves on to the next candidate instead of waiting (default 10,000). */
    maxRetryAfterMs: nonNegative
      .optional()
      .describe('Longest retry-after honoured before moving on, ms (default 10000)'),
    /**
     * Timeout of one whole attempt, ms: a stream (or a generate call sent as
     * one) until its end, or a generate call the provider answers in one piece
     * (`streamGenerate: false`) (default 300,000). With the first-token and
     * stall timeouts watching a stream, this only bounds an answer that keeps
     * coming for too long.
     */
    attemptTimeoutMs: positive.optional().describe('Timeout of one whole attempt in ms (default 300000)'),
    /**
     * Time from an attempt's start to its first content part (text,
     * reasoning, tool input), ms (default 10,000). Past it the attempt fails
     * with `timeout` and the request falls back. Raise it per target for
     * models that think for long before their first token without streaming
     * their reasoning.
     */
    ttftTimeoutMs: positive.optional().describe('Time-to-first-token timeout in ms (default 10000)'),
    /**
     * A stream that sends no part for this long once its first content part
     * arrived has stalled, ms (default 15,000): the attempt fails with
     * `timeout` (code `stream_stalled`) and the answer is continued or ended
     * (`midStream`). Detected between this and 1.25 times this after the last part.
     */
    stallTimeoutMs: positive.optional().describe('Stall timeout of a stream in ms (default 15000)'),
    /**
     * Send generate calls as streams and collect the answer (default true), so
     * the first-token and stall timeouts bound them too. Applies only to
     * targets whose `capabilities` include `streaming`; the others get
     * `doGenerate`, bounded by `attemptTimeoutMs` alone (as does a target set
     * to false). `true` for one target without `streaming` is a config error.
     */
    streamGenerate: z
      .boolean()
      .optional()
      .describe('Send generate calls as streams, so first-token and stall timeouts apply (default true)'),
    /**
     * How a mid-stream continuation hands this target the answer so far: as an
     * assistant prefill it continues (default true), or, when false, as an
     * assistant message followed by a request to continue. A target that
     * rejects a prefill (`invalid_request`) is switched to the latter by itself.
     */
    prefill: z
      .boolean()
      .optional()
      .describe('Continue a cut answer with an assistant prefill (default true); else ask explicitly'),
    /**
     * Consecutive failures that open the circuit (default 3: one request's
     * whole retry budget, so a target that keeps failing costs the requests
     * after it nothing until its half-open trial).
     */
    breakerThreshold: positive.optional().describe('Consecutive failures that open the circuit (default 3)'),
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
  attemptTimeoutMs: 300_000,
  ttftTimeoutMs: 10_000,
  stallTimeoutMs: 15_000,
  streamGenerate: true,
  prefill: true,
  breakerThreshold: 3,
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
