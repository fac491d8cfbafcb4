import FlatQueue from 'flatqueue';
import type { BudgetAmount } from './budget-amount.js';
import type {
  BudgetCounter,
  BudgetStore,
  CounterUsage,
  ReconcileRequest,
  ReconcileResult,
  ReserveRequest,
  ReserveResult,
  ThresholdCrossing,
} from './budget-store.js';
import { BudgetTally } from './budget-tally.js';
import { type CounterState, decideReservation } from './decide-reservation.js';
import { type AlertState, budgetLevel, crossThresholds } from './threshold-alerts.js';

/** Spend and reservations of one bucket of a counter. */
interface Cell {
  readonly spent: BudgetTally;
  readonly reserved: BudgetTally;
}

/** One counter key: its buckets in the window, their sums, and its totals since the store started. */
class Entry implements AlertState {
  readonly cells = new Map<number, Cell>();
  /** Buckets before this one have left the window and are gone. */
  evictedBefore = Number.NEGATIVE_INFINITY;
  /** The oldest bucket held (Infinity: none). */
  oldest = Number.POSITIVE_INFINITY;
  readonly spent = new BudgetTally();
  readonly reserved = new BudgetTally();
  readonly spentTotal = new BudgetTally();
  readonly reservedTotal = new BudgetTally();
  alerted = 0;
  alertedUntil = 0;

  /** Drops the buckets that left the window at `firstBucket`. */
  advance(firstBucket: number): void {
    if (firstBucket > this.evictedBefore) this.evictedBefore = firstBucket;
    if (this.oldest >= firstBucket) return;
    let oldest = Number.POSITIVE_INFINITY;
    for (const [bucket, cell] of this.cells) {
      if (bucket < firstBucket) {
        this.spent.add(cell.spent, -1);
        this.reserved.add(cell.reserved, -1);
        this.cells.delete(bucket);
      } else if (bucket < oldest) oldest = bucket;
    }
    this.oldest = oldest;
  }

  /** The cell of `bucket`, created when it is still in the window; `undefined` once it left. */
  cell(bucket: number): Cell | undefined {
    if (bucket < this.evictedBefore) return undefined;
    let cell = this.cells.get(bucket);
    if (!cell) {
      cell = { spent: new BudgetTally(), reserved: new BudgetTally() };
      this.cells.set(bucket, cell);
      if (bucket < this.oldest) this.oldest = bucket;
    }
    return cell;
  }

  committed(): BudgetAmount {
    return {
      microUsd: this.spent.microUsd + this.reserved.microUsd,
      tokens: this.spent.tokens + this.reserved.tokens,
      requests: this.spent.requests + this.reserved.requests,
    };
  }
}

/** An attempt's reservation while it is outstanding. */
interface Held {
  readonly entries: readonly Entry[];
  /** The counters as reserved (their buckets). */
  readonly counters: readonly BudgetCounter[];
  readonly amount: BudgetAmount;
  readonly result: ReserveResult;
  expiresAt: number;
}

/** What a memory store holds after everything settled, for settlement checks and reports. */
export interface BudgetSettlement {
  /** Reservations neither reconciled nor lapsed. */
  readonly outstanding: number;
  /** Reservations that lapsed without being reconciled, since the store started. */
  readonly lapsed: number;
  /** Charged per counter key since the store started (every window). */
  readonly spent: ReadonlyMap<string, BudgetAmount>;
  /** Reserved per counter key by outstanding reservations. */
  readonly reserved: ReadonlyMap<string, BudgetAmount>;
}

/** The memory store: synchronous, for one process. */
export interface MemoryBudgetStore extends BudgetStore {
  reserve(request: ReserveRequest): ReserveResult;
  reconcile(request: ReconcileRequest): ReconcileResult;
  extend(attemptId: string, expiresAt: number, now: number): boolean;
  usage(counters: readonly BudgetCounter[], now: number): CounterUsage[];
  /** Lapses what expired by `now`, then reports outstanding reservations and spend per key. */
  settlement(now: number): BudgetSettlement;
}

