import { describe, expect, it } from 'vitest';
import type { PreparedTarget } from '../prepare/prepared-target.js';
import { attemptRecord } from './attempt-record.js';
import { tokenUsage } from './token-usage.js';

const entry = {
  target: { id: 'alpha', provider: 'openai', model: 'gpt-5.4' },
  price: { input: 2, output: 10 },
} as unknown as PreparedTarget;

describe('attemptRecord', () => {
  it('records a success with its start, latency, usage and cost', () => {
    expect(
      attemptRecord({
        entry,
        requestStartedAt: 1_000,
        startedAt: 1_200,
        now: 1_450,
        retry: 1,
        ttftMs: 30,
        usage: { inputTokens: 1_000, outputTokens: 100, cachedInputTokens: 0, reasoningTokens: 0 },
      }),
    ).toEqual({
      targetId: 'alpha',
      provider: 'openai',
      model: 'gpt-5.4',
      startMs: 200,
      latencyMs: 250,
      ttftMs: 30,
      outcome: 'success',
      retry: 1,
      usage: { inputTokens: 1_000, outputTokens: 100, cachedInputTokens: 0, reasoningTokens: 0 },
      costUsd: 0.003,
    });
  });

  it('records a failure with its kind, reason, status and code, and an abort as aborted', () => {
    const failure = {
      kind: 'cutoff',
      cutoffReason: 'region_blocked',
      status: 403,
      code: 'unsupported_country_region_territory',
      message: 'Country, region, or territory not supported',
    } as const;
    expect(
      attemptRecord({ entry, requestStartedAt: 0, startedAt: 0, now: 5, retry: 0, failure }),
    ).toMatchObject({
      outcome: 'failure',
      failureKind: 'cutoff',
      cutoffReason: 'region_blocked',
      status: 403,
      code: 'unsupported_country_region_territory',
      costUsd: 0,
    });
    expect(
      attemptRecord({ entry, requestStartedAt: 0, startedAt: 0, now: 5, retry: 0, failure, aborted: true })
        .outcome,
    ).toBe('aborted');
  });
});

describe('tokenUsage', () => {
  it('reads totals, cache reads and reasoning, zero when absent', () => {
    expect(
      tokenUsage({
        inputTokens: { total: 12, noCache: 8, cacheRead: 4, cacheWrite: undefined },
        outputTokens: { total: 9, text: 6, reasoning: 3 },
      }),
    ).toEqual({ inputTokens: 12, outputTokens: 9, cachedInputTokens: 4, reasoningTokens: 3 });
    expect(tokenUsage(undefined)).toBeUndefined();
  });
});
