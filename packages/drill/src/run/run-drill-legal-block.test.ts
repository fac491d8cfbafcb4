import type { DecisionRecord } from '@switchyard/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ScenarioInput } from '../scenario/scenario-schema.js';
import { fixtureScenario } from '../testing/fixture-scenario.js';
import { inMemoryModel } from '../testing/in-memory-model.js';
import type { DrillResult } from './drill-result.js';
import { runDrill } from './run-drill.js';

/** The frontier target answers 451 to DE callers from +2 s: US callers are still served by it. */
function legalBlockScenario(options: { blockedBy?: string } = {}): ScenarioInput {
  return fixtureScenario({
    workload: {
      route: 'chat',
      rate: 10,
      total: 60,
      mix: { jurisdictions: { US: 1, DE: 1 } },
      streaming: 0.5,
    },
    timeline: [
      {
        at: '2s',
        type: 'cutoff',
        label: 'court order in DE',
        target: 'frontier-us',
        signal: 'legal_block',
        callers: ['DE'],
        ...(options.blockedBy === undefined ? {} : { blockedBy: options.blockedBy }),
      },
    ],
    assertions: [
      { type: 'success-rate', min: 1 },
      { type: 'no-attempts-after-cutoff' },
      { type: 'wasted-attempts-per-cutoff', max: 4 },
      { type: 'all-accounted' },
    ],
  });
}

const blockedAt = Date.parse('2026-06-25T09:00:02Z');

/** Whether a record was sent after the block, by a caller from `jurisdiction`. */
const after = (record: DecisionRecord, jurisdiction: string) =>
  Date.parse(record.time) >= blockedAt && record.context.jurisdiction === jurisdiction;

/**
 * What every mode must show: 451 cut-offs for DE only, a fallback, and no DE attempt after the
 * router saw it. Over loopback (`realTime`) a busy machine may time a request out, so only the
 * cut-off assertions must hold and a US request may be served elsewhere, but never cut off.
 */
function expectLegalBlock(result: DrillResult, options: { realTime: boolean }) {
  expect(
    result.verdicts
      .filter((verdict) => !options.realTime || verdict.type === 'no-attempts-after-cutoff')
      .filter((verdict) => !verdict.passed),
  ).toEqual([]);
  const blocked = result.records.flatMap((record) =>
    record.attempts
      .filter((attempt) => attempt.failureKind === 'cutoff')
      .map((attempt) => ({ record, attempt })),
  );
  expect(blocked.length).toBeGreaterThan(0);
  if (!options.realTime) expect(blocked.length).toBeLessThanOrEqual(4);
  for (const { record, attempt } of blocked) {
    expect(record.context.jurisdiction).toBe('DE');
    expect(attempt).toMatchObject({ targetId: 'frontier-us', cutoffReason: 'legal_block', status: 451 });
    // The router falls back at once: the blocked request is served by the next target.
    if (options.realTime) expect(record.servedBy).not.toBe('frontier-us');
    else expect(record.servedBy).toBe('claude-eu');
  }
  const lastBlocked = Math.max(...blocked.map(({ record }) => Date.parse(record.time)));
  const laterDE = result.records.filter(
    (record) => after(record, 'DE') && Date.parse(record.time) > lastBlocked,
  );
  expect(laterDE.length).toBeGreaterThan(0);
  for (const record of laterDE)
    expect(record.attempts.map((attempt) => attempt.targetId)).not.toContain('frontier-us');
  // A legal block is per caller jurisdiction: US callers are still served by the frontier target.
  const laterUS = result.records.filter((record) => after(record, 'US'));
  expect(laterUS.length).toBeGreaterThan(0);
  for (const record of laterUS) {
    if (!options.realTime) expect(record.servedBy).toBe('frontier-us');
    expect(record.attempts.filter((attempt) => attempt.failureKind === 'cutoff')).toEqual([]);
  }
  expect(result.events.map((event) => event.description)).toEqual(
    expect.arrayContaining([
      // In real time an event the busy machine played late says when it played.
      expect.stringMatching(
        /^court order in DE: cutoff legal_block on frontier-us for DE callers( \(played at \+\d+\.\d{3}s, \d+ ms late\))?$/,
      ),
      'router cut off frontier-us for DE callers (legal_block)',
    ]),
  );
}

describe('runDrill', () => {
  describe('a legal_block cut-off', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('answers DE callers 451 from the simulator; the router cuts the target off for DE only and falls back', async () => {
      const result = await runDrill({ scenario: legalBlockScenario(), seed: 3 });
      expectLegalBlock(result, { realTime: false });
    });

    it('does the same over loopback sockets at the time scale', async () => {
      // Time scale 5: the 6 simulated seconds take 1.2 s, so a busy machine that plays the block
      // late still leaves DE requests after it (at 20, a run under load 8 saw none).
      const result = await runDrill({ scenario: legalBlockScenario(), mode: 'loopback', timeScale: 5 });
      expectLegalBlock(result, { realTime: true });
    });

    it('names the entity of its Link rel="blocked-by" in the attempt message, in the simulator and live', async () => {
      const blockedBy = 'https://blocker.example/court-order/7';
      const messages = (result: DrillResult) =>
        result.records.flatMap((record) =>
          record.attempts
            .filter((attempt) => attempt.failureKind === 'cutoff')
            .map((attempt) => attempt.message),
        );
      const simulated = await runDrill({ scenario: legalBlockScenario({ blockedBy }), seed: 3 });
      expectLegalBlock(simulated, { realTime: false });
      expect(messages(simulated).length).toBeGreaterThan(0);
      for (const message of messages(simulated))
        expect(message).toMatch(/\(blocked by https:\/\/blocker\.example\/court-order\/7\)$/);
      // Without blockedBy the answer names no one, and the message says nothing of it.
      const unnamed = await runDrill({ scenario: legalBlockScenario(), seed: 3 });
      for (const message of messages(unnamed)) expect(message).not.toContain('blocked by');
      vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
      const running = runDrill({
        scenario: legalBlockScenario({ blockedBy }),
        mode: 'live',
        maxSpendUsd: 5,
        models: {
          'frontier-us': inMemoryModel({ provider: 'openai', modelId: 'gpt-frontier' }),
          'claude-eu': inMemoryModel({ provider: 'anthropic', modelId: 'claude-eu' }),
          'llama-local': inMemoryModel({ provider: 'ollama', modelId: 'llama-local' }),
        },
      });
      await vi.advanceTimersByTimeAsync(20_000);
      const live = await running;
      expect(messages(live).length).toBeGreaterThan(0);
      for (const message of messages(live))
        expect(message).toBe(`Unavailable For Legal Reasons (drill) (blocked by ${blockedBy})`);
    });

    it('does the same in live mode, injected at the adapter boundary', async () => {
      vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
      const running = runDrill({
        scenario: legalBlockScenario(),
        mode: 'live',
        maxSpendUsd: 5,
        models: {
          'frontier-us': inMemoryModel({ provider: 'openai', modelId: 'gpt-frontier' }),
          'claude-eu': inMemoryModel({ provider: 'anthropic', modelId: 'claude-eu' }),
          'llama-local': inMemoryModel({ provider: 'ollama', modelId: 'llama-local' }),
        },
      });
      await vi.advanceTimersByTimeAsync(20_000);
      expectLegalBlock(await running, { realTime: false });
    });
  });
});
