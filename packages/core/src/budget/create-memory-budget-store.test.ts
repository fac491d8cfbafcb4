import { describe, expect, it } from 'vitest';
import { createMemoryBudgetStore } from './create-memory-budget-store.js';
import { amount, counter, reserveRequest } from './test-fixtures/budget-fixtures.js';

const charge = (microUsd: number) => amount(microUsd, 150, 1);

describe('createMemoryBudgetStore', () => {
  describe('reserve', () => {
    it('reserves on every counter or on none', () => {
      const store = createMemoryBudgetStore();
      const a = counter({ key: 'a' });
      const b = counter({ key: 'b', limits: { microUsd: 300 } });
      expect(store.reserve(reserveRequest({ attemptId: '1', counters: [a, b] })).ok).toBe(true);
      const refused = store.reserve(reserveRequest({ attemptId: '2', counters: [a, b] }));
      expect(refused.ok).toBe(false);
      expect(store.usage([a, b], 0).map((usage) => usage.reserved.microUsd)).toEqual([200, 200]);
    });

    it('answers a second reserve of the same attempt id with the first answer, reserving nothing more', () => {
      const store = createMemoryBudgetStore();
      const a = counter({ key: 'a' });
      const first = store.reserve(reserveRequest({ attemptId: '1', counters: [a] }));
      const second = store.reserve(reserveRequest({ attemptId: '1', counters: [a] }));
      expect(second).toEqual(first);
      expect(store.usage([a], 0)[0]?.reserved.microUsd).toBe(200);
    });
  });

  describe('reconcile', () => {
    it('releases the reservation and charges the cost, exactly once per attempt id', () => {
      const store = createMemoryBudgetStore();
      const a = counter({ key: 'a' });
      store.reserve(reserveRequest({ attemptId: '1', counters: [a] }));
      expect(store.reconcile({ attemptId: '1', counters: [a], charged: charge(120), now: 10 }).applied).toBe(
        true,
      );
      expect(store.reconcile({ attemptId: '1', counters: [a], charged: charge(120), now: 11 }).applied).toBe(
        false,
      );
      expect(store.usage([a], 20)).toEqual([
        { key: 'a', spent: { microUsd: 120, tokens: 150, requests: 1 }, reserved: amount(0) },
      ]);
      expect(store.settlement(20).outstanding).toBe(0);
    });

    it('charges a reservation that lapsed when its attempt reconciles late, without releasing it twice', () => {
      const store = createMemoryBudgetStore();
      const a = counter({ key: 'a' });
      store.reserve(reserveRequest({ attemptId: '1', counters: [a], expiresAt: 1_000 }));
      expect(store.usage([a], 1_000)[0]?.reserved.microUsd).toBe(0);
      expect(store.settlement(1_000)).toMatchObject({ outstanding: 0, lapsed: 1 });
      expect(
        store.reconcile({ attemptId: '1', counters: [a], charged: charge(90), now: 2_000 }).applied,
      ).toBe(true);
      expect(store.usage([a], 2_000)[0]).toMatchObject({
        spent: { microUsd: 90 },
        reserved: { microUsd: 0 },
      });
      expect(
        store.reconcile({ attemptId: '1', counters: [a], charged: charge(90), now: 2_001 }).applied,
      ).toBe(false);
    });

    it('charges the bucket of the reservation, not the period the attempt ended in', () => {
      const store = createMemoryBudgetStore();
      const today = counter({ key: 'a' });
      store.reserve(reserveRequest({ attemptId: '1', counters: [today], now: 86_399_000 }));
      const tomorrow = counter({
        key: 'a',
        bucket: 86_400_000,
        firstBucket: 86_400_000,
        releasedAt: 172_800_000,
      });
      expect(store.usage([tomorrow], 86_400_500)[0]?.reserved.microUsd).toBe(0);
      store.reconcile({ attemptId: '1', counters: [today], charged: charge(150), now: 86_401_000 });
      expect(store.usage([tomorrow], 86_401_000)[0]?.spent.microUsd).toBe(0);
      expect(store.settlement(86_401_000).spent.get('a')?.microUsd).toBe(150);
    });
  });

  describe('windows', () => {
    it('lets spend leave a rolling window slice by slice', () => {
      const store = createMemoryBudgetStore();
      const slice = (bucket: number) =>
        counter({ key: 'r', bucket, firstBucket: bucket - 60, releasedAt: bucket + 61 });
      for (const [index, bucket] of [0, 30, 60].entries()) {
        store.reserve(reserveRequest({ attemptId: String(index), counters: [slice(bucket)], now: bucket }));
        store.reconcile({
          attemptId: String(index),
          counters: [slice(bucket)],
          charged: charge(100),
          now: bucket,
        });
      }
      expect(store.usage([slice(60)], 60)[0]?.spent.microUsd).toBe(300);
      expect(store.usage([slice(61)], 61)[0]?.spent.microUsd).toBe(200);
      expect(store.usage([slice(91)], 91)[0]?.spent.microUsd).toBe(100);
    });

    it('keeps the oldest counted spend in the retry time of a shortfall', () => {
      const store = createMemoryBudgetStore();
      const slice = (bucket: number) =>
        counter({ key: 'r', bucket, firstBucket: bucket - 60, releasedAt: bucket + 61 });
      store.reserve(reserveRequest({ attemptId: '1', counters: [slice(10)], now: 10 }));
      store.reconcile({ attemptId: '1', counters: [slice(10)], charged: charge(950), now: 10 });
      const refused = store.reserve(reserveRequest({ attemptId: '2', counters: [slice(40)], now: 40 }));
      expect(refused.ok ? undefined : refused.shortfalls[0]?.retryAt).toBe(71);
    });
  });

  describe('thresholds', () => {
    it('reports each threshold once per period, and a refusal as 100 %', () => {
      const store = createMemoryBudgetStore();
      const a = counter({ key: 'a', thresholds: [50, 80, 100] });
      const first = store.reserve(reserveRequest({ attemptId: '1', counters: [a], base: amount(500, 0, 1) }));
      expect(first.crossings.map((crossing) => crossing.threshold)).toEqual([50]);
      const again = store.reconcile({ attemptId: '1', counters: [a], charged: charge(600), now: 1 });
      expect(again.crossings).toEqual([]);
      const refused = store.reserve(
        reserveRequest({ attemptId: '2', counters: [a], base: amount(500, 0, 1) }),
      );
      expect(refused.crossings.map((crossing) => crossing.threshold)).toEqual([80, 100]);
      const refusedAgain = store.reserve(
        reserveRequest({ attemptId: '3', counters: [a], base: amount(500, 0, 1) }),
      );
      expect(refusedAgain.crossings).toEqual([]);
      const nextDay = counter({
        key: 'a',
        thresholds: [50, 80, 100],
        bucket: 86_400_000,
        firstBucket: 86_400_000,
        alertUntil: 172_800_000,
      });
      const fresh = store.reserve(
        reserveRequest({ attemptId: '4', counters: [nextDay], base: amount(900, 0, 1), now: 86_400_000 }),
      );
      expect(fresh.crossings.map((crossing) => crossing.threshold)).toEqual([50, 80, 100]);
    });
  });

  describe('extend', () => {
    it('moves the lapse of an outstanding reservation, and says when there is none', () => {
      const store = createMemoryBudgetStore();
      const a = counter({ key: 'a' });
      store.reserve(reserveRequest({ attemptId: '1', counters: [a], expiresAt: 1_000 }));
      expect(store.extend('1', 5_000, 500)).toBe(true);
      expect(store.settlement(4_999).outstanding).toBe(1);
      expect(store.settlement(5_000).outstanding).toBe(0);
      expect(store.extend('1', 9_000, 5_000)).toBe(false);
    });
  });
});
