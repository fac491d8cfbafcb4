import { ConfigError } from '@switchyard/core';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RedisTestServer, startRedisServer } from '../test/start-redis-server.js';
import {
  closeStores,
  cutoffInput,
  openStore,
  sameState,
  settle,
  stateOf,
  uniqueFleet,
} from '../test-fixtures/fleet-fixtures.js';
import { createRedisHealthStore } from './create-redis-health-store.js';
import { fleetKeys } from './fleet-keys.js';
import { readFleetHealth } from './read-fleet-health.js';
import type { FleetSyncError } from './redis-health-store.js';

let server: RedisTestServer;
let admin: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  admin = new Redis(server.url);
});

afterEach(async () => {
  vi.useRealTimers();
  await closeStores();
});

afterAll(async () => {
  admin.disconnect();
  await server.stop();
});

describe('createRedisHealthStore', () => {
  describe('record', () => {
    it('applies a cut-off at once and brings it to the other processes of the fleet', async () => {
      const fleet = uniqueFleet();
      const detector = openStore({ url: server.url, fleet, processId: 'detector' });
      const peer = openStore({ url: server.url, fleet, processId: 'peer' });
      await Promise.all([detector.synced(), peer.synced()]);
      const changes: string[] = [];
      peer.on('change', ({ event, source }) => changes.push(`${event.type}:${event.by}:${source}`));

      detector.record(cutoffInput('gpt', 'CN'));
      // Local first: in force in the detecting process before anything reached Redis.
      expect(detector.health.cutoffFor('gpt', 'CN')?.by).toBe('detector');
      expect(detector.stats().pending).toBe(1);

      await settle('the cut-off at the peer', () => peer.health.cutoffFor('gpt', 'CN') !== undefined);
      expect(peer.health.cutoffFor('gpt', 'CN')).toMatchObject({
        by: 'detector',
        reason: 'region_blocked',
        evidence: { status: 403, code: 'unsupported_country_region_territory' },
      });
      expect(peer.health.cutoffFor('gpt', 'US')).toBeUndefined();
      expect(changes).toEqual(['cutoff:detector:fleet']);
    });

    it('propagates a restore, which lifts the cut-off everywhere', async () => {
      const fleet = uniqueFleet();
      const [a, b, c] = ['a', 'b', 'c'].map((processId) => openStore({ url: server.url, fleet, processId }));
      a?.record(cutoffInput('gpt'));
      await settle('the cut-off everywhere', () =>
        [a, b, c].every((store) => store?.health.cutoffFor('gpt', 'US')),
      );
      b?.record({ type: 'restore', targetId: 'gpt' });
      await settle('the restore everywhere', () =>
        [a, b, c].every((store) => store?.health.cutoffFor('gpt', 'US') === undefined),
      );
      expect(a && c && sameState(a, c)).toBe(true);
    });

    it('keeps the latest cooldown deadline, not the latest message', async () => {
      const fleet = uniqueFleet();
      const a = openStore({ url: server.url, fleet, processId: 'a' });
      const b = openStore({ url: server.url, fleet, processId: 'b' });
      await Promise.all([a.synced(), b.synced()]);
      a.record({ type: 'cooldown', targetId: 'gpt', until: Date.now() + 60_000 });
      await settle('the long cooldown at b', () => b.health.cooldownOf('gpt') !== undefined);
      b.record({ type: 'cooldown', targetId: 'gpt', until: Date.now() + 1_000 });
      await b.flushed();
      await settle('both in the same state', () => sameState(a, b));
      expect(a.health.cooldownOf('gpt')?.by).toBe('a');
      expect(b.health.cooldownOf('gpt')?.by).toBe('a');
    });

    it('gives a process that joins later the whole state without replaying the stream', async () => {
      const fleet = uniqueFleet();
      const early = openStore({ url: server.url, fleet, processId: 'early' });
      early.record(cutoffInput('gpt'));
      early.record({ type: 'cooldown', targetId: 'claude', until: Date.now() + 60_000 });
      await early.flushed();
      const late = openStore({ url: server.url, fleet, processId: 'late' });
      await late.synced();
      expect(stateOf(late)).toEqual(stateOf(early));
    });

    it('keeps fleets apart', async () => {
      const url = server.url;
      const fleet = uniqueFleet();
      const one = openStore({ url, fleet, processId: 'one' });
      one.record(cutoffInput('gpt'));
      await one.flushed();
      const other = openStore({ url, fleet: uniqueFleet(), processId: 'other' });
      await other.synced();
      expect(other.health.cutoffFor('gpt', undefined)).toBeUndefined();
      const sameFleet = openStore({ url, fleet, processId: 'same' });
      await sameFleet.synced();
      expect(sameFleet.health.cutoffFor('gpt', undefined)?.by).toBe('one');
    });
  });

  describe('stream', () => {
    it('skips and reports an entry that is not a valid event, and reads on', async () => {
      const fleet = uniqueFleet();
      const reader = openStore({ url: server.url, fleet, processId: 'reader' });
      const writer = openStore({ url: server.url, fleet, processId: 'writer' });
      await Promise.all([reader.synced(), writer.synced()]);
      const errors: FleetSyncError[] = [];
      reader.on('sync-error', (error) => errors.push(error));
      await admin.xadd(fleetKeys('switchyard', fleet).events, '*', 'e', '{"type":"cutoff","targetId":"gpt"}');
      writer.record(cutoffInput('claude'));
      await settle('the valid event', () => reader.health.cutoffFor('claude', undefined) !== undefined);
      expect(reader.stats().invalid).toBe(1);
      expect(errors).toHaveLength(1);
      expect(errors[0]?.operation).toBe('read');
      expect(errors[0]?.message).toMatch(/skipped an invalid event: .*scope/);
      expect(reader.health.cutoffFor('gpt', undefined)).toBeUndefined();
    });

    it('resumes from its last id after its connections were dropped, and misses nothing', async () => {
      const fleet = uniqueFleet();
      const writer = openStore({ url: server.url, fleet, processId: 'writer' });
      const follower = openStore({ url: server.url, fleet, processId: 'follower' });
      await Promise.all([writer.synced(), follower.synced()]);
      writer.record(cutoffInput('gpt', 'CN'));
      await settle('the first event', () => follower.health.cutoffFor('gpt', 'CN') !== undefined);
      await admin.call('CLIENT', 'KILL', 'USER', 'default', 'SKIPME', 'YES');
      for (const jurisdiction of ['RU', 'IR', 'KP']) writer.record(cutoffInput('gpt', jurisdiction));
      await settle('every event at the follower', () => sameState(writer, follower));
      expect(follower.health.cutoffsOf('gpt').map((event) => event.jurisdiction)).toEqual([
        'CN',
        'IR',
        'KP',
        'RU',
      ]);
      expect(follower.stats().reconnects).toBeGreaterThanOrEqual(1);
    });
  });

  describe('latency', () => {
    it('shares latency summaries by reconciliation, not through the stream', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
      const fleet = uniqueFleet();
      const a = openStore({ url: server.url, fleet, processId: 'a', reconcileIntervalMs: 5_000 });
      const b = openStore({ url: server.url, fleet, processId: 'b', reconcileIntervalMs: 5_000 });
      await settle('both synchronised', () => a.status === 'connected' && b.status === 'connected');
      a.record({ type: 'latency', targetId: 'gpt', latencyMs: 120, ttftMs: 40, samples: 12 });
      await a.flushed();
      expect(await admin.xlen(fleetKeys('switchyard', fleet).events)).toBe(0);
      expect(b.health.latencyOf('gpt')).toBeUndefined();
      await settle('the summary at b', () => b.health.latencyOf('gpt') !== undefined, { stepMs: 100 });
      expect(b.health.latencyOf('gpt')).toEqual({ latencyMs: 120, ttftMs: 40, processes: 1, samples: 12 });
    });
  });

  describe('tryProbe', () => {
    it('lets exactly one process of the fleet probe a target per lease', async () => {
      const fleet = uniqueFleet();
      const stores = ['p1', 'p2', 'p3', 'p4', 'p5'].map((processId) =>
        openStore({ url: server.url, fleet, processId, probeLeaseMs: 60_000 }),
      );
      await Promise.all(stores.map((store) => store.synced()));
      expect(stores.map((store) => store.tryProbe('gpt'))).toEqual([false, false, false, false, false]);
      const key = fleetKeys('switchyard', fleet).probe('gpt');
      const granted: string[] = [];
      await settle('a lease granted', () => {
        for (const store of stores) if (store.tryProbe('gpt')) granted.push(store.processId);
        return granted.length > 0;
      });
      // Once used, the lease is not granted again, to anyone.
      for (const store of stores) if (store.tryProbe('gpt')) granted.push(store.processId);
      expect(granted).toHaveLength(1);
      expect(await admin.get(key)).toBe(granted[0]);
      stores.find((store) => store.processId === granted[0])?.releaseProbe('gpt');
      let holder: string | null = 'unknown';
      await settle('the lease released', () => {
        admin.get(key).then((value) => {
          holder = value;
        });
        return holder === null;
      });
    });

    it('lets every process decide for itself while Redis is away', () => {
      const store = openStore({ url: 'redis://127.0.0.1:1', fleet: uniqueFleet(), processId: 'alone' });
      expect(store.tryProbe('gpt')).toBe(true);
    });
  });

  describe('options', () => {
    it('rejects invalid options, naming every one', () => {
      let error: unknown;
      try {
        createRedisHealthStore({ url: 'http://127.0.0.1:6379', processId: 'has space', commandTimeoutMs: 0 });
      } catch (caught) {
        error = caught;
      }
      expect(ConfigError.isInstance(error)).toBe(true);
      const message = (error as ConfigError).message;
      expect(message).toMatch(/url: a redis:\/\/ or rediss:\/\/ URL/);
      expect(message).toMatch(/processId: printable ASCII without spaces/);
      expect(message).toMatch(/commandTimeoutMs:/);
    });
  });

  describe('close', () => {
    it('reports the events it could not publish', async () => {
      const store = createRedisHealthStore({ url: 'redis://127.0.0.1:1', processId: 'alone' });
      const errors: FleetSyncError[] = [];
      store.on('sync-error', (error) => errors.push(error));
      store.record(cutoffInput('gpt'));
      store.record({ type: 'cooldown', targetId: 'gpt', until: Date.now() + 1_000 });
      await store.close();
      expect(store.stats().pending).toBe(2);
      expect(errors.at(-1)).toMatchObject({
        operation: 'close',
        message: expect.stringMatching(/2 health events/),
      });
      // Served from local state all along.
      expect(store.health.cutoffFor('gpt', undefined)?.by).toBe('alone');
    });

    it('counts one unpublished event in the singular', async () => {
      const store = createRedisHealthStore({ url: 'redis://127.0.0.1:1', processId: 'alone' });
      const errors: FleetSyncError[] = [];
      store.on('sync-error', (error) => errors.push(error));
      store.record(cutoffInput('gpt'));
      await store.close();
      expect(errors.at(-1)?.message).toBe('close: 1 health event was not published: Redis was not reachable');
    });
  });

  describe('snapshot', () => {
    it('marks what this process detected as local and the rest as fleet', async () => {
      const fleet = uniqueFleet();
      const a = openStore({ url: server.url, fleet, processId: 'a' });
      const b = openStore({ url: server.url, fleet, processId: 'b' });
      a.record(cutoffInput('gpt', 'CN'));
      b.record({ type: 'cooldown', targetId: 'claude', until: Date.now() + 60_000 });
      await settle('both facts everywhere', () => sameState(a, b) && stateOf(a).length === 2);
      const snapshot = a.snapshot();
      expect(snapshot.processId).toBe('a');
      expect(snapshot.targets.map((target) => target.targetId)).toEqual(['claude', 'gpt']);
      expect(snapshot.targets[0]?.cooldown).toMatchObject({ by: 'b', source: 'fleet' });
      expect(snapshot.targets[1]?.cutoffs[0]).toMatchObject({ jurisdiction: 'CN', by: 'a', source: 'local' });
    });
  });
});

describe('readFleetHealth', () => {
  it('reads the fleet state without joining the fleet', async () => {
    const fleet = uniqueFleet();
    const a = openStore({ url: server.url, fleet, processId: 'a' });
    a.record(cutoffInput('gpt'));
    a.record({ type: 'latency', targetId: 'gpt', latencyMs: 80, samples: 3 });
    await a.flushed();
    const reading = await readFleetHealth({ url: server.url, fleet });
    expect(reading.health.events()).toEqual(a.health.events());
    expect(reading.streamLength).toBe(1);
    expect(reading.epoch).toMatch(/^[0-9a-f]{16}$/);
    expect(reading.invalid).toEqual([]);
  });

  it('fails with a message that names the URL without its password', async () => {
    await expect(
      readFleetHealth({ url: 'redis://user:hunter2@127.0.0.1:1', timeoutMs: 200 }),
    ).rejects.toThrow(/^cannot read fleet health from redis:\/\/user:\*\*\*@127\.0\.0\.1:1: /);
  });
});
