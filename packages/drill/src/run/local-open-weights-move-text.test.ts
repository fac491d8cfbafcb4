import { describe, expect, it } from 'vitest';
import { compareBaseline } from './compare-baseline.js';
import { localOpenWeightsMoveText } from './local-open-weights-move-text.js';

const figures = (toLocalOpenWeights: number) => ({
  requests: 400,
  costUsd: 0,
  wastedCostUsd: 0,
  toLocalOpenWeights,
  latencyMs: { count: 400, p50: 500, p90: 500, p99: 500 },
  targets: {},
  jurisdictions: {},
  phases: [],
});

describe('localOpenWeightsMoveText', () => {
  it('counts the requests that moved to local open weights when the drill served more there', () => {
    const { toLocalOpenWeights } = compareBaseline({ baseline: figures(0), drill: figures(206) });
    expect(localOpenWeightsMoveText(toLocalOpenWeights)).toBe(
      '+206 request(s) moved to local open weights (0 -> 206)',
    );
  });

  it('says how many fewer local open weights served when the baseline served more there, never a negative move', () => {
    const { toLocalOpenWeights } = compareBaseline({ baseline: figures(327), drill: figures(94) });
    const text = localOpenWeightsMoveText(toLocalOpenWeights);
    expect(text).toBe(
      '233 fewer request(s) served by local open weights than without the events (327 -> 94)',
    );
    expect(text).not.toMatch(/-\d+ request/);
  });

  it('says nothing changed when both runs served as many there', () => {
    const { toLocalOpenWeights } = compareBaseline({ baseline: figures(12), drill: figures(12) });
    expect(localOpenWeightsMoveText(toLocalOpenWeights)).toBe(
      'no change in requests served by local open weights (12 -> 12)',
    );
  });
});
