import { ConfigError } from '@switchyard/core';
import type { RedisOptions } from 'ioredis';
import { z } from 'zod';

const positive = z.number().int().positive();

/** Options of `createRedisHealthStore`; every field but the connection has a default. */
export const RedisHealthStoreOptionsSchema = z
  .object({
    /** `redis://[user:password@]host:port[/db]` or `rediss://` (TLS). Default `redis://127.0.0.1:6379`. */
    url: z
      .string()
      .regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379')
      .optional(),
    /** Extra ioredis connection options (TLS, password, family...); the store sets its own timeouts. */
    redis: z.custom<RedisOptions>((value) => typeof value === 'object' && value !== null).optional(),
    /** The fleet: processes of one fleet share health; several fleets can share one Redis (default `default`). */
    fleet: z.string().min(1).optional(),
    /** Prefix of every key (default `switchyard`). */
    keyPrefix: z.string().min(1).optional(),
    /** This process's id in events and reports: printable ASCII, no spaces (default `<host>:<pid>:<random>`). */
    processId: z
      .string()
      .regex(/^[!-~]{1,200}$/, 'printable ASCII without spaces, 1 to 200 characters')
      .optional(),
    /** Timeout of every command but the blocking read, ms (default 1,000). */
    commandTimeoutMs: positive.optional(),
    /** How long one blocking stream read waits for news, ms (default 2,000; a client-side timeout adds 500). */
    blockMs: positive.optional(),
    /** Period of the full reconciliation, the backstop of the stream, ms (default 10,000). */
    reconcileIntervalMs: positive.optional(),
    /** Approximate cap of the stream (XADD MAXLEN ~), entries (default 10,000). */
    streamMaxLength: positive.optional(),
    /** How long a probe lease lasts, ms (default 30,000). */
    probeLeaseMs: positive.optional(),
    /** Longest wait between two reconnection attempts, ms (default 250). */
    reconnectMaxDelayMs: positive.optional(),
    /** Longest wait between two publish retries while Redis answers badly, ms (default 1,000). */
    retryMaxDelayMs: positive.optional(),
    /** How often this process shares its latency averages (when it has new ones), ms (default 5,000). */
    latencyIntervalMs: positive.optional(),
    /** Latency summaries count while this close to the newest of their target, ms (default 600,000). */
    latencyWindowMs: positive.optional(),
    /** Wall clock (default `Date`). */
    clock: z
      .custom<{ now(): number }>(
        (value) =>
          typeof value === 'object' &&
          value !== null &&
          typeof (value as { now?: unknown }).now === 'function',
        'an object with a now() method, e.g. Date',
      )
      .optional(),
  })
  .strict();

/** Options of `createRedisHealthStore`. */
export type RedisHealthStoreOptions = z.infer<typeof RedisHealthStoreOptionsSchema>;

/** The documented defaults. */
export const redisHealthStoreDefaults = {
  url: 'redis://127.0.0.1:6379',
  fleet: 'default',
  keyPrefix: 'switchyard',
  commandTimeoutMs: 1_000,
  blockMs: 2_000,
  reconcileIntervalMs: 10_000,
  streamMaxLength: 10_000,
  probeLeaseMs: 30_000,
  reconnectMaxDelayMs: 250,
  retryMaxDelayMs: 1_000,
  latencyIntervalMs: 5_000,
  latencyWindowMs: 600_000,
} as const;

/** The options with their defaults, or a {@link ConfigError} naming each bad field. */
export function resolveRedisHealthStoreOptions(options: RedisHealthStoreOptions) {
  const parsed = RedisHealthStoreOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new ConfigError({
      file: '<createRedisHealthStore options>',
      issues: parsed.error.issues.map((issue) => ({
        file: '<createRedisHealthStore options>',
        path: issue.path.join('.') || '(options)',
        message: issue.message,
      })),
    });
  }
  const defined = Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== undefined));
  return { ...redisHealthStoreDefaults, ...defined } as typeof redisHealthStoreDefaults &
    Omit<RedisHealthStoreOptions, keyof typeof redisHealthStoreDefaults>;
}
