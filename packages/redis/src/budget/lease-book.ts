import {
  type BudgetAmount,
  type BudgetCounter,
  type BudgetTally,
  decideReservation,
  type ReconcileRequest,
  type ReserveRequest,
  type ReserveResult,
} from '@switchyard/core';

/** One lease: a reservation this process holds in Redis on one counter, to spend while Redis is unreachable. */
export interface Lease {
  /** Its attempt id in Redis: `lease:<process>:<counter key>:<bucket>:<n>`. */
  readonly attemptId: string;
  /** The counter it was reserved on (its bucket). */
  readonly counter: BudgetCounter;
  /** What Redis reserved for it. */
  readonly granted: BudgetAmount;
  /** When Redis lets it lapse unless renewed (epoch ms). */
  expiresAt: number;
  /** Reserved and charged from it while Redis was unreachable. */
  readonly used: BudgetTally;
  /** Charged from it, to settle in Redis when it is back. */
  readonly charged: BudgetTally;
  /** Attempts reserved from it and not reconciled yet. */
  inFlight: number;
}

/**
 * The leases of one process, and the attempts reserved from them while the
 * store was unreachable. A lease is a reservation like any other in Redis (so
 * the fleet never spends past a limit because of it); while Redis is down the
 * process spends from it, all or nothing over an attempt's counters, with the
 * same decision as the stores (`decideReservation`, the grant as the limit).
 */
export class LeaseBook {
  readonly #leases = new Map<string, Lease>();
  readonly #held = new Map<string, { leases: Lease[]; amount: BudgetAmount }>();

  /** The lease of a counter key. */
  get(key: string): Lease | undefined {
    return this.#leases.get(key);
  }

  /** Every lease. */
  all(): Lease[] {
    return [...this.#leases.values()];
  }

  /** Adds (or replaces) a counter's lease. */
  set(lease: Lease): void {
    this.#leases.set(lease.counter.key, lease);
  }

  /** Forgets a counter's lease (settled in Redis). */
  delete(key: string): void {
    this.#leases.delete(key);
  }

  /** Whether an attempt was reserved from leases. */
  holds(attemptId: string): boolean {
    return this.#held.has(attemptId);
  }

  /**
   * Reserves an attempt from the leases of its counters, all or nothing: each
   * counter needs a live lease on the same bucket with room. `undefined` when
   * one has none (the store then answers `storeDown`).
   */
  reserve(request: ReserveRequest): ReserveResult | undefined {
    const leases: Lease[] = [];
    const counters: BudgetCounter[] = [];
    const states = [];
    for (const counter of request.counters) {
      const lease = this.#leases.get(counter.key);
      if (!lease || lease.counter.bucket !== counter.bucket || lease.expiresAt <= request.now)
        return undefined;
      leases.push(lease);
      counters.push({
        ...counter,
        enforce: true,
        limits: {
          ...(counter.limits.microUsd === undefined ? {} : { microUsd: lease.granted.microUsd }),
          ...(counter.limits.tokens === undefined ? {} : { tokens: lease.granted.tokens }),
          ...(counter.limits.requests === undefined ? {} : { requests: lease.granted.requests }),
        },
      });
      states.push({ committed: lease.used.snapshot(), retryAt: lease.expiresAt });
    }
    const decision = decideReservation({ ...request, counters }, states);
    if (!decision.ok) return undefined;
    for (const lease of leases) {
      lease.used.add(decision.amount);
      lease.inFlight++;
    }
    this.#held.set(request.attemptId, { leases, amount: decision.amount });
    return {
      ok: true,
      outputTokens: decision.outputTokens,
      amount: decision.amount,
      warnings: [],
      crossings: [],
      lease: true,
    };
  }

  /** Settles an attempt reserved from leases: its reservation released, its charge kept to settle later. */
  reconcile(request: ReconcileRequest): boolean {
    const held = this.#held.get(request.attemptId);
    if (!held) return false;
    this.#held.delete(request.attemptId);
    for (const lease of held.leases) {
      lease.used.add(held.amount, -1);
      lease.used.add(request.charged);
      lease.charged.add(request.charged);
      lease.inFlight--;
    }
    return true;
  }
}
