/**
 * What the Redis budget store costs per attempt: one round trip to reserve on
 * every applicable counter (1 and 5), one to reconcile, against a `PING` on
 * the same kind of connection measured in the same run (the floor of any
 * round trip), on a local Debian `redis-server`.
 *
 *   pnpm --filter @switchyard/redis bench
 *
 * Target: the reservation round trip with 5 applicable scopes <= 2 ms p99.
 * Calls are sequential (one in flight), each timed by itself. Redis's own
 * time running the reserve script (its SLOWLOG, every command logged) is
 * printed beside it, to tell the script's cost from the round trip and the
 * scheduling of a shared machine.
 */
import { type BudgetInput, BudgetSchema, compileBudgets, planReservation } from '@switchyard/core';
import { Redis } from 'ioredis';
import { budgetScripts } from '../src/budget/budget-scripts.js';
import { createRedisBudgetStore } from '../src/budget/create-redis-budget-store.js';
import { startRedisServer } from '../src/test/start-redis-server.js';

const server = await startRedisServer();
const rounds = 3_000;
/** Reserves of the SLOWLOG pass (its log holds every command of the scripts: about 40 per round). */
const serverRounds = 1_000;
const warmUp = 300;

function percentiles(samples: number[]) {
  samples.sort((a, b) => a - b);
  const at = (share: number) =>
    samples[Math.min(samples.length - 1, Math.floor(samples.length * share))] as number;
  return { p50: at(0.5), p99: at(0.99), max: samples[samples.length - 1] as number, samples: samples.length };
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
const floor = percentiles(pings);
await ping.call('CONFIG', 'SET', 'slowlog-max-len', String(100 * serverRounds));

/** Redis's own time (ns) running the reserve script, from its SLOWLOG (every command, those the scripts call too). */
async function serverReserveTimes(): Promise<number[]> {
  const entries = (await ping.call('SLOWLOG', 'GET', '-1')) as [number, number, number, string[]][];
  await ping.call('SLOWLOG', 'RESET');
  return entries
    .filter(([, , , args]) => args[0]?.toUpperCase() === 'EVALSHA' && args[1] === budgetScripts.reserve.sha)
    .map(([, , micros]) => micros * 1_000);
}

/** Reserves and reconciles `count` attempts one after the other; the times (ns) of each, warm-up left out. */
async function run(
  store: ReturnType<typeof createRedisBudgetStore>,
  applied: ReturnType<ReturnType<typeof compileBudgets>['applicable']>,
  prefix: string,
  count: number,
) {
  const reserves: number[] = [];
  const reconciles: number[] = [];
  const start = Date.now();
  for (let index = 0; index < count + warmUp; index++) {
    const now = start + index;
    const { request } = planReservation({
      attemptId: `${prefix}:${index}`,
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
  return { reserves, reconciles };
}

const rows: string[][] = [
  [
    'scopes',
    'reserve p50',
    'reserve p99',
    'reconcile p50',
    'reconcile p99',
    'PING p50',
    'PING p99',
    'reserve p99 / PING p99',
    'script in Redis p50',
    'script in Redis p99',
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
  // The timed pass, with the SLOWLOG off; then a pass with it logging every command, for Redis's own time.
  const { reserves, reconciles } = await run(store, applied, 'timed', rounds);
  await ping.call('CONFIG', 'SET', 'slowlog-log-slower-than', '0');
  await ping.call('SLOWLOG', 'RESET');
  await run(store, applied, 'logged', serverRounds - warmUp);
  await ping.call('CONFIG', 'SET', 'slowlog-log-slower-than', '-1');
  const inRedis = percentiles(await serverReserveTimes());
  if (inRedis.samples !== serverRounds)
    throw new Error(`SLOWLOG kept ${inRedis.samples} of ${serverRounds} reserves`);
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
    ms(floor.p99),
    `${(reserve.p99 / floor.p99).toFixed(1)}x`,
    ms(inRedis.p50),
    ms(inRedis.p99),
  ]);
}
ping.disconnect();
await server.stop();
const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
for (const row of rows) console.log(row.map((cell, column) => cell.padStart(widths[column]!)).join('  '));
console.log(
  `\ngoal: the reservation round trip with 5 applicable scopes <= 2 ms p99: ${ms(fiveP99)} (${fiveP99 <= 2e6 ? 'met' : 'MISSED'})`,
);
