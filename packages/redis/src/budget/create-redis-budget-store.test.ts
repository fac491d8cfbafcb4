import {
  BudgetSchema,
  budgetCounters,
  compileBudgets,
  planReservation,
  type ReserveRequest,
} from '@switchyard/core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RedisTestServer, startRedisServer } from '../test/start-redis-server.js';
import { settle, uniqueFleet } from '../test-fixtures/fleet-fixtures.js';
import { createRedisBudgetStore } from './create-redis-budget-store.js';
import type { RedisBudgetStore } from './redis-budget-store.js';

/**
 * The Redis budget store against a real Redis: shared counting, exactly-once
 * reconciliation, lapses, and what happens when Redis goes away (leases, then
 * `storeDown`) and comes back (queued reconciliations and spent leases settled).
 */
let server: RedisTestServer;
const stores: RedisBudgetStore[] = [];

beforeAll(async () => {
  server = await startRedisServer({ persistence: true });
});

afterEach(async () => {
  vi.useRealTimers();
  if (server.pid === undefined) await server.restart();
  server.resume();
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

afterAll(async () => {
  await server.stop();
});

const start = Date.parse('2026-06-25T10:00:00Z');
const budgets = compileBudgets({
  budgets: [
    BudgetSchema.parse({
      id: 'daily',
      limit: { usd: 0.01, requests: 1000 },
      window: { calendar: 'day' },
      leasePercent: 10,
    }),
  ],
});
const applied = budgets.applicable('chat', { id: 'gpt', provider: 'openai' }, {});
const target = { contextWindow: 10_000, maxOutputTokens: 1_000 };
const price = { input: 2, output: 10 };

/** A reservation of 100 input tokens and `output` output tokens (1,200 micro-dollars for 100). */
function request(attemptId: string, now = start, output = 100): ReserveRequest {
  return planReservation({
    attemptId,
    applied,
    inputTokens: 100,
    maxOutputTokens: output,
    target,
    price,
    now,
    expiresAt: now + 60_000,
  }).request;
}

/**
 * A store of `fleet`. Redis answers each command in about a millisecond, but a busy machine can
 * hold an answer for hundreds: the command timeout is long enough that only a Redis that is gone
 * or frozen makes a command time out.
 */
function open(fleet: string, processId: string): RedisBudgetStore {
  const store = createRedisBudgetStore({
    url: server.url,
    fleet,
    processId,
    commandTimeoutMs: 10_000,
    reconnectMaxDelayMs: 50,
  });
  stores.push(store);
  return store;
}

const charge = (microUsd: number) => ({ microUsd, tokens: 150, requests: 1 });
const counterNow = (now = start) => budgetCounters(applied, now)[0]!;

describe('createRedisBudgetStore', () => {
  it('counts two processes against one limit: together they never reserve past it', async () => {
    const fleet = uniqueFleet();
    const [a, b] = [open(fleet, 'a'), open(fleet, 'b')];
    await settle('both connected', () => a.status === 'connected' && b.status === 'connected');
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, index) => (index % 2 === 0 ? a : b).reserve(request(`r${index}`))),
    );
    const granted = results.filter((result) => result.ok).length;
    // 10,000 micro-dollars; each process's lease holds 10 % (1,000): 8 reservations of 1,200 fit beside two leases... or fewer.
    const [usage] = await a.usage([counterNow()], start);
    expect(usage!.reserved.microUsd).toBeLessThanOrEqual(10_000);
    expect(usage!.reserved.microUsd).toBe(
      granted * 1_200 + 1_000 * (a.stats.leasesTaken + b.stats.leasesTaken),
    );
    expect(results.find((result) => !result.ok)).toMatchObject({
      ok: false,
      shortfalls: [{ budgetId: 'daily' }],
    });
  });

  it('reconciles an attempt once, whichever process sends it, however often', async () => {
    const fleet = uniqueFleet();
    const [a, b] = [open(fleet, 'a'), open(fleet, 'b')];
    await settle('connected', () => a.status === 'connected' && b.status === 'connected');
    await a.reserve(request('once'));
    const settle1 = await a.reconcile({
      attemptId: 'once',
      counters: request('once').counters,
      charged: charge(700),
      now: start,
    });
    const settle2 = await b.reconcile({
      attemptId: 'once',
      counters: request('once').counters,
      charged: charge(700),
      now: start,
    });
    expect([settle1.applied, settle2.applied]).toEqual([true, false]);
    const [usage] = await a.usage([counterNow()], start);
    expect(usage).toMatchObject({ spent: { microUsd: 700, requests: 1 }, total: { microUsd: 700 } });
  });

  it('lets a reservation never reconciled lapse: a killed process holds nothing past its expiry', async () => {
    const fleet = uniqueFleet();
    const a = open(fleet, 'a');
    await settle('connected', () => a.status === 'connected');
    await a.reserve(request('orphan'));
    const before = await a.usage([counterNow()], start + 59_999);
    const after = await a.usage([counterNow(start + 60_000)], start + 60_000);
    expect(before[0]).toMatchObject({ reserved: { microUsd: 1_000 + 1_200 }, outstanding: 2 });
    expect(after[0]).toMatchObject({ reserved: { microUsd: 1_000 }, outstanding: 1 }); // the lease remains
  });

  it('spends from its lease while Redis is down, refuses with storeDown past it, and settles everything when Redis is back', async () => {
    const fleet = uniqueFleet();
    const a = open(fleet, 'a');
    await settle('connected', () => a.status === 'connected');
    const first = request('before-outage', start, 10);
    expect((await a.reserve(first)).ok).toBe(true);
    await settle('lease taken', () => a.stats.leasesTaken === 1);
    await server.kill();
    // The lease holds 1,000 micro-dollars: three reservations of 300 fit, the fourth does not.
    const during = await Promise.all(
      [1, 2, 3, 4].map((index) => a.reserve(request(`down-${index}`, start, 10))),
    );
    expect(
      during.map((result) => (result.ok ? 'lease' : result.storeDown ? 'storeDown' : 'refused')),
    ).toEqual(['lease', 'lease', 'lease', 'storeDown']);
    for (const index of [1, 2, 3])
      await a.reconcile({
        attemptId: `down-${index}`,
        counters: first.counters,
        charged: charge(250),
        now: start,
      });
    await a.reconcile({
      attemptId: 'before-outage',
      counters: first.counters,
      charged: charge(280),
      now: start,
    });
    expect(a.stats).toMatchObject({ fromLease: 3, storeDown: 1, queued: 1 });
    await server.restart();
    await settle('back and flushed', () => a.status === 'connected' && a.stats.leasesSettled === 1);
    expect(await a.flush()).toBe(true);
    const [usage] = await a.usage([counterNow()], start);
    expect(usage).toMatchObject({
      spent: { microUsd: 3 * 250 + 280, requests: 4 },
      reserved: { microUsd: 0 },
    });
  });

  it('answers from its lease within the command timeout when Redis hangs (SIGSTOP)', async () => {
    const fleet = uniqueFleet();
    const a = open(fleet, 'a');
    await settle('connected', () => a.status === 'connected');
    await a.reserve(request('warm', start, 10));
    await settle('lease taken', () => a.stats.leasesTaken === 1);
    // The command timeout runs on a fake clock from here: the frozen Redis is given exactly its
    // 10 s, and the warm-up above, on real time, had as long (a busy machine cannot cut it short).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    server.pause();
    let answered = false;
    const frozen = a.reserve(request('frozen', start, 10)).finally(() => {
      answered = true;
    });
    await vi.advanceTimersByTimeAsync(9_999);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const result = await frozen;
    vi.useRealTimers();
    server.resume();
    expect(result).toMatchObject({ ok: true, lease: true });
    expect(a.stats.failures).toBeGreaterThan(0);
  });

  it('settles a spent lease once when flushes overlap (two callers, or a flush and close)', async () => {
    for (const overlap of ['flush', 'close'] as const) {
      const fleet = uniqueFleet();
      // Quiet for a minute after a failure: nothing but the calls below flushes.
      const a = createRedisBudgetStore({
        url: server.url,
        fleet,
        processId: 'a',
        commandTimeoutMs: 10_000,
        reconnectMaxDelayMs: 60_000,
      });
      stores.push(a);
      await settle('connected', () => a.status === 'connected');
      const first = request('warm', start, 10);
      expect((await a.reserve(first)).ok).toBe(true);
      await settle('lease taken', () => a.stats.leasesTaken === 1);
      // Redis freezes with the connection up: a reservation times out (on a fake clock) and is taken from the lease.
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      server.pause();
      const frozen = a.reserve(request('frozen', start, 10));
      await vi.advanceTimersByTimeAsync(10_000);
      expect(await frozen).toMatchObject({ ok: true, lease: true });
      vi.useRealTimers();
      server.resume();
      await a.reconcile({ attemptId: 'frozen', counters: first.counters, charged: charge(250), now: start });
      expect(a.stats.leasesSettled).toBe(0);
      // Redis answers again on the same connection; two flushes start before either ends.
      const [flushed] = await Promise.all([a.flush(), overlap === 'flush' ? a.flush() : a.close()]);
      expect(flushed).toBe(true);
      expect(a.stats.leasesSettled).toBe(1);
      const reader = open(fleet, 'reader');
      await settle('reader connected', () => reader.status === 'connected');
      const [usage] = await reader.usage([counterNow()], start);
      expect(usage).toMatchObject({ spent: { microUsd: 250, requests: 1 } });
    }
  });

  it('rejects close() naming the charges it could not send while Redis is down, instead of dropping them', async () => {
    const fleet = uniqueFleet();
    const a = createRedisBudgetStore({ url: server.url, fleet, processId: 'a', commandTimeoutMs: 200 });
    await settle('connected', () => a.status === 'connected');
    const first = request('before-outage', start, 10);
    expect((await a.reserve(first)).ok).toBe(true);
    await settle('lease taken', () => a.stats.leasesTaken === 1);
    await server.kill();
    expect((await a.reserve(request('down-1', start, 10))).ok).toBe(true);
    await a.reconcile({ attemptId: 'down-1', counters: first.counters, charged: charge(250), now: start });
    await a.reconcile({
      attemptId: 'before-outage',
      counters: first.counters,
      charged: charge(280),
      now: start,
    });
    expect(a.stats).toMatchObject({ fromLease: 1, queued: 1 });
    const closing = await a.close().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(closing).toMatchObject({
      code: 'SWITCHYARD_BUDGET_UNSETTLED',
      message: expect.stringContaining('1 reconciliation and 1 spent lease'),
    });
    // Closing again does not report them twice.
    await expect(a.close()).resolves.toBeUndefined();
  });
});
