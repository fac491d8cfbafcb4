import { ConfigError } from '@switchyard/core';
import type { RedisOptions } from 'ioredis';
import { z } from 'zod';

const positive = z.number().int().positive();

/** Options of `createRedisBudgetStore`; every field but the connection has a default. */
export const RedisBudgetStoreOptionsSchema = z
  .object({
    /** `redis://[user:password@]host:port[/db]` or `rediss://` (TLS). Default `redis://127.0.0.1:6379`. */
    url: z
      .string()
      .regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379')
      .optional(),
    /** Extra ioredis connection options (TLS, password, family...); the store sets its own timeouts. */
    redis: z.custom<RedisOptions>((value) => typeof value === 'object' && value !== null).optional(),
    /** The fleet: processes of one fleet count against the same budgets (default `default`). */
    fleet: z.string().min(1).optional(),
    /** Prefix of every key (default `switchyard`). */
    keyPrefix: z.string().min(1).optional(),
    /** This process's id in lease ids: printable ASCII, no spaces (default `<host>:<pid>:<random>`). */
    processId: z
      .string()
      .regex(/^[!-~]{1,200}$/, 'printable ASCII without spaces, 1 to 200 characters')
      .optional(),
    /** Timeout of every command, ms: past it the store counts as unreachable (default 500). */
    commandTimeoutMs: positive.optional(),
    /** Longest wait between two reconnection attempts, ms (default 250). */
    reconnectMaxDelayMs: positive.optional(),
    /** How long a settled attempt id is remembered, to refuse a second reconciliation, ms (default 600,000). */
    rememberSettledMs: positive.optional(),
    /** How long a lapsed reservation waits for a late reconciliation, ms (default 86,400,000). */
    rememberLapsedMs: positive.optional(),
    /** How long a lease holds without renewal: a process killed while holding one frees it then, ms (default 120,000). */
    leaseTtlMs: positive.optional(),
  })
  .strict();

/** Options of `createRedisBudgetStore`. */
export type RedisBudgetStoreOptions = z.infer<typeof RedisBudgetStoreOptionsSchema>;

/** The documented defaults. */
export const redisBudgetStoreDefaults = {
  url: 'redis://127.0.0.1:6379',
  fleet: 'default',
  keyPrefix: 'switchyard',
  commandTimeoutMs: 500,
  reconnectMaxDelayMs: 250,
  rememberSettledMs: 600_000,
  rememberLapsedMs: 86_400_000,
  leaseTtlMs: 120_000,
} as const;

/** The options with their defaults, or a {@link ConfigError} naming each bad field. */
export function resolveRedisBudgetStoreOptions(options: RedisBudgetStoreOptions) {
  const parsed = RedisBudgetStoreOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new ConfigError({
      file: '<createRedisBudgetStore options>',
      issues: parsed.error.issues.map((issue) => ({
        file: '<createRedisBudgetStore options>',
        path: issue.path.join('.') || '(options)',
        message: issue.message,
      })),
    });
  }
  const defined = Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== undefined));
  return { ...redisBudgetStoreDefaults, ...defined } as typeof redisBudgetStoreDefaults &
    Omit<RedisBudgetStoreOptions, keyof typeof redisBudgetStoreDefaults>;
}
