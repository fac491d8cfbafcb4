import type { LanguageModelV4CallOptions } from '@ai-sdk/provider';
import {
  BudgetExceededError,
  type BudgetInput,
  type BudgetStore,
  BudgetUnavailableError,
  createMemoryBudgetStore,
  errorCodes,
} from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { createRouter } from '../create-router.js';
import type { RouterEvents } from '../router-events.js';
import { memorySink } from '../sinks/memory-sink.js';
import { continueInstruction } from '../stream/continuation-prompt.js';
import { providerFailure, type ScriptedStep, scriptedModel } from '../test/scripted-model.js';
import { testConfig } from '../test-fixtures/router-fixtures.js';

const prompt = (text = 'Hello there') => ({
  prompt: [{ role: 'user' as const, content: [{ type: 'text' as const, text }] }],
});
const budget = (input: Partial<BudgetInput> & { id: string }): BudgetInput => ({
  limit: { usd: 1 },
  window: { calendar: 'day' },
  ...input,
});

function setup(options: {
  budgets: BudgetInput[];
  steps?: { alpha?: ScriptedStep[]; beta?: ScriptedStep[]; gamma?: ScriptedStep[]; local?: ScriptedStep[] };
  store?: BudgetStore;
}) {
  const sink = memorySink();
  const memory = createMemoryBudgetStore();
  const store = options.store ?? memory;
  const models = {
    alpha: scriptedModel({ steps: options.steps?.alpha ?? [] }),
    beta: scriptedModel({ steps: options.steps?.beta ?? [] }),
    gamma: scriptedModel({ steps: options.steps?.gamma ?? [] }),
    local: scriptedModel({ steps: options.steps?.local ?? [] }),
  };
  const events: { [Name in keyof RouterEvents]?: RouterEvents[Name][] } = {};
  const router = createRouter({
    config: testConfig({ budgets: options.budgets }),
    models,
    sinks: [sink],
    budgetStore: store,
    health: { maxRetries: 0 },
  });
  for (const name of [
    'budget-exhausted',
    'budget-threshold-crossed',
    'budget-exceeded',
    'budget-store-down',
  ] as const) {
    router.on(name, (payload) => {
      const seen = (events[name] ?? []) as unknown[];
      seen.push(payload);
      events[name] = seen as never;
    });
  }
  return { router, sink, store: memory, models, events, chat: router.languageModel('chat') };
}

