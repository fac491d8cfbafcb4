import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../context/request-context.js';
import type { Price } from '../target/target-schema.js';
import { attemptCharge } from './attempt-charge.js';
import { type AmountUnit, amountUnits, type BudgetAmount } from './budget-amount.js';
import { type BudgetInput, BudgetSchema } from './budget-schema.js';
import type { BudgetCounter } from './budget-store.js';
import { type AppliedBudget, compileBudgets } from './compile-budgets.js';
import { createMemoryBudgetStore } from './create-memory-budget-store.js';
import { inputTokenBound } from './input-token-bound.js';
import { budgetCounters, planReservation } from './plan-reservation.js';

interface SimTarget {
  readonly id: string;
  readonly provider: string;
  readonly price: Price | undefined;
  readonly maxOutputTokens?: number;
  readonly contextWindow: number;
}

const targets: readonly SimTarget[] = [
  {
    id: 'gpt',
    provider: 'openai',
    price: { input: 2.5, output: 10 },
    maxOutputTokens: 2_000,
    contextWindow: 8_000,
  },
  {
    id: 'claude',
    provider: 'anthropic',
    price: { input: 3, output: 15, cachedInput: 0.3 },
    contextWindow: 6_000,
  },
  { id: 'llama', provider: 'ollama', price: undefined, contextWindow: 4_000 },
];
const start = Date.parse('2026-06-25T09:58:00Z');
const ttlMs = 60_000;

const sometimes = <Value>(arbitrary: fc.Arbitrary<Value>) =>
  fc.option(arbitrary, { nil: undefined, freq: 2 }) as fc.Arbitrary<Value | undefined>;

const arbitraryBudget = fc.record({
  tenant: sometimes(fc.constant('t-a*').map((glob) => [glob])),
  provider: sometimes(fc.subarray(['openai', 'anthropic', 'ollama'], { minLength: 1 })),
  perTenant: fc.boolean(),
  usdMicro: fc.integer({ min: 1_000, max: 60_000 }),
  tokens: sometimes(fc.integer({ min: 500, max: 30_000 })),
  requests: sometimes(fc.integer({ min: 1, max: 12 })),
  window: fc.oneof(
    fc.record({ rolling: fc.integer({ min: 60_000, max: 600_000 }) }),
    fc.constant({ calendar: 'hour' as const, timeZone: 'Asia/Kolkata' }),
  ),
  onExhausted: fc.constantFrom('reroute' as const, 'reroute' as const, 'deny' as const, 'warn' as const),
  minOutputTokens: fc.integer({ min: 1, max: 300 }),
});

const arbitraryRequest = fc.record({
  tenant: fc.constantFrom('t-a1', 't-a2', 't-b', undefined),
  promptBytes: fc.integer({ min: 1, max: 6_000 }),
  maxOutputTokens: sometimes(fc.integer({ min: 1, max: 3_000 })),
  order: fc.shuffledSubarray([0, 1, 2], { minLength: 1 }),
  gapMs: fc.integer({ min: 0, max: 8_000 }),
  attempts: fc.array(
    fc.record({
      outcome: fc.constantFrom(
        'success',
        'success',
        'billed-failure',
        'free-failure',
        'abort',
        'killed',
        'slow',
      ),
      input: fc.double({ min: 0, max: 1, noNaN: true }),
      output: fc.double({ min: 0, max: 1, noNaN: true }),
      durationMs: fc.integer({ min: 0, max: 50_000 }),
    }),
    { minLength: 3, maxLength: 3 },
  ),
});

type Event = { at: number; seq: number; run: () => void };

