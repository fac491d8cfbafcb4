import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  type BudgetCounter,
  BudgetTally,
  errorCodes,
  type ReconcileRequest,
  type ReserveResult,
  SwitchyardError,
} from '@switchyard/core';
import { Redis } from 'ioredis';
import { budgetKeys } from './budget-keys.js';
import { callExtend, callReconcile, callReserve, callUsage } from './budget-script-calls.js';
import { LeaseBook } from './lease-book.js';
import type { RedisBudgetStore, RedisBudgetStoreStats } from './redis-budget-store.js';
import {
  type RedisBudgetStoreOptions,
  resolveRedisBudgetStoreOptions,
} from './redis-budget-store-options.js';

const storeDown: ReserveResult = { ok: false, shortfalls: [], crossings: [], storeDown: true };

/**
 * Budgets shared by a fleet through Redis. Each reservation is one round trip
 * (one Lua script checks every applicable counter and reserves on all or
 * none: the twin of the memory store, tested against it); each
 * reconciliation settles its attempt once (by attempt id); a reservation
 * lapses at its `expiresAt`, so a process killed mid-attempt holds nothing
 * past it. No periodic sync: Redis is the one counter, so replicas never see
 * stale spend.
 *
 * When Redis cannot be reached (refused, or silent past `commandTimeoutMs`),
 * each process spends from its **lease**: for every counter it uses, it
 * reserved `leasePercent` of each limit ahead (a reservation like any other,
 * so the fleet cannot overspend because of it; renewed as traffic flows).
 * Reconciliations wait in memory and are sent when Redis is back, then the
 * spent leases are settled. An attempt no lease can cover is refused with
 * `storeDown`: the budget's `onStoreDown` decides (the router's job). A
 * process killed while Redis is down loses what it spent from its leases
 * (at most `leasePercent` per counter); its leases lapse.
 *
 * @param options.url Redis URL (default `redis://127.0.0.1:6379`).
 * @param options.fleet processes of one fleet share budgets (default `default`).
 * @param options.commandTimeoutMs past it Redis counts as unreachable (default 500).
 * @param options.leaseTtlMs how long a lease holds without traffic (default 120,000).
 * @returns the store; pass it to `createRouter({ budgetStore })`, close it after the router.
 * @throws {ConfigError} when an option is invalid.
 *
 * @example
 * ```ts
 * const budgetStore = createRedisBudgetStore({ url: process.env.REDIS_URL, fleet: 'checkout' });
 * const router = createRouter({ config, models, budgetStore });
 * // ...
 * await router.close();
 * await budgetStore.close();
 * ```
 */
