import { randomBytes } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import type { HealthEvent } from '../model/health-event.js';
import type { FleetKeys } from './fleet-keys.js';
import { healthScripts } from './health-scripts.js';
import type { Outbox } from './outbox.js';
import { readStream } from './read-stream.js';
import type { FleetStatus, FleetSyncError } from './redis-health-store.js';
import type { redisHealthStoreDefaults } from './redis-health-store-options.js';
import { mergeAuxiliaries } from './register-field.js';
import { runScript } from './run-script.js';

/** Events per MERGE or LATENCY script call. */
const batchSize = 256;

/** Counters the synchronisation keeps (shared with the store's stats). */
export interface SyncCounters {
  published: number;
  reconnects: number;
  syncs: number;
}

/**
 * Everything of a Redis health store that talks to Redis, in the background:
 * two connections (commands with a timeout; a dedicated one for the blocking
 * stream read), the outbox written with MERGE (retried with backoff), the
 * synchronisation on every (re)connection and every `reconcileIntervalMs`
 * (SNAPSHOT, then the whole local state pushed back when Redis lost it), the
 * stream read from the last id, and the connection status.
 */
export class FleetSync {
  /** The command connection (timeouts on every command); probe leases use it too. */
  readonly commands: Redis;
  readonly #reader: Redis;
  readonly #stream: ReturnType<typeof readStream>;
  readonly #reconcileTimer: NodeJS.Timeout;
  #status: FleetStatus = 'connecting';
  #closed = false;
  #epoch: string | undefined;
  #flushing = false;
  #retryDelayMs = 0;
  #retryTimer: NodeJS.Timeout | undefined;
  #flushedWaiters: Array<() => void> = [];
  #syncedWaiters: Array<() => void> = [];
  #reportedDisconnect = false;
  /** Set on every (re)connection: the next flush synchronises first. */
  #needsFullSync = false;
  lastSyncAt = 0;

