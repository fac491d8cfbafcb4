import { redactSecrets } from '@switchyard/core/failure';
import { z } from 'zod';

/** A check over the fleet as a whole (a fleet drill's `fleet.assertions`). */
export const FleetAssertionSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('propagation'),
      /** A name for the verdict; default: derived from the type. */
      name: z.string().min(1).optional().describe('A name for the verdict'),
      /** Percentile of the per-process delays, 0..100 (default 100: the slowest process). */
      percentile: z.number().min(0).max(100).default(100).describe('Percentile, 0..100 (default 100)'),
      /** Ceiling, in real milliseconds, from a cut-off's first detection to the news reaching a process. */
      maxMs: z.number().positive().describe('Ceiling in real milliseconds'),
    })
    .strict(),
  z
    .object({
      type: z.literal('attempts-after-propagation'),
      /** A name for the verdict; default: derived from the type. */
      name: z.string().min(1).optional().describe('A name for the verdict'),
      /** Most attempts any process may make on a cut-off target (in its scope) after it learnt of the cut-off. */
      max: z.number().int().nonnegative().default(0).describe('Maximum attempts after learning of it'),
    })
    .strict(),
  z
    .object({
      type: z.literal('wasted-attempts-per-process'),
      /** A name for the verdict; default: derived from the type. */
      name: z.string().min(1).optional().describe('A name for the verdict'),
      /** Most attempts that hit one cut-off, per process (before it learnt of it). */
      max: z
        .number()
        .int()
        .nonnegative()
        .default(1)
        .describe('Maximum attempts that hit one cut-off, per process'),
    })
    .strict(),
]);

/** A check over the fleet. */
export type FleetAssertion = z.infer<typeof FleetAssertionSchema>;

/** A URL a Redis client can connect to: `redis://` or `rediss://`, with a host. */
function isRedisUrl(url: string): boolean {
  if (!/^rediss?:\/\//.test(url) || !URL.canParse(url)) return false;
  return new URL(url).hostname !== '';
}

/**
 * The Redis URL closest to one that is not: its host, port and database under `redis://` (for
 * `http://cache:6379`, `localhost:6379`), else the local default.
 */
function closestRedisUrl(url: string): string {
  const candidate = `redis://${url.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')}`;
  return isRedisUrl(candidate) ? candidate : 'redis://127.0.0.1:6379';
}

/**
 * A fleet drill: the workload is shared by `processes` router processes
 * (child processes) against the same loopback simulators, sharing health
 * through Redis (`@switchyard/redis`). It runs in real time (scaled by
 * `timeScale`): separate processes cannot share one virtual clock.
 */
export const FleetSchema = z
  .object({
    /** Router processes (child processes), 2..64; each sends its share of the workload. */
    processes: z.number().int().min(2).max(64).describe('Router processes, 2..64'),
    /** The Redis the fleet shares; absent: a `redis-server` started for the drill on 127.0.0.1. */
    redis: z
      .string()
      .superRefine((url, context) => {
        if (isRedisUrl(url)) return;
        context.addIssue({
          code: 'custom',
          // A password in the URL never reaches the message.
          message: `got "${redactSecrets(url)}"; expected a redis:// or rediss:// URL, such as "${redactSecrets(closestRedisUrl(url))}"`,
        });
      })
      .optional()
      .describe('redis:// URL; absent: an embedded redis-server'),
    /** Checks over the fleet as a whole; all must hold. */
    assertions: z.array(FleetAssertionSchema).default([]).describe('Checks over the fleet as a whole'),
  })
  .strict();

/** A fleet drill's settings. */
export type Fleet = z.infer<typeof FleetSchema>;
