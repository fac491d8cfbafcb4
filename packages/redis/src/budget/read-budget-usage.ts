import { Redis } from 'ioredis';
import { redactUrl } from '../store/read-fleet-health.js';
import { budgetKeys } from './budget-keys.js';
import { callUsage, type RedisCounterUsage } from './budget-script-calls.js';
import { redisBudgetStoreDefaults } from './redis-budget-store-options.js';

/** One counter as {@link readBudgetUsage} read it. */
export interface BudgetUsageReading extends RedisCounterUsage {
  /** The budget the counter belongs to. */
  readonly budgetId: string;
}

/**
 * Reads every budget counter of a fleet from Redis once (what `switchyard
 * budgets --redis` does): finds the counters (SCAN), then reads each one's
 * window at `now` with the USAGE script, which also lapses reservations whose
 * time passed (the one write: what any member would do). Counters of budgets
 * `firstBucketOf` does not know are skipped.
 *
 * @param options.url the Redis URL.
 * @param options.fleet the fleet (default `default`).
 * @param options.keyPrefix the key prefix (default `switchyard`).
 * @param options.firstBucketOf the oldest bucket a budget's window counts at `now`, by budget id.
 * @param options.now the instant (epoch ms).
 * @param options.timeoutMs connection and command timeout (default 2,000).
 * @returns the counters, sorted by key.
 * @throws {Error} when Redis cannot be reached (the message names the URL, without its password).
 */
export async function readBudgetUsage(options: {
  url: string;
  fleet?: string;
  keyPrefix?: string;
  firstBucketOf: (budgetId: string) => number | undefined;
  now: number;
  timeoutMs?: number;
}): Promise<BudgetUsageReading[]> {
  const keys = budgetKeys(
    options.keyPrefix ?? redisBudgetStoreDefaults.keyPrefix,
    options.fleet ?? redisBudgetStoreDefaults.fleet,
  );
  const timeoutMs = options.timeoutMs ?? 2_000;
  const redis = new Redis(options.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    const prefix = keys.counter('');
    const counterKeys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(
        cursor,
        'MATCH',
        `${prefix.replace(/[[\]*?\\]/g, '\\$&')}*`,
        'COUNT',
        500,
      );
      cursor = next;
      for (const key of found) counterKeys.push(key.slice(prefix.length));
    } while (cursor !== '0');
    const counters: { key: string; firstBucket: number; budgetId: string }[] = [];
    for (const key of [...new Set(counterKeys)].sort()) {
      const budgetId = key.split('|')[0] ?? key;
      const firstBucket = options.firstBucketOf(budgetId);
      if (firstBucket !== undefined) counters.push({ key, firstBucket, budgetId });
    }
    const usage = await callUsage(redis, keys, counters, options.now);
    return usage.map((entry, index) => ({
      ...entry,
      budgetId: (counters[index] as { budgetId: string }).budgetId,
    }));
  } catch (error) {
    throw new Error(`cannot read budgets from ${redactUrl(options.url)}: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    redis.disconnect();
  }
}