/**
 * A budget store in this process's memory: every operation is synchronous
 * and atomic (one JavaScript turn), a reservation is all or nothing over its
 * counters ({@link decideReservation}), a reconciliation applies once per
 * attempt id (the first one settles the reservation; any later one, or one
 * for an id never reserved, changes nothing), and a reservation never
 * reconciled lapses at its `expiresAt` (checked lazily, on the next
 * operation, from a priority queue: no timers); a lapsed attempt that
 * reconciles late (within `rememberLapsedMs`) is still charged, once.
 * Counters keep the buckets of their window only. For one process; a fleet
 * shares a Redis store.
 *
 * @param options.rememberLapsedMs how long a lapsed reservation's id waits for a late reconciliation (default 1 day).
 * @returns the store.
 *
 * @example
 * ```ts
 * const store = createMemoryBudgetStore();
 * const result = store.reserve({ attemptId: 'r1:0', counters, base, perOutputToken: 10, outputTokens: 500, minOutputTokens: 500, now, expiresAt: now + 600_000 });
 * if (result.ok) store.reconcile({ attemptId: 'r1:0', counters, charged, now: later });
 * ```
 */
export function createMemoryBudgetStore(options: { rememberLapsedMs?: number } = {}): MemoryBudgetStore {
  const rememberLapsedMs = options.rememberLapsedMs ?? 86_400_000;
  const entries = new Map<string, Entry>();
  const held = new Map<string, Held>();
  /** Lapsed attempt ids -> when they are forgotten: a late reconciliation still charges them, once. */
  const lapsedIds = new Map<string, number>();
  // Priority queues (flatqueue) by instant, read lazily: an entry whose reservation was reconciled
  // or extended is skipped when it comes up. (Iterating a Map from its start to find the oldest entry
  // would step over every deleted slot: quadratic under steady traffic.)
  const lapses = new FlatQueue<string>();
  const forgets = new FlatQueue<string>();
  let lapsed = 0;

  const entryOf = (key: string): Entry => {
    let entry = entries.get(key);
    if (!entry) {
      entry = new Entry();
      entries.set(key, entry);
    }
    return entry;
  };

  const release = (reservation: Held): void => {
    for (let index = 0; index < reservation.entries.length; index++) {
      const entry = reservation.entries[index]!;
      entry.reservedTotal.add(reservation.amount, -1);
      const bucket = reservation.counters[index]!.bucket;
      if (bucket < entry.evictedBefore) continue; // the bucket left the window with its reservation
      const cell = entry.cells.get(bucket);
      if (!cell) continue;
      cell.reserved.add(reservation.amount, -1);
      entry.reserved.add(reservation.amount, -1);
    }
  };

  /** Lapses the reservations that expired by `now`, and forgets lapsed ids past their time. */
  const lapse = (now: number): void => {
    while (forgets.length > 0 && (forgets.peekValue() as number) <= now) {
      const attemptId = forgets.pop() as string;
      const until = lapsedIds.get(attemptId);
      if (until !== undefined && until <= now) lapsedIds.delete(attemptId);
    }
    while (lapses.length > 0 && (lapses.peekValue() as number) <= now) {
      const attemptId = lapses.pop() as string;
      const reservation = held.get(attemptId);
      if (reservation === undefined || reservation.expiresAt > now) continue; // reconciled, or extended
      release(reservation);
      held.delete(attemptId);
      lapsedIds.set(attemptId, now + rememberLapsedMs);
      forgets.push(attemptId, now + rememberLapsedMs);
      lapsed++;
    }
  };

  return {
    reserve(request) {
      const now = request.now;
      lapse(now);
      const known = held.get(request.attemptId);
      if (known) return known.result;
      const counters = request.counters;
      const states: CounterState[] = [];
      const counted: Entry[] = [];
      for (const counter of counters) {
        const entry = entryOf(counter.key);
        entry.advance(counter.firstBucket);
        counted.push(entry);
        const oldest = Math.min(entry.oldest, counter.bucket);
        states.push({
          committed: entry.committed(),
          retryAt: oldest + (counter.releasedAt - counter.bucket),
        });
      }
      const decision = decideReservation(request, states);
      const crossings: ThresholdCrossing[] = [];
      if (!decision.ok) {
        for (let index = 0; index < counters.length; index++) {
          const counter = counters[index]!;
          if (decision.shortfalls.some((shortfall) => shortfall.key === counter.key))
            crossThresholds(
              counter,
              counted[index]!,
              Math.max(100, budgetLevel(counter, states[index]!.committed)),
              now,
              crossings,
            );
        }
        return { ok: false, shortfalls: decision.shortfalls, crossings };
      }
      for (let index = 0; index < counters.length; index++) {
        const counter = counters[index]!;
        const entry = counted[index]!;
        const cell = entry.cell(counter.bucket)!;
        cell.reserved.add(decision.amount);
        entry.reserved.add(decision.amount);
        entry.reservedTotal.add(decision.amount);
        if (counter.thresholds.length > 0)
          crossThresholds(counter, entry, budgetLevel(counter, entry.committed()), now, crossings);
      }
      const result: ReserveResult = {
        ok: true,
        outputTokens: decision.outputTokens,
        amount: decision.amount,
        warnings: decision.warnings,
        crossings,
      };
      held.set(request.attemptId, {
        entries: counted,
        counters,
        amount: decision.amount,
        // A second reserve of this id answers the same, without the crossings (reported once).
        result: crossings.length === 0 ? result : { ...result, crossings: [] },
        expiresAt: request.expiresAt,
      });
      lapses.push(request.attemptId, request.expiresAt);
      return result;
    },

    reconcile(request) {
      const now = request.now;
      lapse(now);
      const reservation = held.get(request.attemptId);
      if (reservation) {
        release(reservation);
        held.delete(request.attemptId);
      } else if (lapsedIds.has(request.attemptId)) {
        // A lapsed reservation released its amount already: its late reconciliation only charges.
        lapsedIds.delete(request.attemptId);
      } else {
        return { applied: false, crossings: [] }; // settled already (or never reserved)
      }
      const crossings: ThresholdCrossing[] = [];
      for (const counter of request.counters) {
        const entry = entryOf(counter.key);
        entry.spentTotal.add(request.charged);
        const cell = entry.cell(counter.bucket);
        if (!cell) continue;
        cell.spent.add(request.charged);
        entry.spent.add(request.charged);
        if (counter.thresholds.length > 0)
          crossThresholds(counter, entry, budgetLevel(counter, entry.committed()), now, crossings);
      }
      return { applied: true, crossings };
    },

    extend(attemptId, expiresAt, now) {
      lapse(now);
      const reservation = held.get(attemptId);
      if (!reservation) return false;
      reservation.expiresAt = expiresAt;
      lapses.push(attemptId, expiresAt);
      return true;
    },

    usage(counters, now) {
      lapse(now);
      return counters.map((counter) => {
        const entry = entries.get(counter.key);
        if (!entry) return { key: counter.key, spent: zero(), reserved: zero() };
        entry.advance(counter.firstBucket);
        return { key: counter.key, spent: entry.spent.snapshot(), reserved: entry.reserved.snapshot() };
      });
    },

    settlement(now) {
      lapse(now);
      const spent = new Map<string, BudgetAmount>();
      const reserved = new Map<string, BudgetAmount>();
      for (const [key, entry] of entries) {
        spent.set(key, entry.spentTotal.snapshot());
        reserved.set(key, entry.reservedTotal.snapshot());
      }
      return { outstanding: held.size, lapsed, spent, reserved };
    },
  };
}

const zero = (): BudgetAmount => ({ microUsd: 0, tokens: 0, requests: 0 });
