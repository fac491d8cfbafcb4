import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { RemoteHealthChange } from '@switchyard/router';
import { FleetHealth } from '../model/fleet-health.js';
import type { CutoffEvent, HealthEvent, HealthEventInput } from '../model/health-event.js';
import { HybridClock } from '../model/hybrid-clock.js';
import { snapshotFleetHealth } from '../model/snapshot-fleet-health.js';
import { decodeHealthEvent } from './decode-health-event.js';
import { fleetKeys } from './fleet-keys.js';
import { FleetSync } from './fleet-sync.js';
import { FleetTargetRecord } from './fleet-target-record.js';
import { Outbox } from './outbox.js';
import { ProbeLeases } from './probe-leases.js';
import type { FleetSyncError, RedisHealthStore, RedisHealthStoreEvents } from './redis-health-store.js';
import {
  type RedisHealthStoreOptions,
  resolveRedisHealthStoreOptions,
} from './redis-health-store-options.js';
import { syncErrorMessage } from './sync-error-message.js';

/**
 * Creates a health store shared by every process of a fleet through Redis.
 *
 * Local first: `record` applies an event to this process's state at once and
 * publishes it in the background; nothing on the request path waits for
 * Redis. Changes reach the other processes through a capped stream read with
 * `XREAD BLOCK` on a dedicated connection (a process that reconnects resumes
 * from its last id); a full reconciliation on every connection and every
 * `reconcileIntervalMs` is the backstop. Every command has a timeout. While
 * Redis is away, each process keeps serving from its own state and catches up
 * once Redis is back: a cut-off is never lifted by a Redis failure.
 *
 * @param options.url `redis://host:port` (default `redis://127.0.0.1:6379`).
 * @param options.fleet the fleet's name; processes of one fleet share health (default `default`).
 * @param options.processId this process's id (default `<host>:<pid>:<random>`).
 * @param options.commandTimeoutMs timeout of every command but the blocking read (default 1,000).
 * @param options.reconcileIntervalMs period of the full reconciliation (default 10,000).
 * @returns the store; `close()` it on shutdown.
 * @throws {ConfigError} when an option is invalid, naming each one.
 *
 * @example
 * const store = createRedisHealthStore({ url: 'redis://127.0.0.1:6379', fleet: 'checkout' });
 * store.record({ type: 'cooldown', targetId: 'openai-gpt', until: Date.now() + 30_000 });
 * store.health.cooldownOf('openai-gpt'); // at once, in this process; in the others within milliseconds
 * await store.close();
 */
