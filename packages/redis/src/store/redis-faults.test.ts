import { isDeepStrictEqual } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HealthEvent } from '../model/health-event.js';
import { type RedisTestServer, startRedisServer } from '../test/start-redis-server.js';
import {
  closeStores,
  cutoffInput,
  openStore,
  passTime,
  sameState,
  settle,
  stateOf,
  uniqueFleet,
} from '../test-fixtures/fleet-fixtures.js';
import { FleetMember } from '../test-fixtures/fleet-member.js';
import type { FleetSyncError, RedisHealthStore } from './redis-health-store.js';

/**
 * Each test breaks Redis (or a process) in one way and checks the three
 * promises of the store: requests keep being served from local state, a
 * cut-off is never lifted by a failure, and once Redis is back every process
 * has the complete state. The store's timers (command timeouts, reconnection
 * and retry delays) run on a fake clock that `settle` moves on; Redis is real.
 */
let server: RedisTestServer;

beforeAll(async () => {
  server = await startRedisServer();
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});

afterEach(async () => {
  vi.useRealTimers();
  await closeStores();
  if (server.pid === undefined) await server.restart();
  server.resume();
});

afterAll(async () => {
  await server.stop();
});

let fleet = '';

/** Three stores of one fleet (`fleet`), synchronised; `commandTimeoutMs` on the fake clock (default 10 s). */
async function threeProcesses(
  commandTimeoutMs?: number,
): Promise<[RedisHealthStore, RedisHealthStore, RedisHealthStore]> {
  fleet = uniqueFleet();
  const stores = ['a', 'b', 'c'].map((processId) =>
    openStore({
      url: server.url,
      fleet,
      processId,
      ...(commandTimeoutMs === undefined ? {} : { commandTimeoutMs }),
    }),
  ) as [RedisHealthStore, RedisHealthStore, RedisHealthStore];
  await settle('three processes connected', () => stores.every((store) => store.status === 'connected'));
  return stores;
}

const everyoneAgrees = (stores: RedisHealthStore[]) =>
  stores.every((store) => sameState(store, stores[0] as RedisHealthStore));

