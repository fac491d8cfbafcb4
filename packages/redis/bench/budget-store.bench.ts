/**
 * What the Redis budget store costs per attempt: one round trip to reserve on
 * every applicable counter (1 and 5), one to reconcile, against a `PING` on
 * the same kind of connection measured in the same run (the floor of any
 * round trip), on a local Debian `redis-server`.
 *
 *   pnpm --filter @switchyard/redis bench
 *
 * Target: the reservation round trip with 5 applicable scopes <= 2 ms p99.
 * Calls are sequential (one in flight), each timed by itself.
 */
import { type BudgetInput, BudgetSchema, compileBudgets, planReservation } from '@switchyard/core';
import { Redis } from 'ioredis';
import { createRedisBudgetStore } from '../src/budget/create-redis-budget-store.js';
import { startRedisServer } from '../src/test/start-redis-server.js';

const server = await startRedisServer();
const rounds = 3_000;
const warmUp = 300;

function percentiles(samples: number[]) {
  samples.sort((a, b) => a - b);
  const at = (share: number) =>
    samples[Math.min(samples.length - 1, Math.floor(samples.length * share))] as number;
  return { p50: at(0.5), p99: at(0.99), max: samples[samples.length - 1] as number };
}
const ms = (ns: number) => `${(ns / 1e6).toFixed(3)} ms`;

const inputs: BudgetInput[] = [
  {
    id: 'tenant-daily',
    per: ['tenant'],
    limit: { usd: 1e6 },
    window: { calendar: 'day', timeZone: 'Europe/Berlin' },
  },
  {
    id: 'openai-hourly',
    scope: { provider: ['openai'] },
    limit: { usd: 1e6, requests: 1e9 },
    window: { rolling: '1h' },
  },
  { id: 'chat-monthly', scope: { route: ['chat'] }, limit: { usd: 1e6 }, window: { calendar: 'month' } },
  { id: 'eu-weekly', scope: { jurisdiction: ['EU'] }, limit: { tokens: 1e12 }, window: { calendar: 'week' } },
  { id: 'all-rolling', limit: { usd: 1e6 }, window: { rolling: '24h' }, onExhausted: 'warn' },
];
const target = { id: 'openai-gpt', provider: 'openai', contextWindow: 128_000, maxOutputTokens: 16_000 };

const ping = new Redis(server.url);
const pings: number[] = [];
for (let index = 0; index < rounds + warmUp; index++) {
  const before = process.hrtime.bigint();
  await ping.ping();
  if (index >= warmUp) pings.push(Number(process.hrtime.bigint() - before));
}
ping.disconnect();
const floor = percentiles(pings);

const rows: string[][] = [
  [
    'scopes',
    'reserve p50',
    'reserve p99',
    'reconcile p50',
    'reconcile p99',
    'PING p50',
    'reserve p99 / PING p99',
  ],
];
let fiveP99 = 0;
for (const count of [1, 5]) {
  const budgets = compileBudgets({
    budgets: inputs.slice(0, count).map((input) => BudgetSchema.parse(input)),
  });
  const store = createRedisBudgetStore({ url: server.url, fleet: `bench-${count}`, commandTimeoutMs: 2_000 });
  const applied = budgets.applicable('chat', target, { tenant: 'acme', jurisdiction: 'DE' });
  if (applied.length !== count)
    throw new Error(`expected ${count} applicable budgets, got ${applied.length}`);
  const reserves: number[] = [];
  const reconciles: number[] = [];
  const start = Date.now();
  for (let index = 0; index < rounds + warmUp; index++) {
    const now = start + index;
    const { request } = planReservation({
      attemptId: `bench:${index}`,
      applied,
      inputTokens: 3_000,
      maxOutputTokens: undefined,
      target,
      price: { input: 2.5, output: 15 },
      now,
      expiresAt: now + 180_000,
    });
    const before = process.hrtime.bigint();
    const result = await store.reserve(request);
    const between = process.hrtime.bigint();
    if (!result.ok || result.lease) throw new Error('expected a reservation in Redis');
    await store.reconcile({
      attemptId: request.attemptId,
      counters: request.counters,
      charged: { microUsd: 5_000, tokens: 1_100, requests: 1 },
      now,
    });
    const after = process.hrtime.bigint();
    if (index >= warmUp) {
      reserves.push(Number(between - before));
      reconciles.push(Number(after - between));
    }
  }
  await store.close();
  const reserve = percentiles(reserves);
  const reconcile = percentiles(reconciles);
  if (count === 5) fiveP99 = reserve.p99;
  rows.push([
    String(count),
    ms(reserve.p50),
    ms(reserve.p99),
    ms(reconcile.p50),
    ms(reconcile.p99),
    ms(floor.p50),
    `${(reserve.p99 / floor.p99).toFixed(1)}x`,
  ]);
}
await server.stop();
const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
for (const row of rows) console.log(row.map((cell, column) => cell.padStart(widths[column]!)).join('  '));
console.log(
  `\ngoal: the reservation round trip with 5 applicable scopes <= 2 ms p99: ${ms(fiveP99)} (${fiveP99 <= 2e6 ? 'met' : 'MISSED'})`,
);
