import type {
  BudgetCounter,
  BudgetStore,
  ReconcileRequest,
  ReconcileResult,
  ReserveRequest,
  ReserveResult,
} from '@switchyard/core';
import type { RedisCounterUsage } from './budget-script-calls.js';

/** What a Redis budget store did, since it started. */
export interface RedisBudgetStoreStats {
  /** Reservations made in Redis. */
  reserved: number;
  /** Reservations made from this process's leases while Redis was unreachable. */
  fromLease: number;
  /** Reservations refused because Redis was unreachable and no lease could cover them (`onStoreDown` decided). */
  storeDown: number;
  /** Reconciliations queued while Redis was unreachable (sent when it is back). */
  queued: number;
  /** Leases taken, and settled back in Redis. */
  leasesTaken: number;
  leasesSettled: number;
  /** Commands that failed (connection refused, timeout). */
  failures: number;
}

/** A budget store shared by a fleet through Redis. */
export interface RedisBudgetStore extends BudgetStore {
  reserve(request: ReserveRequest): Promise<ReserveResult>;
  reconcile(request: ReconcileRequest): Promise<ReconcileResult>;
  extend(attemptId: string, expiresAt: number, now: number): Promise<boolean>;
  /** Each counter's window at `now` (and what it holds), read from Redis. */
  usage(
    counters: readonly Pick<BudgetCounter, 'key' | 'firstBucket'>[],
    now: number,
  ): Promise<RedisCounterUsage[]>;
  /** What the store did. */
  readonly stats: Readonly<RedisBudgetStoreStats>;
  /** `connected` while commands can be sent, else `disconnected`. */
  readonly status: 'connected' | 'disconnected';
  /** This process's id in its lease ids. */
  readonly processId: string;
  /**
   * Sends what waits (queued reconciliations, spent leases) to Redis; resolves `true` when nothing
   * waits any more. One flush runs at a time: a call while one runs (the reconnection's, `close()`'s)
   * shares it, so each lease is settled and counted once.
   */
  flush(): Promise<boolean>;
  /**
   * Flushes what it can (waiting up to `commandTimeoutMs` for Redis when something waits), then
   * closes the connection. Leases not settled lapse in Redis on their own.
   *
   * @throws {SwitchyardError} `SWITCHYARD_BUDGET_UNSETTLED` saying how many reconciliations and spent
   * leases could not be sent: Redis's counters miss those charges (the decision records hold them).
   */
  close(): Promise<void>;
}