describe('fleet health under faults', () => {
  it('survives Redis killed and restarted empty: local state serves, nothing is lifted, nothing is lost', async () => {
    const [a, b, c] = await threeProcesses();
    a.record(cutoffInput('gpt'));
    await settle(
      'the first cut-off everywhere',
      () => c.health.cutoffFor('gpt', 'US') !== undefined && b.health.cutoffFor('gpt', 'US') !== undefined,
    );

    await server.kill();
    await settle('everyone disconnected', () => [a, b, c].every((store) => store.status === 'disconnected'));
    // Served from local state: recorded and in force at once, while Redis is dead.
    b.record(cutoffInput('claude', 'CN'));
    c.record({ type: 'cooldown', targetId: 'llama', until: Date.now() + 60_000 });
    expect(b.health.cutoffFor('claude', 'CN')?.by).toBe('b');
    expect(c.health.cooldownOf('llama')?.by).toBe('c');
    for (const store of [a, b, c]) expect(store.health.cutoffFor('gpt', 'US')?.by).toBe('a');
    await passTime(5_000);
    for (const store of [a, b, c]) expect(store.health.cutoffFor('gpt', 'US')?.by).toBe('a');

    await server.restart();
    await settle('one complete state everywhere', () => everyoneAgrees([a, b, c]) && stateOf(a).length === 3);
    expect(
      stateOf(a)
        .map((event) => `${event.type}:${event.targetId}:${event.by}`)
        .sort(),
    ).toEqual(['cooldown:llama:c', 'cutoff:claude:b', 'cutoff:gpt:a']);
    // Redis holds it again too: a process that starts now gets all of it.
    const late = openStore({ url: server.url, fleet, processId: 'late' });
    await settle('the late process synchronised', () => late.status === 'connected');
    expect(stateOf(late)).toEqual(stateOf(a));
  });

  it('survives Redis paused for 5 s (SIGSTOP): commands time out, nothing waits, everyone catches up', async () => {
    const [a, b, c] = await threeProcesses(500);
    const errors: FleetSyncError[] = [];
    a.on('sync-error', (error) => errors.push(error));
    server.pause();
    a.record(cutoffInput('gpt', 'RU'));
    b.record({ type: 'restore', targetId: 'claude' });
    expect(a.health.cutoffFor('gpt', 'RU')?.by).toBe('a');
    // Five seconds of a frozen Redis, on the fake clock: every command times out instead of waiting.
    await passTime(5_000);
    expect(errors.some((error) => error.operation === 'publish' && /timed out/i.test(error.message))).toBe(
      true,
    );
    expect(c.health.cutoffFor('gpt', 'RU')).toBeUndefined();
    expect(a.stats().pending).toBe(1);

    server.resume();
    await settle(
      'everyone caught up',
      () => everyoneAgrees([a, b, c]) && c.health.cutoffFor('gpt', 'RU') !== undefined,
    );
    // The publish that timed out is retried until Redis acknowledges it.
    await settle('the outbox acknowledged', () => a.stats().pending === 0);
  });

  it('serves from local state when Redis is unreachable at start, and shares it once Redis comes', async () => {
    await server.kill();
    fleet = uniqueFleet();
    const a = openStore({ url: server.url, fleet, processId: 'a' });
    const b = openStore({ url: server.url, fleet, processId: 'b' });
    a.record(cutoffInput('gpt'));
    b.record(cutoffInput('claude', 'CN'));
    await passTime(3_000);
    expect(a.status).toBe('connecting');
    expect(a.health.cutoffFor('gpt', 'DE')?.by).toBe('a');
    expect(a.health.cutoffFor('claude', 'CN')).toBeUndefined();

    await server.restart();
    await settle('both in one state', () => sameState(a, b) && stateOf(a).length === 2);
    expect(a.status).toBe('connected');
  });

  // The paused member is a child process: starting it (tsx compiles its sources) took 5-10 s on a busy machine.
  it('lets a process that was paused catch up on everything it missed once it resumes', {
    timeout: 60_000,
  }, async () => {
    vi.useRealTimers(); // the paused member is another process, on its own clock
    fleet = uniqueFleet();
    const member = new FleetMember({ url: server.url, fleet, processId: 'paused' });
    try {
      await member.ready();
      const a = openStore({ url: server.url, fleet, processId: 'a' });
      await settle('a connected', () => a.status === 'connected');
      a.record(cutoffInput('gpt'));
      await member.next((message) => message.op === 'change');

      member.pause();
      a.record(cutoffInput('claude', 'CN'));
      a.record({ type: 'restore', targetId: 'gpt' });
      a.record({ type: 'cooldown', targetId: 'llama', until: Date.now() + 60_000 });
      await a.flushed();
      member.resume();

      let memberState: HealthEvent[] = [];
      await settle('the member caught up', () => {
        member.state().then((events) => {
          memberState = events;
        });
        return isDeepStrictEqual(memberState, a.health.events());
      });
      expect(memberState.map((event) => event.type).sort()).toEqual(['cooldown', 'cutoff', 'restore']);
    } finally {
      await member.close();
    }
  });

  it('converges on the later of a restore and a new cut-off racing each other', async () => {
    const [operator, detector, bystander] = await threeProcesses();
    detector.record(cutoffInput('gpt'));
    await settle(
      'the cut-off everywhere',
      () =>
        operator.health.cutoffFor('gpt', 'US') !== undefined &&
        bystander.health.cutoffFor('gpt', 'US') !== undefined,
    );

    // The operator restores while the detector, which has not heard of it yet, detects a new cut-off.
    server.pause();
    const restore = operator.record({ type: 'restore', targetId: 'gpt' });
    await vi.advanceTimersByTimeAsync(1);
    const again = detector.record({
      ...cutoffInput('gpt'),
      evidence: { status: 451, message: 'legal block' },
    });
    expect(again.at).toBeGreaterThan(restore.at);
    expect(operator.health.cutoffFor('gpt', 'US')).toBeUndefined();
    expect(detector.health.cutoffFor('gpt', 'US')?.evidence.status).toBe(451);
    server.resume();

    await settle(
      'one state everywhere',
      () =>
        everyoneAgrees([operator, detector, bystander]) &&
        operator.health.cutoffFor('gpt', 'US') !== undefined,
    );
    // The cut-off detected after the restore stands everywhere: fail closed.
    for (const store of [operator, detector, bystander]) {
      expect(store.health.cutoffFor('gpt', 'US')).toMatchObject({
        by: detector.processId,
        evidence: { status: 451 },
      });
    }

    // And a restore issued after the operator heard of the new cut-off lifts it everywhere.
    operator.record({ type: 'restore', targetId: 'gpt' });
    await settle('lifted everywhere', () =>
      [operator, detector, bystander].every((store) => store.health.cutoffFor('gpt', 'US') === undefined),
    );
  });
});
