import { describe, expect, it } from 'vitest';
import { decideReservation, reservationAmount } from './decide-reservation.js';
import { amount, counter, reserveRequest } from './test-fixtures/budget-fixtures.js';

const state = (committed: number, tokens = 0, requests = 0) => ({
  committed: amount(committed, tokens, requests),
  retryAt: 86_400_000,
});

describe('decideReservation', () => {
  it('reserves the whole upper bound when every counter can pay it', () => {
    const request = reserveRequest({ counters: [counter({ key: 'a' }), counter({ key: 'b' })] });
    expect(decideReservation(request, [state(0), state(500)])).toEqual({
      ok: true,
      outputTokens: 100,
      amount: { microUsd: 200, tokens: 200, requests: 1 },
      warnings: [],
    });
  });

  it('refuses, naming the counter, when one counter cannot pay a call that set its own cap', () => {
    const request = reserveRequest({ counters: [counter({ key: 'a' }), counter({ key: 'b' })] });
    expect(decideReservation(request, [state(0), state(801)])).toEqual({
      ok: false,
      shortfalls: [
        {
          budgetId: 'b',
          key: 'b',
          unit: 'microUsd',
          limit: 1_000,
          committed: 801,
          needed: 200,
          retryAt: 86_400_000,
        },
      ],
    });
  });

  it('clamps the output of a call without its own cap to what the tightest counter affords', () => {
    const request = reserveRequest({
      counters: [counter({ key: 'a' }), counter({ key: 'b', limits: { microUsd: 10_000 } })],
      outputTokens: 4096,
      minOutputTokens: 50,
      perOutputToken: 2,
    });
    // a: 1,000 - 300 committed - 100 input = 600 left: 300 output tokens at 2 micro-dollars
    const decision = decideReservation(request, [state(300), state(0)]);
    expect(decision).toMatchObject({ ok: true, outputTokens: 300, amount: { microUsd: 700, tokens: 400 } });
  });

  it('refuses when the clamp falls below the minimum worth starting', () => {
    const request = reserveRequest({
      counters: [counter({ key: 'a' })],
      outputTokens: 4096,
      minOutputTokens: 256,
    });
    const decision = decideReservation(request, [state(700)]);
    expect(decision.ok).toBe(false);
    expect(decision.ok ? [] : decision.shortfalls.map((shortfall) => shortfall.needed)).toEqual([356]);
  });

  it('rounds fractional micro-dollars up and still fits exactly', () => {
    const request = reserveRequest({
      counters: [counter({ key: 'a', limits: { microUsd: 10 } })],
      base: { microUsd: 0.5, tokens: 1, requests: 1 },
      perOutputToken: 0.3,
      outputTokens: 1000,
      minOutputTokens: 1,
    });
    const decision = decideReservation(request, [state(0)]);
    // 0.5 + 31 x 0.3 = 9.8 -> 10 fits; 32 tokens would be 10.1 -> 11
    expect(decision).toMatchObject({ ok: true, outputTokens: 31, amount: { microUsd: 10 } });
  });

  it('lets an attempt that reserves nothing in a unit through an exhausted or overdrawn limit', () => {
    const free = reserveRequest({
      counters: [counter({ key: 'usd' })],
      base: { microUsd: 0, tokens: 50, requests: 1 },
      perOutputToken: 0,
    });
    expect(decideReservation(free, [state(1_200)]).ok).toBe(true);
  });

  it('counts tokens and requests limits, which a free target does not escape', () => {
    const request = reserveRequest({
      counters: [counter({ key: 'n', limits: { requests: 3, tokens: 10_000 } })],
      perOutputToken: 0,
      base: { microUsd: 0, tokens: 100, requests: 1 },
    });
    expect(decideReservation(request, [state(0, 0, 2)]).ok).toBe(true);
    const refused = decideReservation(request, [state(0, 0, 3)]);
    expect(refused.ok ? undefined : refused.shortfalls[0]?.unit).toBe('requests');
    const tokens = decideReservation(request, [state(0, 9_850, 0)]);
    expect(tokens.ok ? undefined : tokens.shortfalls[0]?.unit).toBe('tokens');
  });

  it('never clamps nor refuses for a warn budget, and reports it as a warning', () => {
    const request = reserveRequest({
      counters: [counter({ key: 'w', enforce: false })],
      outputTokens: 4096,
      minOutputTokens: 256,
    });
    const decision = decideReservation(request, [state(990)]);
    expect(decision).toMatchObject({ ok: true, outputTokens: 4096 });
    expect(decision.ok ? decision.warnings.map((warning) => warning.key) : []).toEqual(['w']);
  });
});

describe('reservationAmount', () => {
  it('adds the output to the base and rounds micro-dollars up', () => {
    expect(
      reservationAmount({ base: { microUsd: 0.2, tokens: 10, requests: 1 }, perOutputToken: 0.15 }, 3),
    ).toEqual({ microUsd: 1, tokens: 13, requests: 1 });
  });
});