export function createRedisBudgetStore(options: RedisBudgetStoreOptions = {}): RedisBudgetStore {
  const settings = resolveRedisBudgetStoreOptions(options);
  const processId =
    settings.processId ?? `${hostname().replace(/[^!-~]/g, '_')}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const keys = budgetKeys(settings.keyPrefix, settings.fleet);
  const redis = new Redis(settings.url, {
    ...settings.redis,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: settings.commandTimeoutMs,
    commandTimeout: settings.commandTimeoutMs,
    retryStrategy: (times) => Math.min(times * 50, settings.reconnectMaxDelayMs),
    connectionName: `switchyard-budgets:${processId}`.replace(/[^!-~]/g, '_'),
  });
  const stats: RedisBudgetStoreStats = {
    reserved: 0,
    fromLease: 0,
    storeDown: 0,
    queued: 0,
    leasesTaken: 0,
    leasesSettled: 0,
    failures: 0,
  };
  const leases = new LeaseBook();
  const outbox = new Map<string, ReconcileRequest>();
  const leasing = new Set<string>();
  let leaseCount = 0;
  let closed = false;
  /** After a failure Redis is not asked again for a moment (real time): requests go to the leases at once. */
  let quietUntil = 0;

  const available = () => redis.status === 'ready' && performance.now() >= quietUntil;
  const failed = () => {
    stats.failures++;
    quietUntil = performance.now() + settings.reconnectMaxDelayMs;
  };
  redis.on('error', () => {
    // Seen through the failing commands; ioredis reconnects by itself.
  });
  let everReady = false;
  let firstReady: () => void = () => {};
  const connected = new Promise<void>((resolve) => {
    firstReady = resolve;
  });
  redis.on('ready', () => {
    everReady = true;
    firstReady();
    quietUntil = 0;
    void flush();
  });
  redis.connect().catch(() => {});
  /** The first requests wait for the first connection (at most the command timeout), not for nothing. */
  const firstConnection = async (): Promise<void> => {
    if (everReady || closed) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      connected,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, settings.commandTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
  };

  /** Takes (or renews) this process's lease on a counter, in the background. */
  const ensureLease = (counter: BudgetCounter, now: number): void => {
    if (counter.leasePercent <= 0 || leasing.has(counter.key) || closed) return;
    const current = leases.get(counter.key);
    const fresh = current !== undefined && current.counter.bucket === counter.bucket;
    if (fresh && current.expiresAt - now > settings.leaseTtlMs / 2) return;
    leasing.add(counter.key);
    const work = async () => {
      if (fresh) {
        const expiresAt = now + settings.leaseTtlMs;
        if (await callExtend(redis, keys, current.attemptId, expiresAt, now, settings.rememberLapsedMs)) {
          current.expiresAt = expiresAt;
          return;
        }
      }
      if (current !== undefined) {
        if (current.inFlight > 0) return; // settled once its attempts are
        await settleLease(current.counter.key, now);
      }
      const share = (limit: number | undefined) =>
        limit === undefined ? 0 : Math.floor((limit * counter.leasePercent) / 100);
      const granted = {
        microUsd: share(counter.limits.microUsd),
        tokens: share(counter.limits.tokens),
        requests: share(counter.limits.requests),
      };
      const attemptId = `lease:${processId}:${counter.key}:${counter.bucket}:${leaseCount++}`;
      const result = await callReserve(
        redis,
        keys,
        {
          attemptId,
          counters: [counter],
          base: granted,
          perOutputToken: 0,
          outputTokens: 0,
          minOutputTokens: 0,
          now,
          expiresAt: now + settings.leaseTtlMs,
        },
        settings.rememberLapsedMs,
      );
      if (!result.ok) return; // the budget cannot spare a lease now
      stats.leasesTaken++;
      leases.set({
        attemptId,
        counter,
        granted: result.amount,
        expiresAt: now + settings.leaseTtlMs,
        used: new BudgetTally(),
        charged: new BudgetTally(),
        inFlight: 0,
      });
    };
    work()
      .catch(failed)
      .finally(() => leasing.delete(counter.key));
  };

  /** Leases being settled, by counter key: a second caller waits for the same settlement. */
  const settling = new Map<string, Promise<void>>();
  /**
   * Settles a lease in Redis: releases it and charges what was spent from it. Once per lease:
   * a call while it is being settled (a flush beside a lease renewal) shares that settlement, so
   * it is sent and counted once, and a lease taken since is never forgotten in its place.
   */
  const settleLease = (key: string, now: number): Promise<void> => {
    const pending = settling.get(key);
    if (pending !== undefined) return pending;
    const lease = leases.get(key);
    if (!lease || lease.inFlight > 0) return Promise.resolve();
    const settlement = callReconcile(
      redis,
      keys,
      { attemptId: lease.attemptId, counters: [lease.counter], charged: lease.charged.snapshot(), now },
      settings.rememberSettledMs,
      settings.rememberLapsedMs,
    )
      .then(() => {
        if (leases.get(key) === lease) leases.delete(key);
        stats.leasesSettled++;
      })
      .finally(() => settling.delete(key));
    settling.set(key, settlement);
    return settlement;
  };

  /** Nothing waits to be sent: no queued reconciliation, no lease with charges. */
  const settled = () => outbox.size === 0 && leases.all().every((lease) => lease.charged.isZero);
  /** One pass: queued reconciliations, then the leases spent from while Redis was away; whether a command failed. */
  const sendWaiting = async (): Promise<boolean> => {
    try {
      for (const [attemptId, request] of outbox) {
        await callReconcile(redis, keys, request, settings.rememberSettledMs, settings.rememberLapsedMs);
        outbox.delete(attemptId);
      }
      for (const lease of leases.all()) {
        if (lease.charged.isZero || lease.inFlight > 0) continue;
        await settleLease(lease.counter.key, Date.now());
      }
      return true;
    } catch {
      failed();
      return false;
    }
  };
  /** The flush in progress: every caller while it runs shares it (the `ready` handler, `close()`, a reconciliation). */
  let flushing: Promise<boolean> | undefined;
  /** A caller joined the flush in progress: it runs one more pass for what was queued since it started. */
  let flushAgain = false;
  /**
   * Sends what waits, one flush at a time: a flush asked for while one runs joins it (and gets
   * one more pass, for what came since), so nothing is sent or counted twice (`leasesSettled`).
   */
  const flush = (): Promise<boolean> => {
    if (flushing !== undefined) {
      flushAgain = true;
      return flushing;
    }
    if (redis.status !== 'ready') return Promise.resolve(settled());
    flushing = (async () => {
      for (;;) {
        flushAgain = false;
        const sent = await sendWaiting();
        if (!sent || !flushAgain || redis.status !== 'ready') break;
      }
      // Cleared with no await after the last look at `flushAgain`: a later call starts a flush of its own.
      flushing = undefined;
      return settled();
    })();
    return flushing;
  };

  /** Waits for Redis to be ready, at most `ms`. */
  const readyWithin = async (ms: number): Promise<void> => {
    if (redis.status === 'ready') return;
    let timer: NodeJS.Timeout | undefined;
    let onReady: () => void = () => {};
    await new Promise<void>((resolve) => {
      onReady = resolve;
      redis.once('ready', onReady);
      timer = setTimeout(resolve, ms);
    });
    clearTimeout(timer);
    redis.off('ready', onReady);
  };

  return {
    stats,
    processId,
    get status() {
      return redis.status === 'ready' ? 'connected' : 'disconnected';
    },
    async reserve(request) {
      if (!everReady) await firstConnection();
      if (available()) {
        try {
          const result = await callReserve(redis, keys, request, settings.rememberLapsedMs);
          if (result.ok) {
            stats.reserved++;
            for (const counter of request.counters) ensureLease(counter, request.now);
          }
          return result;
        } catch {
          failed();
        }
      }
      const leased = leases.reserve(request);
      if (leased) {
        stats.fromLease++;
        return leased;
      }
      stats.storeDown++;
      return storeDown;
    },

    async reconcile(request) {
      if (leases.reconcile(request)) {
        if (available()) void flush();
        return { applied: true, crossings: [] };
      }
      if (available()) {
        try {
          return await callReconcile(
            redis,
            keys,
            request,
            settings.rememberSettledMs,
            settings.rememberLapsedMs,
          );
        } catch {
          failed();
        }
      }
      // Redis settles it when it is back (once: by attempt id), or lets it lapse if this process dies first.
      outbox.set(request.attemptId, request);
      stats.queued++;
      return { applied: true, crossings: [] };
    },

    async extend(attemptId, expiresAt, now) {
      if (leases.holds(attemptId)) return true;
      if (outbox.has(attemptId) || !available()) return false;
      try {
        return await callExtend(redis, keys, attemptId, expiresAt, now, settings.rememberLapsedMs);
      } catch {
        failed();
        return false;
      }
    },

    usage(counters, now) {
      return callUsage(redis, keys, counters, now);
    },

    flush,

    async close() {
      if (closed) return;
      closed = true;
      if (!settled()) await readyWithin(settings.commandTimeoutMs);
      const done = await flush();
      redis.disconnect();
      if (done) return;
      const spent = leases.all().filter((lease) => !lease.charged.isZero).length;
      const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
      throw new SwitchyardError({
        code: errorCodes.BUDGET_UNSETTLED,
        message:
          `redis budget store ${processId}: closed with ${plural(outbox.size, 'reconciliation')} and ` +
          `${plural(spent, 'spent lease')} not sent to Redis (unreachable): the fleet's counters miss ` +
          'those charges once their reservations lapse; the decision records hold them ' +
          '(switchyard budgets --records)',
      });
    },
  };
}
