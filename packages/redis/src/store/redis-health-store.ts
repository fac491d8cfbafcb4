import type { HealthSnapshot, HealthStore } from '@switchyard/router';
import type { FleetHealth } from '../model/fleet-health.js';
import type { HealthEvent, HealthEventInput } from '../model/health-event.js';
import type { FleetTargetRecord } from './fleet-target-record.js';

/** Where an event that changed a process's state came from. */
export type HealthEventSource = 'local' | 'fleet';

/**
 * The store's connection to the fleet: `connecting` until the first
 * synchronisation, `connected` while in sync, `disconnected` while Redis is
 * away (the process serves from its own state meanwhile), `closed` after `close()`.
 */
export type FleetStatus = 'connecting' | 'connected' | 'disconnected' | 'closed';

/** A background operation that failed; the store retries it by itself. */
export interface FleetSyncError {
  /** What failed: connecting, publishing, reading the stream, reconciling, a probe lease, or closing with events unpublished. */
  readonly operation: 'connect' | 'publish' | 'read' | 'reconcile' | 'probe' | 'close';
  /** A readable message (no credentials). */
  readonly message: string;
  /** The underlying error. */
  readonly cause?: unknown;
}

/** Events of `store.on(...)`. */
export interface RedisHealthStoreEvents {
  /** An event changed this process's state: recorded here (`local`) or received from the fleet. */
  change: { event: HealthEvent; source: HealthEventSource };
  /** The connection status changed. */
  status: { status: FleetStatus };
  /** A background operation failed (it is retried). */
  'sync-error': FleetSyncError;
}

/** Counters of the store, for reports and tests. */
export interface FleetStoreStats {
  /** Events recorded by this process. */
  readonly recorded: number;
  /** Events Redis acknowledged from this process (coalesced per register). */
  readonly published: number;
  /** Events from the fleet that changed this process's state. */
  readonly received: number;
  /** Stream entries or snapshot fields that were not valid events (skipped, reported). */
  readonly invalid: number;
  /** Events waiting for Redis (at most one per register). */
  readonly pending: number;
  /** Background commands that failed or timed out. */
  readonly failures: number;
  /** Reconnections after a lost connection. */
  readonly reconnects: number;
  /** Completed synchronisations (on connect, on an epoch change, periodic). */
  readonly syncs: number;
  /** Epoch ms of the last completed synchronisation, 0 before the first. */
  readonly lastSyncAt: number;
}

/**
 * Fleet health over Redis, and a `HealthStore` for `createRouter({ healthStore })`.
 * The request path only reads `health` and calls `record` / `tryProbe`, which
 * never wait for Redis; everything that talks to Redis runs in the background
 * with a timeout.
 */
export interface RedisHealthStore extends HealthStore {
  /** The router's record of a target, backed by the fleet's state (the same object on every call). */
  target(targetId: string): FleetTargetRecord;
  /** This process's id (`by` of its events). */
  readonly processId: string;
  /** This process's replica of the fleet's health: read it synchronously. */
  readonly health: FleetHealth;
  /** The connection status. */
  readonly status: FleetStatus;
  /**
   * Stamps an event, applies it to this process's state at once and publishes
   * it in the background.
   *
   * @returns the stamped event.
   */
  record(input: HealthEventInput): HealthEvent;
  /**
   * Whether this process may send the one half-open probe of a target now. With
   * Redis reachable, exactly one process of the fleet holds a target's probe
   * lease at a time: the first call asks for it in the background and answers
   * false; a later call answers true once (the lease is used). With Redis away,
   * every process decides for itself (true).
   */
  tryProbe(targetId: string): boolean;
  /** Gives a probe lease back after the probe's outcome was recorded. */
  releaseProbe(targetId: string): void;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<Name extends keyof RedisHealthStoreEvents>(
    event: Name,
    listener: (payload: RedisHealthStoreEvents[Name]) => void,
  ): () => void;
  /**
   * The merged health of every target this process knows of (or is told of),
   * each fact marked `local` (detected here) or `fleet`.
   */
  snapshot(options?: { targetIds?: readonly string[] }): HealthSnapshot;
  /** Counters. */
  stats(): FleetStoreStats;
  /** Resolves once every event recorded so far is in Redis (waits while Redis is away). */
  flushed(): Promise<void>;
  /** Resolves at the end of the next completed synchronisation with Redis. */
  synced(): Promise<void>;
  /**
   * Publishes what is pending (within one command timeout), then closes both
   * connections. Events that could not be published are reported as a
   * `sync-error` (operation `close`) and counted in `stats().pending`.
   */
  close(): Promise<void>;
}
