/**
 * Budget benchmark: the cost of the budget check on the request path with
 * the memory store, for 1 and 5 applicable budgets.
 *
 *   pnpm --filter @switchyard/core bench
 *
 * Rows:
 * - `reserve`: `store.reserve` alone (the check: all counters, all or nothing),
 *   each call timed by itself, the timer's own cost subtracted;
 * - `reserve + reconcile`: both store calls of one attempt;
 * - `attempt`: what the router does per attempt: `applicable` (scope match and
 *   counter keys), `planReservation` (windows, upper bound), reserve and reconcile.
 *
 * Other rows: medians and 99th percentiles of batches of 200 calls.
 * The baseline, measured in the same run, is one `Map` get and set per
 * counter: the least any counter store does.
 */
import {
  attemptCharge,
  type BudgetInput,
  BudgetSchema,
  compileBudgets,
  createMemoryBudgetStore,
  planReservation,
} from '../src/index.js';

interface Timing {
  p50: number;
  p99: number;
}

/** Times 400 batches of 200 calls of `operation` after a warm-up. */
function measure(operation: (iteration: number) => void): Timing {
  const batches = 400;
  const batch = 200;
  for (let index = 0; index < batch * 20; index++) operation(index); // warm-up
  const samples: number[] = [];
  let iteration = batch * 20;
  for (let round = 0; round < batches; round++) {
    const start = process.hrtime.bigint();
    for (let index = 0; index < batch; index++) operation(iteration++);
    samples.push(Number(process.hrtime.bigint() - start) / batch);
  }
  return percentiles(samples);
}

function percentiles(samples: number[]): Timing {
  samples.sort((a, b) => a - b);
  return {
    p50: samples[Math.floor(samples.length * 0.5)] as number,
    p99: samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.99))] as number,
  };
}

const format = (ns: number) => (ns >= 1000 ? `${(ns / 1000).toFixed(2)} us` : `${ns.toFixed(0)} ns`);

const budgetInputs: BudgetInput[] = [
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
const price = { input: 2.5, output: 15 };
const context = { tenant: 'acme', jurisdiction: 'DE' };
const usage = { inputTokens: 800, outputTokens: 300, cachedInputTokens: 0, reasoningTokens: 0 };
const start = Date.parse('2026-06-25T10:00:00Z');
const ids = Array.from({ length: 4096 }, (_, index) => `attempt-${index}:`);

function scenario(count: 1 | 5) {
  const budgets = compileBudgets({
    budgets: budgetInputs.slice(0, count).map((input) => BudgetSchema.parse(input)),
  });
  const store = createMemoryBudgetStore();
  const charged = attemptCharge({ usage, price, sent: true });
  const plan = (attemptId: string, iteration: number) => {
    const now = start + iteration;
    const applied = budgets.applicable('chat', target, context);
    return planReservation({
      attemptId,
      applied,
      inputTokens: 3_000,
      maxOutputTokens: undefined,
      target,
      price,
      now,
      expiresAt: now + 600_000,
    }).request;
  };
  // Requests planned ahead, so `reserve` times the store alone; ids unique per row.
  const planned = (prefix: string) =>
    Array.from({ length: 100_000 }, (_, index) => plan(`${prefix}-${index}`, index));

  // The check alone: each reserve timed by itself (the timer's own cost, measured alongside, subtracted),
  // its reconcile outside the timing, so one attempt is in flight as on a quiet request path.
  const forReserve = planned('reserve');
  const single: number[] = [];
  const timer: number[] = [];
  for (let index = 0; index < forReserve.length; index++) {
    const request = forReserve[index]!;
    const before = process.hrtime.bigint();
    const result = store.reserve(request);
    const after = process.hrtime.bigint();
    const again = process.hrtime.bigint();
    if (!result.ok) throw new Error('refused');
    if (index >= 20_000) {
      single.push(Number(after - before));
      timer.push(Number(again - after));
    }
    store.reconcile({ attemptId: request.attemptId, counters: request.counters, charged, now: request.now });
  }
  const clock = percentiles(timer);
  const raw = percentiles(single);
  const reserve = { p50: raw.p50 - clock.p50, p99: raw.p99 - clock.p50 };
  const forBoth = planned('both');
  const both = measure((iteration) => {
    const request = forBoth[iteration]!;
    store.reserve(request);
    store.reconcile({ attemptId: request.attemptId, counters: request.counters, charged, now: request.now });
  });
  const attempt = measure((iteration) => {
    const request = plan(ids[iteration & 4095]! + iteration, iteration);
    if (!store.reserve(request).ok) throw new Error('refused');
    store.reconcile({ attemptId: request.attemptId, counters: request.counters, charged, now: request.now });
  });
  const counters = new Map<string, number>();
  const keys = forBoth[0]!.counters.map((counter) => counter.key);
  const baseline = measure((iteration) => {
    for (const key of keys) counters.set(key, (counters.get(key) ?? 0) + (iteration & 7));
  });
  return { reserve, both, attempt, baseline };
}

const rows = [
  [
    'budgets',
    'reserve p50',
    'reserve p99',
    'reserve+reconcile p50',
    'attempt p50',
    'attempt p99',
    'Map baseline p50',
    'attempt/baseline',
  ],
];
let headline: ReturnType<typeof scenario> | undefined;
for (const count of [1, 5] as const) {
  const result = scenario(count);
  if (count === 1) headline = result;
  rows.push([
    String(count),
    format(result.reserve.p50),
    format(result.reserve.p99),
    format(result.both.p50),
    format(result.attempt.p50),
    format(result.attempt.p99),
    format(result.baseline.p50),
    `${(result.attempt.p50 / result.baseline.p50).toFixed(1)}x`,
  ]);
}
const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
for (const row of rows) console.log(row.map((cell, column) => cell.padStart(widths[column]!)).join('  '));
if (headline) {
  console.log(
    `\ngoal: the budget check with the memory store <= 1 us p50: reserve ${format(headline.reserve.p50)} with one budget (${
      headline.reserve.p50 <= 1000 ? 'met' : 'MISSED'
    }); the whole per-attempt budget work ${format(headline.attempt.p50)}`,
  );
}
