import type { Target } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../scenario/parse-scenario.js';
import { fixtureScenario } from '../testing/fixture-scenario.js';
import { runDrill } from './run-drill.js';
import { simulatorGroups } from './simulator-groups.js';

const gpt = (id: string): Target =>
  ({
    id,
    provider: 'openai',
    model: 'gpt-4o',
    hostedIn: 'US',
    origin: 'US',
    weights: 'closed',
    capabilities: ['tools', 'streaming'],
    contextWindow: 128_000,
    price: { input: 2.5, output: 10 },
  }) as Target;

/** Two accounts of one provider running the same model, the first hit by `event`. */
const twoAccounts = (event: object) =>
  fixtureScenario({
    config: {
      targets: [gpt('gpt-a'), gpt('gpt-b')],
      routes: { chat: { targets: ['gpt-a', 'gpt-b'] } },
    },
    latency: { 'gpt-a': { firstTokenMs: 100 }, 'gpt-b': { firstTokenMs: 700 } },
    workload: { route: 'chat', rate: 10, total: 20, mix: { jurisdictions: { US: 1 } }, streaming: 0.5 },
    timeline: [event as never],
    assertions: [{ type: 'all-accounted' }],
  });

describe('simulatorGroups', () => {
  it('gives a target whose model another target of its provider names a simulator of its own', () => {
    const other = { ...gpt('gpt-c'), model: 'gpt-5' } as Target;
    const groups = simulatorGroups([gpt('gpt-a'), other, gpt('gpt-b')]);
    expect(groups.map((group) => [group.key, group.targets.map((target) => target.id)])).toEqual([
      ['openai', ['gpt-a', 'gpt-c']],
      ['openai#2', ['gpt-b']],
    ]);
  });
});

describe('a drill with two targets of one provider and model', () => {
  it('cuts off only the target the event names', async () => {
    const cutoff = { at: 0, type: 'cutoff', target: 'gpt-a', signal: 'key_revoked' };
    const result = await runDrill({ scenario: validateScenario(twoAccounts(cutoff)) });
    const attempts = result.records.flatMap((record) => record.attempts);
    // The cut-off is met once on gpt-a; gpt-b, the same model at the same provider, serves everything.
    expect(attempts.filter((attempt) => attempt.targetId === 'gpt-a')).toHaveLength(1);
    expect(
      attempts.filter((attempt) => attempt.targetId === 'gpt-b' && attempt.outcome !== 'success'),
    ).toEqual([]);
    expect(result.records.every((record) => record.servedBy === 'gpt-b')).toBe(true);
  }, 30_000);

  it('keeps each target its own latency', async () => {
    const outage = { at: '1s', type: 'outage', target: 'gpt-a', signal: 'server_error', duration: '1s' };
    const result = await runDrill({ scenario: validateScenario(twoAccounts(outage)) });
    const attempts = result.records.flatMap((record) => record.attempts);
    const firstTokens = (targetId: string) => [
      ...new Set(
        attempts
          .filter((attempt) => attempt.targetId === targetId && attempt.outcome === 'success')
          .map((attempt) => attempt.ttftMs),
      ),
    ];
    expect(firstTokens('gpt-a')).toEqual([100]);
    expect(firstTokens('gpt-b')).toEqual([700]);
    expect(
      attempts.filter((attempt) => attempt.targetId === 'gpt-b' && attempt.outcome !== 'success'),
    ).toEqual([]);
  }, 30_000);
});
