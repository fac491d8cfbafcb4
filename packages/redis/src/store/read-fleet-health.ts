import { Redis } from 'ioredis';
import { FleetHealth } from '../model/fleet-health.js';
import { decodeHealthEvent } from './decode-health-event.js';
import { fleetKeys } from './fleet-keys.js';
import { redisHealthStoreDefaults } from './redis-health-store-options.js';

/** What {@link readFleetHealth} read. */
export interface FleetHealthReading {
  /** The fleet's state, as Redis holds it. */
  readonly health: FleetHealth;
  /** The state's epoch, or undefined when Redis holds no state for this fleet. */
  readonly epoch: string | undefined;
  /** Entries in the fleet's stream. */
  readonly streamLength: number;
  /** Entries that were not valid events (skipped), with why. */
  readonly invalid: readonly string[];
}

/**
 * Reads a fleet's health from Redis once, without joining the fleet: no
 * write, no subscription (what `switchyard health` does). One atomic
 * `MULTI`/`EXEC`, with a timeout; no reconnection.
 *
 * @param options.url the Redis URL.
 * @param options.fleet the fleet (default `default`).
 * @param options.keyPrefix the key prefix (default `switchyard`).
 * @param options.timeoutMs connection and command timeout (default 2,000).
 * @returns the state read.
 * @throws {Error} when Redis cannot be reached or answers with an error (the message names the URL, without its password).
 */
export async function readFleetHealth(options: {
  url: string;
  fleet?: string;
  keyPrefix?: string;
  timeoutMs?: number;
}): Promise<FleetHealthReading> {
  const keys = fleetKeys(
    options.keyPrefix ?? redisHealthStoreDefaults.keyPrefix,
    options.fleet ?? redisHealthStoreDefaults.fleet,
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
    const replies = await redis
      .multi()
      .hgetall(keys.health)
      .hgetall(keys.latency)
      .get(keys.epoch)
      .xlen(keys.events)
      .exec();
    const [state, latency, epoch, streamLength] = (replies ?? []).map(([error, value]) => {
      if (error) throw error;
      return value;
    }) as [Record<string, string>, Record<string, string>, string | null, number];
    const health = new FleetHealth();
    const invalid: string[] = [];
    for (const json of [...Object.values(state), ...Object.values(latency)]) {
      const decoded = decodeHealthEvent(json);
      if (decoded.ok) health.apply(decoded.event);
      else invalid.push(decoded.message);
    }
    return { health, epoch: epoch ?? undefined, streamLength, invalid };
  } catch (error) {
    throw new Error(`cannot read fleet health from ${redactUrl(options.url)}: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    redis.disconnect();
  }
}

/** The URL with its password replaced by `***`, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}
