import { type BudgetStore, BudgetUnavailableError, errorCodes } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { createRouter } from '../create-router.js';
import { memorySink } from '../sinks/memory-sink.js';
import { providerFailure, type ScriptedStep, scriptedModel } from '../test/scripted-model.js';
import { testConfig } from '../test-fixtures/router-fixtures.js';

const call = {
  prompt: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hello there' }] }],
};

/** A shared budget store out of reach (Redis down): every reservation rejects. */
const down: BudgetStore = {
  reserve: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')),
  reconcile: () => Promise.reject(new Error('unreachable')),
  extend: () => Promise.resolve(false),
  usage: () => Promise.resolve([]),
};

function setup(targets: string[], steps: Partial<Record<'alpha' | 'beta' | 'local', ScriptedStep[]>> = {}) {
  const sink = memorySink();
  const models = {
    alpha: scriptedModel({ steps: steps.alpha ?? [] }),
    beta: scriptedModel({ steps: steps.beta ?? [] }),
    gamma: scriptedModel({ steps: [] }),
    local: scriptedModel({ steps: steps.local ?? [] }),
  };
  const router = createRouter({
    config: testConfig({
      routes: { chat: { targets } },
      budgets: [{ id: 'fleet', limit: { usd: 1 }, window: { calendar: 'day' } }],
    }),
    models,
    sinks: [sink],
    budgetStore: down,
    health: { maxRetries: 0 },
  });
  return { router, sink, models, chat: router.languageModel('chat') };
}

describe('a budget store that is down (onStoreDown: local-only)', () => {
  it('fails with BudgetUnavailableError, not ALL_TARGETS_FAILED, when no self-hosted candidate could serve', async () => {
    const { router, sink, models, chat } = setup(['alpha', 'beta']);
    const requestIds: unknown[] = [];
    for (const send of [() => chat.doGenerate(call), () => chat.doStream(call)]) {
      const error = await Promise.resolve(send()).catch((caught: unknown) => caught);
      expect(BudgetUnavailableError.isInstance(error)).toBe(true);
      const unavailable = error as BudgetUnavailableError;
      expect(unavailable.code).toBe(errorCodes.BUDGET_UNAVAILABLE);
      expect(unavailable.onStoreDown).toBe('local-only');
      expect(unavailable.budgetIds).toEqual(['fleet']);
      expect(unavailable.route).toBe('chat');
      expect(unavailable.message).toContain('no self-hosted candidate of route "chat" could serve');
      expect(unavailable.message).toContain('add a self-hosted target to the route');
      expect(unavailable.requestId).toBe(unavailable.record?.requestId);
      requestIds.push(unavailable.requestId);
      expect(unavailable.record?.attempts).toEqual([]);
      expect(unavailable.record?.error?.code).toBe(errorCodes.BUDGET_UNAVAILABLE);
      // The candidates set aside are in the record as they were: each on budget, with the budget id.
      expect(
        unavailable.record?.skipped.map((entry) => [entry.targetId, entry.reason, entry.budgetIds]),
      ).toEqual([
        ['alpha', 'budget', ['fleet']],
        ['beta', 'budget', ['fleet']],
      ]);
    }
    await router.close();
    expect(models.alpha.calls).toHaveLength(0);
    expect(models.beta.calls).toHaveLength(0);
    expect(sink.records.map((record) => [record.requestId, record.error?.code])).toEqual(
      requestIds.map((requestId) => [requestId, errorCodes.BUDGET_UNAVAILABLE]),
    );
  });

  it('still fails with ALL_TARGETS_FAILED when the self-hosted candidate was tried and failed', async () => {
    const { router, chat } = setup(['alpha', 'local'], {
      local: [{ error: providerFailure({ kind: 'transient', status: 503, message: 'overloaded' }) }],
    });
    const error = await Promise.resolve(chat.doGenerate(call)).catch((caught: unknown) => caught);
    await router.close();
    expect(error).toMatchObject({ code: errorCodes.ALL_TARGETS_FAILED });
    expect((error as { record: { skipped: { reason: string }[] } }).record.skipped).toMatchObject([
      { targetId: 'alpha', reason: 'budget' },
    ]);
  });

  it('keeps the deny wording for onStoreDown: deny', () => {
    const error = new BudgetUnavailableError({ budgetIds: ['fleet'] });
    expect(error.onStoreDown).toBe('deny');
    expect(error.message).toBe(
      "the budget store cannot be reached and this process's lease is spent for fleet (onStoreDown: deny)",
    );
  });
});
