import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetHealth } from '../model/fleet-health.js';
import type { HealthEvent, LatencyEvent } from '../model/health-event.js';
import { type RedisTestServer, startRedisServer } from '../test/start-redis-server.js';
import { arbitraryRun, play, shuffled } from '../test-fixtures/arbitrary-fleet-events.js';
import { decodeHealthEvent } from './decode-health-event.js';
import { fleetKeys } from './fleet-keys.js';
import { healthScripts } from './health-scripts.js';
import { latencyField, mergeAuxiliaries, registerField } from './register-field.js';
import { runScript } from './run-script.js';

let server: RedisTestServer;
let redis: Redis;
let run = 0;

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
});

afterAll(async () => {
  redis.disconnect();
  await server.stop();
});

/** Sends events through MERGE / LATENCY in batches, as stores do; returns the streamed events. */
async function publish(keys: ReturnType<typeof fleetKeys>, events: HealthEvent[], batch: number) {
  for (let start = 0; start < events.length; start += batch) {
    const slice = events.slice(start, start + batch);
    const health = slice.filter(
      (event): event is Exclude<HealthEvent, LatencyEvent> => event.type !== 'latency',
    );
    const latency = slice.filter((event): event is LatencyEvent => event.type === 'latency');
    if (health.length > 0) {
      await runScript(
        redis,
        healthScripts.merge,
        [keys.health, keys.events, keys.epoch],
        [
          1_000,
          'epoch',
          ...health.flatMap((event) => [
            registerField(event),
            JSON.stringify(event),
            ...mergeAuxiliaries(event),
          ]),
        ],
      );
    }
    if (latency.length > 0) {
      await runScript(
        redis,
        healthScripts.latency,
        [keys.latency],
        latency.flatMap((event) => [latencyField(event), JSON.stringify(event)]),
      );
    }
  }
  const entries = await redis.xrange(keys.events, '-', '+');
  return entries.map(([, fields]) => JSON.parse(fields[1] as string) as HealthEvent);
}

/** What a process gets from SNAPSHOT, merged into a fresh replica. */
async function snapshot(keys: ReturnType<typeof fleetKeys>): Promise<FleetHealth> {
  const reply = (await runScript(
    redis,
    healthScripts.snapshot,
    [keys.health, keys.events, keys.epoch, keys.latency],
    ['epoch', 600_000],
  )) as string[];
  const replica = new FleetHealth();
  for (let index = 2; index < reply.length; index++) {
    if (reply[index] === '') continue;
    const decoded = decodeHealthEvent(reply[index + 1] as string);
    if (!decoded.ok) throw new Error(decoded.message);
    replica.apply(decoded.event);
    index++;
  }
  return replica;
}

describe('health scripts (property, on a real Redis)', () => {
  it('merge in Redis as FleetHealth does: the snapshot and the stream each rebuild the same state', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraryRun,
        fc.integer(),
        fc.integer({ min: 1, max: 8 }),
        async (scenario, seed, batch) => {
          const events = play(scenario);
          const keys = fleetKeys('property', `run-${++run}`);
          // Every event published twice (a retry after a timeout), in a shuffled order.
          const streamed = await publish(keys, shuffled([...events, ...events], seed), batch);
          const reference = new FleetHealth();
          for (const event of events) reference.apply(event);

          const fromSnapshot = await snapshot(keys);
          expect(fromSnapshot.events()).toEqual(reference.events());

          // A process that only read the stream, from the start, holds the same state (latency aside:
          // it travels by snapshot), and no event was streamed twice.
          const fromStream = new FleetHealth();
          for (const event of streamed) fromStream.apply(event);
          const withoutLatency = (health: FleetHealth) =>
            health.events().filter((event) => event.type !== 'latency');
          expect(withoutLatency(fromStream)).toEqual(withoutLatency(reference));
          const keysOf = streamed.map((event) => `${event.by}:${event.at}:${event.tick}`);
          expect(new Set(keysOf).size).toBe(keysOf.length);
        },
      ),
      { numRuns: 60 },
    );
  });
});