describe('budget overshoot', () => {
  it('never lets a scope overshoot (by more than the largest single in-flight reservation: here, at all), and settles to the micro-dollar', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryBudget, { minLength: 1, maxLength: 3 }),
        fc.array(arbitraryRequest, { minLength: 1, maxLength: 40 }),
        (rawBudgets, requests) => {
          const inputs: BudgetInput[] = rawBudgets.map((raw, index) => ({
            id: `b${index}`,
            scope: {
              ...(raw.tenant ? { tenant: raw.tenant } : {}),
              ...(raw.provider ? { provider: raw.provider } : {}),
            },
            per: raw.perTenant ? ['tenant'] : [],
            limit: {
              usd: raw.usdMicro / 1_000_000,
              ...(raw.tokens ? { tokens: raw.tokens } : {}),
              ...(raw.requests ? { requests: raw.requests } : {}),
            },
            window: raw.window,
            onExhausted: raw.onExhausted,
            thresholds: [50, 100],
            minOutputTokens: raw.minOutputTokens,
          }));
          const budgets = compileBudgets({ budgets: inputs.map((input) => BudgetSchema.parse(input)) });
          const store = createMemoryBudgetStore();
          const events: Event[] = [];
          let seq = 0;
          const schedule = (at: number, run: () => void) => events.push({ at, seq: seq++, run });
          /** Every counter key seen, with how to rebuild its counter at any instant. */
          const keys = new Map<string, AppliedBudget>();
          /** The oracle: every charge and every reservation, by key. */
          const charges: { key: string; bucket: number; amount: BudgetAmount }[] = [];
          const reservations = new Map<
            string,
            { counters: readonly BudgetCounter[]; amount: BudgetAmount; expiresAt: number; settled: boolean }
          >();
          let now = start;

          const counterNow = (applied: AppliedBudget) => budgetCounters([applied], now)[0]!;
          const check = () => {
            for (const [key, applied] of keys) {
              const counter = counterNow(applied);
              const [usage] = store.usage([counter], now);
              const spent = { microUsd: 0, tokens: 0, requests: 0 } as Record<AmountUnit, number>;
              for (const charge of charges)
                if (charge.key === key && charge.bucket >= counter.firstBucket)
                  for (const unit of amountUnits) spent[unit] += charge.amount[unit];
              const reserved = { microUsd: 0, tokens: 0, requests: 0 } as Record<AmountUnit, number>;
              let largest = 0;
              for (const reservation of reservations.values()) {
                if (reservation.settled || reservation.expiresAt <= now) continue;
                const held = reservation.counters.find((entry) => entry.key === key);
                if (!held || held.bucket < counter.firstBucket) continue;
                for (const unit of amountUnits) reserved[unit] += reservation.amount[unit];
                largest = Math.max(largest, reservation.amount.microUsd);
              }
              // No drift: the store's counters are exactly the oracle's sums.
              expect(usage?.spent).toEqual(spent);
              expect(usage?.reserved).toEqual(reserved);
              if (!counter.enforce) continue;
              for (const unit of amountUnits) {
                const limit = counter.limits[unit];
                if (limit === undefined) continue;
                expect(spent[unit]).toBeLessThanOrEqual(limit + (unit === 'microUsd' ? largest : 0));
                expect(spent[unit] + reserved[unit]).toBeLessThanOrEqual(limit);
              }
            }
          };

          let arrival = start;
          requests.forEach((request, requestIndex) => {
            arrival += request.gapMs;
            const context: RequestContext = request.tenant === undefined ? {} : { tenant: request.tenant };
            const inputBound = inputTokenBound({
              prompt: [{ role: 'user', content: [{ type: 'text', text: 'x'.repeat(request.promptBytes) }] }],
            });
            const tryCandidate = (position: number) => {
              const index = request.order[position];
              if (index === undefined) return;
              const target = targets[index]!;
              const applied = budgets.applicable('chat', target, context);
              for (const entry of applied) keys.set(entry.key, entry);
              const attemptId = `${requestIndex}:${position}`;
              const planned = planReservation({
                attemptId,
                applied,
                inputTokens: inputBound,
                maxOutputTokens: request.maxOutputTokens,
                target,
                price: target.price,
                now,
                expiresAt: now + ttlMs,
              });
              const result = store.reserve(planned.request);
              if (!result.ok) {
                const denied = result.shortfalls.some(
                  (shortfall) => budgets.byId(shortfall.budgetId)?.budget.onExhausted === 'deny',
                );
                if (!denied) tryCandidate(position + 1);
                return;
              }
              const counters = planned.request.counters;
              reservations.set(attemptId, {
                counters,
                amount: result.amount,
                expiresAt: now + ttlMs,
                settled: false,
              });
              const attempt = request.attempts[position]!;
              const inputTokens = Math.floor(attempt.input * Math.min(inputBound, target.contextWindow));
              const outputTokens = Math.floor(attempt.output * result.outputTokens);
              if (attempt.outcome === 'killed') return; // never reconciled: the reservation lapses
              const usage =
                attempt.outcome === 'free-failure'
                  ? undefined
                  : {
                      inputTokens,
                      outputTokens: attempt.outcome === 'billed-failure' ? 0 : outputTokens,
                      cachedInputTokens: Math.floor(inputTokens * attempt.output),
                      reasoningTokens: 0,
                    };
              const duration = attempt.outcome === 'slow' ? ttlMs + attempt.durationMs : attempt.durationMs;
              for (let extendAt = now + ttlMs / 2; extendAt < now + duration; extendAt += ttlMs / 2) {
                schedule(extendAt, () => {
                  const reservation = reservations.get(attemptId)!;
                  if (store.extend(attemptId, now + ttlMs, now)) reservation.expiresAt = now + ttlMs;
                });
              }
              schedule(now + duration, () => {
                const charged = attemptCharge({ usage, price: target.price, sent: true });
                for (const unit of amountUnits)
                  expect(charged[unit]).toBeLessThanOrEqual(result.amount[unit]);
                const reservation = reservations.get(attemptId)!;
                const outcome = store.reconcile({ attemptId, counters, charged, now });
                expect(outcome.applied).toBe(true);
                reservation.settled = true;
                for (const counter of counters)
                  charges.push({ key: counter.key, bucket: counter.bucket, amount: charged });
                if (attempt.outcome !== 'success') tryCandidate(position + 1);
              });
            };
            schedule(arrival, () => tryCandidate(0));
          });

          while (events.length > 0) {
            events.sort((a, b) => a.at - b.at || a.seq - b.seq);
            const event = events.shift()!;
            now = event.at;
            event.run();
            check();
          }
          now += 86_400_000;
          const settlement = store.settlement(now);
          expect(settlement.outstanding).toBe(0);
          for (const key of keys.keys()) {
            const total = { microUsd: 0, tokens: 0, requests: 0 };
            for (const charge of charges)
              if (charge.key === key) for (const unit of amountUnits) total[unit] += charge.amount[unit];
            expect(settlement.spent.get(key) ?? total).toEqual(total);
            expect(settlement.reserved.get(key) ?? total).toEqual(
              settlement.reserved.has(key) ? { microUsd: 0, tokens: 0, requests: 0 } : total,
            );
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
