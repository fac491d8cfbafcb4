import type { AttemptRecord, DecisionRecord, Target } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../scenario/parse-scenario.js';
import { fixtureScenario } from '../testing/fixture-scenario.js';
import { expandTimeline } from '../timeline/expand-timeline.js';
import { DrillTally } from './drill-tally.js';

const startMs = Date.parse('2026-06-25T09:00:00Z');
const targets = validateScenario(fixtureScenario()).config.targets as Target[];

function attempt(targetId: string, extra: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    targetId,
    provider: targetId === 'claude-eu' ? 'anthropic' : 'openai',
    model: targetId,
    startMs: 0,
    latencyMs: 100,
    outcome: 'success',
    retry: 0,
    costUsd: 0.002,
    ...extra,
  };
}

function record(attempts: AttemptRecord[], servedBy: string | null, wastedCostUsd: number): DecisionRecord {
  const usage = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 };
  return {
    schemaVersion: 2,
    requestId: 'r1',
    time: new Date(startMs + 1000).toISOString(),
    route: 'chat',
    operation: 'stream',
    context: { jurisdiction: 'US' },
    policyVersion: 'p',
    verdicts: [],
    skipped: [],
    attempts,
    servedBy,
    outcome: servedBy === null ? 'failed' : 'served',
    totals: {
      latencyMs: 500,
      attempts: attempts.length,
      fallbackDepth: 1,
      usage,
      costUsd: attempts.reduce((sum, each) => sum + each.costUsd, 0),
      wastedCostUsd,
    },
  };
}

