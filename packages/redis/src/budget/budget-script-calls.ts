import type {
  AmountUnit,
  BudgetAmount,
  BudgetCounter,
  BudgetShortfall,
  CounterUsage,
  ReconcileRequest,
  ReserveRequest,
  ReserveResult,
  ThresholdCrossing,
} from '@switchyard/core';
import type { Redis } from 'ioredis';
import { runScript } from '../store/run-script.js';
import type { BudgetKeys } from './budget-keys.js';
import { budgetScripts } from './budget-scripts.js';

const units: readonly AmountUnit[] = ['microUsd', 'tokens', 'requests'];
const int = (value: number) => String(Math.trunc(value));
const limit = (value: number | undefined) => (value === undefined ? '-1' : int(value));

function counterKeys(keys: BudgetKeys, counters: readonly BudgetCounter[]): string[] {
  const out: string[] = [];
  for (const counter of counters) out.push(keys.counter(counter.key), keys.lapses(counter.key));
  return out;
}

function shortfalls(flat: unknown): BudgetShortfall[] {
  const values = Array.isArray(flat) ? (flat as string[]) : [];
  const out: BudgetShortfall[] = [];
  for (let index = 0; index + 6 < values.length; index += 7) {
    out.push({
      budgetId: values[index] as string,
      key: values[index + 1] as string,
      unit: units[Number(values[index + 2]) - 1] as AmountUnit,
      limit: Number(values[index + 3]),
      committed: Number(values[index + 4]),
      needed: Number(values[index + 5]),
      retryAt: Number(values[index + 6]),
    });
  }
  return out;
}

function crossings(flat: unknown): ThresholdCrossing[] {
  const values = Array.isArray(flat) ? (flat as string[]) : [];
  const out: ThresholdCrossing[] = [];
  for (let index = 0; index + 3 < values.length; index += 4) {
    out.push({
      budgetId: values[index] as string,
      key: values[index + 1] as string,
      threshold: Number(values[index + 2]),
      level: Number(values[index + 3]),
    });
  }
  return out;
}

/**
 * Runs RESERVE for a reservation request: one round trip, all counters.
 *
 * @param keepMs how long the reservation record outlives its lapse (for a late reconciliation).
 */
export async function callReserve(
  redis: Redis,
  keys: BudgetKeys,
  request: ReserveRequest,
  keepMs: number,
): Promise<ReserveResult> {
  const args: (string | number)[] = [
    keys.reservationPrefix,
    int(request.now),
    int(request.expiresAt),
    int(keepMs),
    String(request.base.microUsd),
    int(request.base.tokens),
    int(request.base.requests),
    String(request.perOutputToken),
    int(request.outputTokens),
    int(request.minOutputTokens),
  ];
  for (const counter of request.counters) {
    args.push(
      counter.key,
      int(counter.bucket),
      int(counter.firstBucket),
      int(counter.releasedAt),
      counter.enforce ? '1' : '0',
      limit(counter.limits.microUsd),
      limit(counter.limits.tokens),
      limit(counter.limits.requests),
      counter.thresholds.join(','),
      int(counter.alertUntil),
      counter.budgetId,
    );
  }
  const raw = (await runScript(
    redis,
    budgetScripts.reserve,
    [keys.reservationPrefix + request.attemptId, ...counterKeys(keys, request.counters)],
    args,
  )) as unknown[];
  if (raw[0] === 'ok') {
    return {
      ok: true,
      outputTokens: Number(raw[1]),
      amount: { microUsd: Number(raw[2]), tokens: Number(raw[3]), requests: Number(raw[4]) },
      warnings: shortfalls(raw[5]),
      crossings: crossings(raw[6]),
    };
  }
  return { ok: false, shortfalls: shortfalls(raw[1]), crossings: crossings(raw[2]) };
}

/** Runs RECONCILE: settles an attempt once. */
export async function callReconcile(
  redis: Redis,
  keys: BudgetKeys,
  request: ReconcileRequest,
  rememberMs: number,
  keepMs = rememberMs,
): Promise<{ applied: boolean; crossings: ThresholdCrossing[] }> {
  const args: (string | number)[] = [
    keys.reservationPrefix,
    int(request.now),
    int(rememberMs),
    int(request.charged.microUsd),
    int(request.charged.tokens),
    int(request.charged.requests),
  ];
  for (const counter of request.counters) {
    args.push(
      counter.key,
      limit(counter.limits.microUsd),
      limit(counter.limits.tokens),
      limit(counter.limits.requests),
      counter.thresholds.join(','),
      int(counter.alertUntil),
      counter.budgetId,
      int(Math.max(1, counter.releasedAt + keepMs - request.now)),
    );
  }
  const raw = (await runScript(
    redis,
    budgetScripts.reconcile,
    [keys.reservationPrefix + request.attemptId, ...counterKeys(keys, request.counters)],
    args,
  )) as unknown[];
  return { applied: Number(raw[0]) === 1, crossings: crossings(raw[1]) };
}

/** Runs EXTEND. */
export async function callExtend(
  redis: Redis,
  keys: BudgetKeys,
  attemptId: string,
  expiresAt: number,
  now: number,
  keepMs: number,
): Promise<boolean> {
  const raw = await runScript(
    redis,
    budgetScripts.extend,
    [keys.reservationPrefix + attemptId],
    [keys.reservationPrefix, int(now), int(expiresAt), int(keepMs), keys.lapsesPrefix],
  );
  return Number(raw) === 1;
}

/** What USAGE reports of one counter. */
export interface RedisCounterUsage extends CounterUsage {
  /** Charged since the counter was created (its hash expires after its last window). */
  readonly total: BudgetAmount;
  /** Reservations it holds (leases included). */
  readonly outstanding: number;
  /** The oldest window bucket it holds (epoch ms), if any: its spend is the next to stop counting. */
  readonly oldestBucket: number | undefined;
}

/** Runs USAGE: each counter's window at `now` (lapsing what expired). */
export async function callUsage(
  redis: Redis,
  keys: BudgetKeys,
  counters: readonly Pick<BudgetCounter, 'key' | 'firstBucket'>[],
  now: number,
): Promise<RedisCounterUsage[]> {
  if (counters.length === 0) return [];
  const args: string[] = [keys.reservationPrefix, int(now)];
  const redisKeys: string[] = [];
  for (const counter of counters) {
    args.push(counter.key, int(counter.firstBucket));
    redisKeys.push(keys.counter(counter.key), keys.lapses(counter.key));
  }
  const raw = (await runScript(redis, budgetScripts.usage, redisKeys, args)) as [
    string,
    string,
    number,
    string,
  ][];
  return raw.map(([window, total, outstanding, oldest], index) => {
    const t = window.split(',').map(Number);
    const all = total.split(',').map(Number);
    return {
      key: (counters[index] as { key: string }).key,
      spent: { microUsd: t[0] ?? 0, tokens: t[1] ?? 0, requests: t[2] ?? 0 },
      reserved: { microUsd: t[3] ?? 0, tokens: t[4] ?? 0, requests: t[5] ?? 0 },
      total: { microUsd: all[0] ?? 0, tokens: all[1] ?? 0, requests: all[2] ?? 0 },
      outstanding: Number(outstanding),
      oldestBucket: oldest === '' ? undefined : Number(oldest),
    };
  });
}