export function createRedisHealthStore(options: RedisHealthStoreOptions = {}): RedisHealthStore {
  const settings = resolveRedisHealthStoreOptions(options);
  const processId = settings.processId ?? defaultProcessId();
  const clock = settings.clock ?? Date;
  const keys = fleetKeys(settings.keyPrefix, settings.fleet);
  const health = new FleetHealth({ latencyWindowMs: settings.latencyWindowMs });
  const hybridClock = new HybridClock({ processId, now: () => clock.now() });
  const outbox = new Outbox();
  const listeners = new Map<keyof RedisHealthStoreEvents, Set<(payload: never) => void>>();
  const counters = {
    recorded: 0,
    published: 0,
    received: 0,
    invalid: 0,
    failures: 0,
    reconnects: 0,
    syncs: 0,
  };
  const records = new Map<string, FleetTargetRecord>();
  const changeListeners = new Set<(change: RemoteHealthChange) => void>();
  /** When this process learnt of each cut-off from the fleet (a probe must start after it). */
  const learnt = new WeakMap<CutoffEvent, number>();
  /** Latency averages noted since the last share, by target. */
  const pendingLatency = new Map<
    string,
    { latencyMs: number; ttftMs: number | undefined; samples: number }
  >();

  function emit<Name extends keyof RedisHealthStoreEvents>(
    name: Name,
    payload: RedisHealthStoreEvents[Name],
  ) {
    const set = listeners.get(name);
    if (set === undefined) return;
    for (const listener of set) (listener as (payload: RedisHealthStoreEvents[Name]) => void)(payload);
  }

  function fail(operation: FleetSyncError['operation'], cause: unknown) {
    counters.failures++;
    emit('sync-error', { operation, message: `${operation}: ${syncErrorMessage(cause)}`, cause });
  }

  const sync = new FleetSync({
    settings,
    keys,
    processId,
    outbox,
    counters,
    localEvents: () => health.events(),
    receive: receiveEncoded,
    onStatus: (status) => emit('status', { status }),
    fail,
    now: () => clock.now(),
  });
  const leases = new ProbeLeases({
    redis: sync.commands,
    key: keys.probe,
    processId,
    leaseMs: settings.probeLeaseMs,
    now: () => clock.now(),
    onError: (cause) => fail('probe', cause),
  });

  /** Merges an event from the fleet; reports whether it changed anything. */
  function receive(event: HealthEvent): boolean {
    hybridClock.observe(event);
    const remote = event.by !== processId;
    const before = remote && changeListeners.size > 0 ? inForceScopes(event) : undefined;
    if (!health.apply(event)) return false;
    counters.received++;
    if (event.type === 'cutoff') learnt.set(event, clock.now());
    touched(event);
    emit('change', { event, source: remote ? 'fleet' : 'local' });
    if (before !== undefined) announce(event, before);
    return true;
  }

  /** The scopes of the event's target with a cut-off in force (for cut-off and restore events). */
  function inForceScopes(event: HealthEvent): Set<string> | undefined {
    if (event.type !== 'cutoff' && event.type !== 'restore') return undefined;
    return new Set(health.cutoffsOf(event.targetId).map((cutoff) => cutoff.jurisdiction ?? '*'));
  }

  /** Tells the router of a scope newly cut off, or of a lift, by another process. */
  function announce(event: HealthEvent, before: Set<string>): void {
    let change: RemoteHealthChange | undefined;
    if (event.type === 'cutoff') {
      const scope = event.jurisdiction ?? '*';
      const cutoff = before.has(scope) ? undefined : target(event.targetId).cutoff(scope);
      if (cutoff !== undefined) change = { type: 'cutoff', targetId: event.targetId, cutoff };
    } else if (event.type === 'restore') {
      const after = inForceScopes(event) ?? new Set();
      if ([...before].some((scope) => !after.has(scope))) {
        change = {
          type: 'restore',
          targetId: event.targetId,
          ...(event.jurisdiction === undefined ? {} : { jurisdiction: event.jurisdiction }),
          by: event.by,
        };
      }
    }
    if (change === undefined) return;
    for (const listener of changeListeners) listener(change);
  }

  /** Forgets the router's converted cut-offs of the event's target. */
  function touched(event: HealthEvent): void {
    if (event.type === 'cutoff' || event.type === 'restore') records.get(event.targetId)?.invalidate();
  }

  function target(targetId: string): FleetTargetRecord {
    let record = records.get(targetId);
    if (record === undefined) {
      record = new FleetTargetRecord(targetId, recordContext);
      records.set(targetId, record);
    }
    return record;
  }

  function receiveEncoded(json: string): void {
    const event = decodeHealthEvent(json);
    if (event.ok) receive(event.event);
    else {
      counters.invalid++;
      emit('sync-error', { operation: 'read', message: `skipped an invalid event: ${event.message}` });
    }
  }

  function record(input: HealthEventInput): HealthEvent {
    const event = hybridClock.stamp(input) as HealthEvent;
    counters.recorded++;
    if (health.apply(event)) {
      touched(event);
      emit('change', { event, source: 'local' });
    }
    outbox.add(event);
    sync.scheduleFlush();
    return event;
  }

  const recordContext = {
    health,
    processId,
    record,
    learnedAt: (event: CutoffEvent) => learnt.get(event),
    tryProbe: (targetId: string) => leases.tryProbe(targetId, sync.connected),
    releaseProbe: (targetId: string) => leases.release(targetId),
    noteLatency: (
      targetId: string,
      summary: { latencyMs: number; ttftMs: number | undefined; samples: number },
    ) => {
      pendingLatency.set(targetId, summary);
    },
  };

  const latencyTimer = setInterval(() => {
    for (const [targetId, summary] of pendingLatency) {
      record({
        type: 'latency',
        targetId,
        latencyMs: summary.latencyMs,
        ...(summary.ttftMs === undefined ? {} : { ttftMs: summary.ttftMs }),
        samples: summary.samples,
      });
    }
    pendingLatency.clear();
  }, settings.latencyIntervalMs);
  latencyTimer.unref();

  return {
    processId,
    health,
    get status() {
      return sync.status;
    },
    record,
    target,
    onRemoteChange(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    tryProbe(targetId) {
      return leases.tryProbe(targetId, sync.connected);
    },
    releaseProbe(targetId) {
      leases.release(targetId);
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (set === undefined) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
    snapshot(snapshotOptions = {}) {
      return snapshotFleetHealth(health, { now: clock.now(), processId, ...snapshotOptions });
    },
    stats() {
      return { ...counters, pending: outbox.size, lastSyncAt: sync.lastSyncAt };
    },
    flushed() {
      return sync.flushed();
    },
    synced() {
      return sync.synced();
    },
    async close() {
      clearInterval(latencyTimer);
      await sync.close();
    },
  };
}

/** `<host>:<pid>:<6 hex>`, printable ASCII. */
function defaultProcessId(): string {
  const host =
    hostname()
      .replace(/[^!-~]/g, '_')
      .slice(0, 120) || 'host';
  return `${host}:${process.pid}:${randomBytes(3).toString('hex')}`;
}