describe('router budgets', () => {
  it('reserves before the attempt and reconciles after, recording reserved, charged and the budgets counted', async () => {
    const { router, sink, store, models, chat } = setup({
      budgets: [budget({ id: 'daily', per: ['tenant'] })],
      steps: { alpha: [{ text: 'one two three', usage: { input: 40, output: 3 } }] },
    });
    await chat.doGenerate({
      ...prompt(),
      maxOutputTokens: 100,
      providerOptions: { switchyard: { tenant: 'acme' } },
    });
    await router.close();
    const attempt = sink.records[0]?.attempts[0];
    // alpha: $2 in, $10 out per million = 2 and 10 micro-dollars a token; the bound: 11 bytes + 16 overhead.
    expect(attempt?.budget).toEqual({
      counted: [{ budgetId: 'daily', key: 'daily|tenant=acme' }],
      reserved: { microUsd: 27 * 2 + 100 * 10, tokens: 127, requests: 1 },
      charged: { microUsd: 40 * 2 + 3 * 10, tokens: 43, requests: 1 },
    });
    expect(attempt?.costUsd).toBe(0.00011);
    expect(models.alpha.calls[0]?.maxOutputTokens).toBe(100);
    const settlement = store.settlement(Date.now());
    expect(settlement.outstanding).toBe(0);
    expect(settlement.spent.get('daily|tenant=acme')).toEqual({ microUsd: 110, tokens: 43, requests: 1 });
  });

  it('caps the output of a call that sets none at what the tightest budget can still afford, and passes the cap on', async () => {
    const { router, models, sink, chat } = setup({
      budgets: [
        budget({ id: 'roomy', limit: { usd: 100 }, minOutputTokens: 10 }),
        budget({ id: 'tight', limit: { usd: 0.001 }, minOutputTokens: 10 }),
      ],
      steps: { alpha: [{ text: 'short answer' }] },
    });
    await chat.doGenerate(prompt());
    await router.close();
    // tight: 1,000 micro-dollars, minus the input bound (27 tokens x 2) = 946 left: 94 output tokens at 10.
    expect(models.alpha.calls[0]?.maxOutputTokens).toBe(94);
    expect(sink.records[0]?.attempts[0]?.budget?.outputCap).toBe(94);
    expect(sink.records[0]?.attempts[0]?.budget?.reserved.microUsd).toBe(27 * 2 + 94 * 10);
  });

  it('never reserves the model’s full output when the call sets no cap: the default cap applies', async () => {
    const { router, models, chat } = setup({
      budgets: [budget({ id: 'big', limit: { usd: 1000 }, defaultMaxOutputTokens: 512 })],
      steps: { alpha: [{ text: 'ok' }] },
    });
    await chat.doGenerate(prompt());
    await router.close();
    expect(models.alpha.calls[0]?.maxOutputTokens).toBe(512);
  });

  it('reroutes past a target whose budget cannot pay, skipped with the budget id, down to local open weights', async () => {
    const { router, sink, events, models, chat } = setup({
      budgets: [budget({ id: 'hosted', limit: { usd: 0.0001 } })],
      steps: { local: [{ text: 'served locally' }] },
    });
    const result = await chat.doGenerate({ ...prompt(), maxOutputTokens: 500 });
    await router.close();
    expect(result.providerMetadata?.switchyard?.servedBy).toBe('local');
    const record = sink.records[0];
    expect(record?.skipped.map((entry) => [entry.targetId, entry.reason, entry.budgetIds])).toEqual([
      ['alpha', 'budget', ['hosted']],
      ['beta', 'budget', ['hosted']],
      ['gamma', 'budget', ['hosted']],
    ]);
    expect(record?.skipped[0]?.detail).toMatch(
      /^budget cannot pay: hosted: \$0\.00 of \$0\.0001 committed, the attempt needs \$0\.005054$/,
    );
    expect(models.alpha.calls).toHaveLength(0);
    expect(events['budget-exhausted']?.map((event) => [event.targetId, event.action])).toEqual([
      ['alpha', 'reroute'],
      ['beta', 'reroute'],
      ['gamma', 'reroute'],
    ]);
  });

  it('fails a request with a typed BudgetExceededError when a deny budget cannot pay, sending nothing', async () => {
    const { router, sink, models, chat } = setup({
      budgets: [budget({ id: 'strict', limit: { requests: 1 }, onExhausted: 'deny' })],
      steps: { alpha: [{ text: 'first' }] },
    });
    await chat.doGenerate(prompt());
    const error = await Promise.resolve(chat.doGenerate(prompt())).catch((caught: unknown) => caught);
    await router.close();
    expect(BudgetExceededError.isInstance(error)).toBe(true);
    const exceeded = error as BudgetExceededError;
    expect(exceeded.code).toBe(errorCodes.BUDGET_EXCEEDED);
    expect(exceeded.budgetIds).toEqual(['strict']);
    expect(exceeded.record?.error?.code).toBe(errorCodes.BUDGET_EXCEEDED);
    expect(exceeded.record?.attempts).toEqual([]);
    expect(models.alpha.calls).toHaveLength(1);
    expect(sink.records).toHaveLength(2);
  });

  it('names as deny only the deny budgets when a reroute budget cannot pay either', async () => {
    const { router, sink, chat } = setup({
      budgets: [
        budget({ id: 'shared', limit: { requests: 1 } }),
        budget({ id: 'strict', limit: { requests: 1 }, onExhausted: 'deny' }),
      ],
      steps: { alpha: [{ text: 'first' }] },
    });
    await chat.doGenerate(prompt());
    const error = await Promise.resolve(chat.doGenerate(prompt())).catch((caught: unknown) => caught);
    await router.close();
    expect(BudgetExceededError.isInstance(error)).toBe(true);
    expect((error as BudgetExceededError).budgetIds).toEqual(['shared', 'strict']);
    expect(sink.records[1]?.error).toEqual({
      code: errorCodes.BUDGET_EXCEEDED,
      message:
        'budget strict cannot pay (onExhausted: deny); shared cannot pay either (onExhausted: reroute)',
    });
  });

  it('lets a deny budget stop the request when a reroute budget cannot pay either, trying no free local target', async () => {
    const { router, sink, models, chat } = setup({
      budgets: [
        budget({ id: 'hosted', limit: { usd: 0.0001 } }),
        budget({ id: 'strict', limit: { usd: 0.0001 }, onExhausted: 'deny' }),
      ],
      steps: { local: [{ text: 'served locally' }] },
    });
    const error = await Promise.resolve(chat.doGenerate({ ...prompt(), maxOutputTokens: 500 })).catch(
      (caught: unknown) => caught,
    );
    await router.close();
    expect(BudgetExceededError.isInstance(error)).toBe(true);
    expect((error as BudgetExceededError).budgetIds).toEqual(['hosted', 'strict']);
    expect(sink.records[0]?.error?.message).toBe(
      'budget strict cannot pay (onExhausted: deny); hosted cannot pay either (onExhausted: reroute)',
    );
    expect(sink.records[0]?.attempts).toEqual([]);
    expect(models.alpha.calls).toHaveLength(0);
    expect(models.local.calls).toHaveLength(0);
  });

  it("fails with the budget's BudgetExceededError, not ALL_TARGETS_FAILED, when reroute budgets set aside every candidate", async () => {
    const { router, sink, events, models, chat } = setup({
      budgets: [budget({ id: 'one-call', limit: { requests: 1 }, window: { rolling: '1h' } })],
      steps: { alpha: [{ text: 'first' }] },
    });
    await chat.doGenerate(prompt());
    for (const call of [() => chat.doGenerate(prompt()), () => chat.doStream(prompt())]) {
      const error = await Promise.resolve(call()).catch((caught: unknown) => caught);
      expect(BudgetExceededError.isInstance(error)).toBe(true);
      const exceeded = error as BudgetExceededError;
      expect(exceeded.code).toBe(errorCodes.BUDGET_EXCEEDED);
      expect(exceeded.budgetIds).toEqual(['one-call']);
      expect(
        exceeded.shortfalls.map((shortfall) => [shortfall.unit, shortfall.limit, shortfall.committed]),
      ).toEqual([
        ['requests', 1, 1],
        ['requests', 1, 1],
        ['requests', 1, 1],
        ['requests', 1, 1],
      ]);
      expect(exceeded.retryAt).toBeGreaterThan(0);
      expect(exceeded.message).toMatch(/^budget exhausted \(one-call: /);
      expect(exceeded.record?.attempts).toEqual([]);
      expect(exceeded.record?.error).toEqual({
        code: errorCodes.BUDGET_EXCEEDED,
        message:
          'budget one-call cannot pay for any candidate of route "chat" (onExhausted: reroute set every one aside)',
      });
      // What the record says of the candidates is as it was: each set aside on budget.
      expect(
        exceeded.record?.skipped.map((entry) => [entry.targetId, entry.reason, entry.budgetIds]),
      ).toEqual([
        ['alpha', 'budget', ['one-call']],
        ['beta', 'budget', ['one-call']],
        ['gamma', 'budget', ['one-call']],
        ['local', 'budget', ['one-call']],
      ]);
    }
    await router.close();
    expect(models.alpha.calls).toHaveLength(1);
    expect(sink.records.map((record) => record.error?.code)).toEqual([
      undefined,
      errorCodes.BUDGET_EXCEEDED,
      errorCodes.BUDGET_EXCEEDED,
    ]);
    expect(events['budget-exhausted']?.every((event) => event.action === 'reroute')).toBe(true);
  });

  it('still fails with ALL_TARGETS_FAILED when a target failed before budgets set aside the rest', async () => {
    const { router, sink, chat } = setup({
      budgets: [budget({ id: 'one-call', limit: { requests: 1 }, window: { rolling: '1h' } })],
      steps: {
        alpha: [{ error: providerFailure({ kind: 'transient', status: 503, message: 'overloaded' }) }],
      },
    });
    const error = await Promise.resolve(chat.doGenerate(prompt())).catch((caught: unknown) => caught);
    await router.close();
    expect(error).toMatchObject({ code: errorCodes.ALL_TARGETS_FAILED });
    expect(sink.records[0]?.attempts.map((attempt) => attempt.targetId)).toEqual(['alpha']);
    expect(sink.records[0]?.skipped.map((entry) => entry.reason)).toEqual(['budget', 'budget', 'budget']);
  });

  it('lets a warn budget pass, with an event and the budget named in the record', async () => {
    const { router, sink, events, chat } = setup({
      budgets: [budget({ id: 'soft', limit: { usd: 0.000001 }, onExhausted: 'warn' })],
      steps: { alpha: [{ text: 'over the soft cap' }] },
    });
    await chat.doGenerate({ ...prompt(), maxOutputTokens: 50 });
    await router.close();
    expect(sink.records[0]?.servedBy).toBe('alpha');
    expect(sink.records[0]?.attempts[0]?.budget?.exceeded).toEqual(['soft']);
    expect(events['budget-exceeded']?.[0]?.shortfalls[0]?.budgetId).toBe('soft');
  });

  it('emits each threshold once', async () => {
    const { router, events, chat } = setup({
      budgets: [
        budget({ id: 'day', scope: { target: ['alpha'] }, limit: { requests: 4 }, thresholds: [50, 100] }),
      ],
      steps: {
        alpha: [{ text: 'a' }, { text: 'b' }, { text: 'c' }, { text: 'd' }],
        beta: [{ text: 'e' }, { text: 'f' }],
      },
    });
    for (let index = 0; index < 6; index++) await chat.doGenerate(prompt());
    await router.close();
    // 50 % at the second reservation, 100 % at the fourth; the refusals of the fifth and sixth add nothing.
    expect(events['budget-threshold-crossed']?.map((event) => event.threshold)).toEqual([50, 100]);
    expect(events['budget-exhausted']).toHaveLength(2);
  });

  it('charges a stream the caller cancels after content for at least what it delivered', async () => {
    const { router, sink, store, chat } = setup({
      budgets: [budget({ id: 'day' })],
      steps: { alpha: [{ text: 'Grüße aus Köln und 你好 und noch viel mehr Text' }] },
    });
    const { stream } = await chat.doStream({ ...prompt(), maxOutputTokens: 200 });
    const reader = stream.getReader();
    let delivered = '';
    for (let index = 0; index < 6; index++) {
      const next = await reader.read();
      if (next.value?.type === 'text-delta') delivered += next.value.delta;
    }
    await reader.cancel('enough');
    await router.close();
    const attempt = sink.records[0]?.attempts[0];
    expect(attempt?.outcome).toBe('aborted');
    expect(attempt?.usageEstimated).toBe(true);
    expect(attempt?.usage?.outputTokens).toBeGreaterThanOrEqual(Buffer.byteLength(delivered));
    expect(attempt?.budget?.charged.microUsd).toBeGreaterThan(0);
    expect(attempt?.budget?.charged.microUsd).toBeLessThanOrEqual(attempt?.budget?.reserved.microUsd ?? 0);
    expect(store.settlement(Date.now()).spent.get('day')?.microUsd).toBe(attempt?.budget?.charged.microUsd);
  });

  it('charges a failed attempt what the provider billed (nothing, one request) and leaks no reservation on any error path', async () => {
    const transient = providerFailure({ kind: 'transient', status: 503, message: 'unavailable' });
    const { router, sink, store, chat } = setup({
      budgets: [budget({ id: 'day', limit: { usd: 1, requests: 100 } })],
      steps: {
        alpha: [{ error: transient }, { error: new Error('socket hang up') }, { hang: true }],
        beta: [{ text: 'beta one' }, { text: 'cut short', streamErrorAfterWords: 1, error: transient }],
        local: [{ text: 'local' }],
      },
    });
    await chat.doGenerate(prompt());
    const { stream } = await chat.doStream(prompt());
    for await (const part of stream) if (part.type === 'error') break;
    const controller = new AbortController();
    const hung = Promise.resolve(chat.doGenerate({ ...prompt(), abortSignal: controller.signal })).catch(
      (error: unknown) => error,
    );
    controller.abort();
    await hung;
    await router.close();
    const settlement = store.settlement(Date.now());
    expect(settlement.outstanding).toBe(0);
    const attempts = sink.records.flatMap((record) => record.attempts);
    const charged = attempts.reduce((sum, attempt) => sum + (attempt.budget?.charged.microUsd ?? 0), 0);
    const requests = attempts.reduce((sum, attempt) => sum + (attempt.budget?.charged.requests ?? 0), 0);
    expect(settlement.spent.get('day')).toMatchObject({ microUsd: charged, requests });
    expect(attempts[0]?.budget?.charged).toEqual({ microUsd: 0, tokens: 0, requests: 1 });
    const total = attempts.reduce((sum, attempt) => sum + attempt.costUsd, 0);
    expect(Math.round(total * 1e6)).toBe(charged);
  });

  it('reserves and settles each attempt of a continued stream: the cut one charged its bound, the continuation its usage', async () => {
    const cut = providerFailure({ kind: 'transient', code: 'terminated', message: 'terminated' });
    const { router, sink, store, chat } = setup({
      budgets: [budget({ id: 'day' })],
      steps: {
        alpha: [{ text: 'one two three four five', streamErrorAfterWords: 2, error: cut }],
        beta: [{ text: 'three four five' }],
      },
    });
    const { stream } = await chat.doStream({ ...prompt(), maxOutputTokens: 200 });
    let text = '';
    for await (const part of stream) if (part.type === 'text-delta') text += part.delta;
    await router.close();
    const [first, continued] = sink.records[0]?.attempts ?? [];
    expect(sink.records[0]?.outcome).toBe('served');
    expect(text.startsWith('one two')).toBe(true);
    expect(first).toMatchObject({ targetId: 'alpha', outcome: 'failure', usageEstimated: true });
    expect(first?.usage?.outputTokens).toBe(Buffer.byteLength('one two'));
    expect(first?.budget?.charged.microUsd).toBeGreaterThan(0);
    expect(continued).toMatchObject({ targetId: 'beta', outcome: 'success', continuation: { fromChars: 7 } });
    expect(continued?.budget?.charged.microUsd).toBeGreaterThan(0);
    // The continuation's prompt carries the 7 characters delivered (at most 3 bytes each) and the instruction.
    expect((continued?.budget?.reserved.tokens ?? 0) - (first?.budget?.reserved.tokens ?? 0)).toBe(
      7 * 3 + Buffer.byteLength(continueInstruction, 'utf8'),
    );
    const settlement = store.settlement(Date.now());
    expect(settlement.outstanding).toBe(0);
    expect(settlement.spent.get('day')?.microUsd).toBe(
      (first?.budget?.charged.microUsd ?? 0) + (continued?.budget?.charged.microUsd ?? 0),
    );
  });

  describe('store down', () => {
    const down = {
      reserve: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')),
      reconcile: () => Promise.reject(new Error('unreachable')),
      extend: () => Promise.resolve(false),
      usage: () => Promise.resolve([]),
    };

    it('serves from self-hosted targets only, uncounted, under onStoreDown: local-only', async () => {
      const { router, sink, events, chat } = setup({
        budgets: [budget({ id: 'fleet' })],
        steps: { local: [{ text: 'local answer' }] },
        store: down,
      });
      await chat.doGenerate(prompt());
      await router.close();
      const record = sink.records[0];
      expect(record?.servedBy).toBe('local');
      expect(record?.skipped.map((entry) => entry.reason)).toEqual(['budget', 'budget', 'budget']);
      expect(record?.attempts[0]?.budget?.storeDown).toBe('uncounted');
      expect(events['budget-store-down']?.map((event) => event.targetId)).toEqual([
        'alpha',
        'beta',
        'gamma',
        'local',
      ]);
    });

    it('fails with BudgetUnavailableError under onStoreDown: deny', async () => {
      const { router, chat } = setup({
        budgets: [budget({ id: 'fleet', onStoreDown: 'deny' })],
        store: down,
      });
      const error = await Promise.resolve(chat.doGenerate(prompt())).catch((caught: unknown) => caught);
      await router.close();
      expect(BudgetUnavailableError.isInstance(error)).toBe(true);
      expect((error as BudgetUnavailableError).budgetIds).toEqual(['fleet']);
    });
  });

  it('passes the caller’s own output cap unchanged', async () => {
    const { router, models, chat } = setup({
      budgets: [budget({ id: 'day' })],
      steps: { alpha: [{ text: 'ok' }] },
    });
    await chat.doGenerate({ ...prompt(), maxOutputTokens: 77 } satisfies LanguageModelV4CallOptions);
    await router.close();
    expect(models.alpha.calls[0]?.maxOutputTokens).toBe(77);
  });
});