describe('DrillTally', () => {
  describe('figures', () => {
    it('sums costs without floating-point noise: in total, per target and per jurisdiction', () => {
      const tally = new DrillTally({ targets, actions: [], startMs });
      // 0.1 + 0.2 is 0.30000000000000004 in floating point.
      for (const costUsd of [0.1, 0.2])
        tally.add(record([attempt('claude-eu', { costUsd })], 'claude-eu', 0));
      const figures = tally.figures(60_000);
      expect(figures.costUsd).toBe(0.3);
      expect(figures.targets['claude-eu']?.costUsd).toBe(0.3);
      expect(figures.jurisdictions.US?.costUsd).toBe(0.3);
    });

    it("counts a target's wasted cost as the records do: a continued stream's delivered start is not waste", () => {
      const tally = new DrillTally({ targets, actions: [], startMs });
      const cutAfterContent = attempt('frontier-us', {
        outcome: 'failure',
        failureKind: 'transient',
        deliveredChars: 40,
      });
      const failedBefore = attempt('frontier-us', {
        outcome: 'failure',
        failureKind: 'transient',
        costUsd: 0.001,
      });
      tally.add(record([failedBefore, cutAfterContent, attempt('claude-eu')], 'claude-eu', 0.001));
      // A failed request: nothing reached the caller, everything is waste.
      tally.add(record([attempt('frontier-us', { outcome: 'failure', deliveredChars: 12 })], null, 0.002));
      const figures = tally.figures(2000);
      const perTarget = Object.values(figures.targets).reduce((sum, each) => sum + each.wastedCostUsd, 0);
      expect(figures.wastedCostUsd).toBeCloseTo(0.003, 12);
      expect(perTarget).toBeCloseTo(figures.wastedCostUsd, 12);
      expect(figures.targets['frontier-us']?.wastedCostUsd).toBeCloseTo(0.003, 12);
      expect(figures.targets['claude-eu']?.wastedCostUsd).toBe(0);
    });
  });

  describe('phases', () => {
    const outage = validateScenario(
      fixtureScenario({ timeline: [{ at: '2s', type: 'outage', target: 'frontier-us', duration: '10s' }] }),
    ).timeline;
    const actions = expandTimeline({ timeline: outage });

    it("opens a phase at a rule's effective date, labelled as the event it is", () => {
      const ruleDates = [
        { atMs: 1500, description: 'rule acme/ban becomes effective (2026-06-25T09:00:01.500Z)' },
      ];
      const tally = new DrillTally({ targets, actions, ruleDates, startMs });
      tally.add({
        ...record([attempt('claude-eu')], 'claude-eu', 0),
        time: new Date(startMs + 1700).toISOString(),
      });
      const phases = tally.figures(20_000).phases;
      expect(phases.map((phase) => [phase.fromMs, phase.toMs, phase.label, phase.requests])).toEqual([
        [0, 1500, 'start', 0],
        [1500, 2000, 'rule acme/ban becomes effective (2026-06-25T09:00:01.500Z)', 1],
        [2000, 12_000, 'outage server_error 503 on frontier-us', 0],
        [12_000, 20_000, 'outage server_error 503 on frontier-us (from +2s) ends', 0],
      ]);
    });

    it('names unlabelled events by what they do, and their ends by when they began (two cut-offs read apart)', () => {
      const timeline = validateScenario(
        fixtureScenario({
          timeline: [
            { at: '2s', type: 'cutoff', target: 'frontier-us', signal: 'region_block', callers: ['CN'] },
            { at: '3s', type: 'cutoff', target: 'claude-eu', signal: 'model_withdrawn' },
            { at: '4s', type: 'outage', provider: 'ollama', duration: '1s' },
            { at: '5s', type: 'outage', provider: 'ollama', duration: '1s' },
          ],
        }),
      ).timeline;
      const tally = new DrillTally({ targets, actions: expandTimeline({ timeline }), startMs });
      expect(tally.figures(9000).phases.map((phase) => phase.label)).toEqual([
        'start',
        'cutoff region_block on frontier-us for CN callers',
        'cutoff model_withdrawn on claude-eu',
        'outage server_error 503 on ollama',
        'outage server_error 503 on ollama (from +4s) ends + outage server_error 503 on ollama',
        'outage server_error 503 on ollama (from +5s) ends',
      ]);
    });

    it('names the first phase after the events at offset 0, not start', () => {
      const timeline = validateScenario(
        fixtureScenario({
          timeline: [
            {
              at: 0,
              type: 'cutoff',
              target: 'frontier-us',
              signal: 'region_block',
              callers: ['CN'],
              label: 'CN blocked',
            },
            { at: '0s', type: 'latency', target: 'claude-eu', extraMs: 500, duration: '3s' },
          ],
        }),
      ).timeline;
      const tally = new DrillTally({ targets, actions: expandTimeline({ timeline }), startMs });
      expect(tally.figures(9000).phases.map((phase) => [phase.fromMs, phase.label])).toEqual([
        [0, 'CN blocked + latency +500 ms on claude-eu'],
        [3000, 'latency +500 ms on claude-eu (from +0s) ends'],
      ]);
    });

    it('leaves out a phase that would open at or after the end of the drill', () => {
      const tally = new DrillTally({ targets, actions, startMs });
      const phases = tally.figures(9000).phases;
      expect(phases.map((phase) => [phase.fromMs, phase.toMs, phase.label])).toEqual([
        [0, 2000, 'start'],
        [2000, 9000, 'outage server_error 503 on frontier-us'],
      ]);
    });

    it('keeps a phase that opens at the end of the drill when requests were sent at that instant', () => {
      // Instant answers: the drill ends at the last request's offset, where an event also plays.
      const tally = new DrillTally({ targets, actions, startMs });
      tally.add({ ...record([attempt('claude-eu')], 'claude-eu', 0), time: new Date(startMs).toISOString() });
      tally.add({
        ...record([attempt('claude-eu')], 'claude-eu', 0),
        time: new Date(startMs + 2000).toISOString(),
      });
      const phases = tally.figures(2000).phases;
      expect(phases.map((phase) => [phase.fromMs, phase.toMs, phase.label, phase.requests])).toEqual([
        [0, 2000, 'start', 1],
        [2000, 2000, 'outage server_error 503 on frontier-us', 1],
      ]);
      expect(phases.reduce((sum, phase) => sum + phase.requests, 0)).toBe(2);
    });
  });
});