  constructor(
    private readonly options: {
      settings: typeof redisHealthStoreDefaults & { redis?: RedisOptions; url: string };
      keys: FleetKeys;
      processId: string;
      outbox: Outbox;
      counters: SyncCounters;
      /** Every event of the local state (pushed back when Redis lost its state). */
      localEvents: () => HealthEvent[];
      /** Merges an event read from Redis (stream entry or snapshot field), as JSON. */
      receive: (json: string) => void;
      onStatus: (status: FleetStatus) => void;
      fail: (operation: FleetSyncError['operation'], cause: unknown) => void;
      now: () => number;
    },
  ) {
    const { settings, processId } = options;
    const connection: RedisOptions = {
      ...settings.redis,
      lazyConnect: true,
      enableOfflineQueue: false,
      connectTimeout: settings.commandTimeoutMs,
      retryStrategy: (times) => Math.min(times * 50, settings.reconnectMaxDelayMs),
      connectionName: `switchyard:${processId}`.replace(/[^!-~]/g, '_'),
    };
    this.commands = new Redis(settings.url, { ...connection, commandTimeout: settings.commandTimeoutMs });
    this.#reader = new Redis(settings.url, {
      ...connection,
      blockingTimeout: settings.blockMs,
      blockingTimeoutGrace: 500,
    });
    this.#stream = readStream({
      reader: this.#reader,
      key: options.keys.events,
      blockMs: settings.blockMs,
      onEntry: options.receive,
      onError: (cause) => options.fail('read', cause),
      isClosed: () => this.#closed,
    });
    this.commands.on('ready', () => {
      this.#needsFullSync = true;
      this.scheduleFlush();
    });
    this.commands.on('close', () => {
      if (this.#closed) return;
      if (this.#status === 'connected') options.counters.reconnects++;
      if (this.#status !== 'connecting') this.#setStatus('disconnected');
    });
    this.commands.on('error', (error) => {
      if (this.#closed || this.#reportedDisconnect) return;
      this.#reportedDisconnect = true;
      options.fail('connect', error);
    });
    this.#reader.on('error', () => {
      // Reported once through the command connection, which fails alike.
    });
    this.commands.connect().catch(() => {
      // Retried by the retry strategy; reported through the 'error' event.
    });
    this.#reader.connect().catch(() => {});
    this.#reconcileTimer = setInterval(() => {
      if (this.commands.status === 'ready' && !this.#needsFullSync && !this.#flushing) {
        this.#synchronise('periodic')
          .then(() => this.scheduleFlush())
          .catch((error) => options.fail('reconcile', error));
      }
    }, settings.reconcileIntervalMs);
    this.#reconcileTimer.unref();
  }

  /** The connection status. */
  get status(): FleetStatus {
    return this.#status;
  }

  /** Whether commands can be sent now. */
  get connected(): boolean {
    return this.commands.status === 'ready';
  }

  /** Writes the outbox soon (a microtask), unless a flush or a retry is under way. */
  scheduleFlush(): void {
    if (this.#flushing || this.#retryTimer !== undefined || this.#closed) return;
    this.#flushing = true;
    queueMicrotask(() => {
      this.#flush().finally(() => {
        this.#flushing = false;
        if (this.options.outbox.size === 0 && !this.#needsFullSync) this.#settle('flushed');
        else if (this.connected && this.#retryTimer === undefined) this.scheduleFlush();
      });
    });
  }

  /** Resolves once the outbox is empty and acknowledged. */
  flushed(): Promise<void> {
    if (this.options.outbox.size === 0 && !this.#flushing && !this.#needsFullSync) return Promise.resolve();
    return new Promise((resolve) => this.#flushedWaiters.push(resolve));
  }

  /** Resolves at the end of the next completed synchronisation. */
  synced(): Promise<void> {
    return new Promise((resolve) => this.#syncedWaiters.push(resolve));
  }

  /** Flushes what is pending once more (within a command timeout), then closes both connections. */
  async close(): Promise<void> {
    if (this.#closed) return;
    if (this.#retryTimer !== undefined) clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    if (this.connected && !this.#needsFullSync && this.options.outbox.size > 0) await this.#flush();
    this.#closed = true;
    clearInterval(this.#reconcileTimer);
    const pending = this.options.outbox.size;
    if (pending > 0) {
      this.options.fail(
        'close',
        new Error(
          `${pending} health ${pending === 1 ? 'event was' : 'events were'} not published: Redis was not reachable`,
        ),
      );
    }
    this.#setStatus('closed');
    this.#reader.disconnect();
    this.commands.disconnect();
    this.#stream.stop();
    await this.#stream.stopped;
    this.#settle('flushed');
    this.#settle('synced');
  }

  #setStatus(next: FleetStatus): void {
    if (this.#status === next || this.#status === 'closed') return;
    this.#status = next;
    this.options.onStatus(next);
  }

  #settle(which: 'flushed' | 'synced'): void {
    const waiters = which === 'flushed' ? this.#flushedWaiters : this.#syncedWaiters;
    if (which === 'flushed') this.#flushedWaiters = [];
    else this.#syncedWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /**
   * Takes a snapshot (state, latency, the stream's last id, the epoch) and
   * merges it. On the first synchronisation, and when Redis lost its state
   * (new epoch), the stream is read from the snapshot's last id. On a
   * (re)connection, and when Redis lost its state, the whole local state is
   * pushed back (Redis keeps what is newer, and streams what it lacked).
   */
  async #synchronise(kind: 'full' | 'periodic'): Promise<void> {
    const { keys, settings } = this.options;
    const reply = (await runScript(
      this.commands,
      healthScripts.snapshot,
      [keys.health, keys.events, keys.epoch, keys.latency],
      [newEpoch(), settings.latencyWindowMs],
    )) as string[];
    const [snapshotEpoch = '', lastId = '0-0'] = reply;
    for (let index = 2; index < reply.length; index++) {
      if (reply[index] === '') continue; // separator between the state and the latency fields
      this.options.receive(reply[index + 1] as string);
      index++;
    }
    const lost = this.#epoch !== undefined && this.#epoch !== snapshotEpoch;
    if (this.#epoch === undefined || lost) this.#stream.moveTo(lastId);
    this.#epoch = snapshotEpoch;
    if (kind === 'full' || lost) {
      for (const event of this.options.localEvents()) {
        if (event.type !== 'latency' || event.by === this.options.processId) this.options.outbox.add(event);
      }
    }
    this.options.counters.syncs++;
    this.lastSyncAt = this.options.now();
    this.#setStatus('connected');
    this.#reportedDisconnect = false;
    this.#settle('synced');
  }

  /** Synchronises when due, then writes the outbox to Redis; on failure, retries with backoff. */
  async #flush(): Promise<void> {
    if (!this.connected) return; // the next 'ready' flushes
    const { keys, settings, outbox, counters } = this.options;
    try {
      for (;;) {
        if (this.#needsFullSync) {
          await this.#synchronise('full');
          this.#needsFullSync = false;
        }
        if (outbox.size === 0) break;
        const batch = outbox.takeHealth(batchSize);
        if (batch.length > 0) {
          const args: Array<string | number> = [settings.streamMaxLength, newEpoch()];
          for (const { field, event } of batch)
            args.push(field, JSON.stringify(event), ...mergeAuxiliaries(event));
          const [replyEpoch] = (await runScript(
            this.commands,
            healthScripts.merge,
            [keys.health, keys.events, keys.epoch],
            args,
          )) as [string, number];
          outbox.acknowledge(batch);
          counters.published += batch.length;
          // A new epoch: Redis lost its state since we synchronised; take it again and push ours back.
          if (replyEpoch !== this.#epoch) this.#needsFullSync = true;
        }
        const latency = outbox.takeLatency(batchSize);
        if (latency.length > 0) {
          const args = latency.flatMap(({ field, event }) => [field, JSON.stringify(event)]);
          await runScript(this.commands, healthScripts.latency, [keys.latency], args);
          outbox.acknowledge(latency);
          counters.published += latency.length;
        }
      }
      this.#retryDelayMs = 0;
    } catch (error) {
      this.options.fail(this.#needsFullSync ? 'reconcile' : 'publish', error);
      if (this.connected && !this.#closed) {
        this.#retryDelayMs = Math.min(Math.max(50, this.#retryDelayMs * 2), settings.retryMaxDelayMs);
        this.#retryTimer = setTimeout(() => {
          this.#retryTimer = undefined;
          this.scheduleFlush();
        }, this.#retryDelayMs);
        this.#retryTimer.unref();
      }
    }
  }
}

/** A fresh epoch candidate: set only when Redis has none. */
function newEpoch(): string {
  return randomBytes(8).toString('hex');
}
