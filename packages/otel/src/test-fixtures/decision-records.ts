import type { DecisionRecord } from '@switchyard/core';

type RecordedVerdict = DecisionRecord['verdicts'][number];

const usage = (inputTokens: number, outputTokens: number) => ({
  inputTokens,
  outputTokens,
  cachedInputTokens: 0,
  reasoningTokens: 0,
});

const verdicts: RecordedVerdict[] = [
  {
    targetId: 'frontier-us',
    allowed: false,
    effect: 'deny',
    ruleIds: ['export/frontier'],
    reason: 'Frontier models may not serve CN or RU callers',
  },
  { targetId: 'claude-eu', allowed: true, effect: 'default', ruleIds: [], reason: 'no rule matched' },
  { targetId: 'llama-local', allowed: true, effect: 'default', ruleIds: [], reason: 'no rule matched' },
];

/** A streamed request served by local weights after two failed attempts on claude-eu (one cost tokens). */
export const fellBackRecord: DecisionRecord = {
  schemaVersion: 1,
  requestId: 'req-fell-back',
  time: '2026-06-25T09:00:01.250Z',
  route: 'chat',
  operation: 'stream',
  context: { jurisdiction: 'DE', dataClass: 'regulated', tenant: 'acme', tags: ['batch'] },
  policyVersion: 'policy-3f2a',
  verdicts,
  skipped: [],
  attempts: [
    {
      targetId: 'claude-eu',
      provider: 'anthropic',
      model: 'claude-eu',
      startMs: 0,
      latencyMs: 120,
      outcome: 'failure',
      failureKind: 'transient',
      status: 503,
      code: 'overloaded_error',
      message: 'Overloaded',
      retry: 0,
      usage: usage(100, 0),
      costUsd: 0.0003,
    },
    {
      targetId: 'claude-eu',
      provider: 'anthropic',
      model: 'claude-eu',
      startMs: 300,
      latencyMs: 50,
      outcome: 'failure',
      failureKind: 'rate_limited',
      status: 429,
      retry: 1,
      costUsd: 0,
    },
    {
      targetId: 'llama-local',
      provider: 'ollama',
      model: 'llama-local',
      startMs: 400.5,
      latencyMs: 250,
      ttftMs: 30,
      outcome: 'success',
      retry: 0,
      usage: { inputTokens: 100, outputTokens: 40, cachedInputTokens: 20, reasoningTokens: 5 },
      costUsd: 0,
    },
  ],
  servedBy: 'llama-local',
  outcome: 'served',
  totals: {
    latencyMs: 650.5,
    ttftMs: 430.5,
    attempts: 3,
    fallbackDepth: 1,
    usage: { inputTokens: 100, outputTokens: 40, cachedInputTokens: 20, reasoningTokens: 5 },
    costUsd: 0.0003,
    wastedCostUsd: 0.0003,
  },
  labels: { drill: 'export-control-day', phase: 'ban' },
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'the secret prompt text' }] }],
};

/** A generated request from CN that failed: claude-eu was cut off, local weights skipped. */
export const failedRecord: DecisionRecord = {
  schemaVersion: 1,
  requestId: 'req-failed',
  time: '2026-06-25T09:00:02.000Z',
  route: 'chat',
  operation: 'generate',
  context: { jurisdiction: 'CN' },
  policyVersion: 'policy-3f2a',
  verdicts,
  skipped: [{ targetId: 'llama-local', reason: 'circuit_open', detail: 'circuit open after 5 failures' }],
  attempts: [
    {
      targetId: 'claude-eu',
      provider: 'anthropic',
      model: 'claude-eu',
      startMs: 1,
      latencyMs: 80,
      outcome: 'failure',
      failureKind: 'cutoff',
      cutoffReason: 'region_blocked',
      status: 403,
      code: 'forbidden',
      message: 'Request not allowed from this region',
      retry: 0,
      costUsd: 0,
    },
  ],
  servedBy: null,
  outcome: 'failed',
  error: { code: 'SWITCHYARD_ALL_TARGETS_FAILED', message: 'every allowed target failed' },
  totals: {
    latencyMs: 82,
    attempts: 1,
    fallbackDepth: 1,
    usage: usage(0, 0),
    costUsd: 0,
    wastedCostUsd: 0,
  },
};

/** A generated request from the US served by the first target tried. */
export const directRecord: DecisionRecord = {
  schemaVersion: 1,
  requestId: 'req-direct',
  time: '2026-06-25T09:00:03.000Z',
  route: 'chat',
  operation: 'generate',
  context: { jurisdiction: 'US', dataClass: 'internal' },
  policyVersion: 'policy-3f2a',
  verdicts: verdicts.map((verdict) => ({ ...verdict, allowed: true, effect: 'default', ruleIds: [] })),
  skipped: [],
  attempts: [
    {
      targetId: 'frontier-us',
      provider: 'openai',
      model: 'gpt-frontier',
      startMs: 0,
      latencyMs: 900,
      outcome: 'success',
      retry: 0,
      usage: usage(1000, 500),
      costUsd: 0.006,
    },
  ],
  servedBy: 'frontier-us',
  outcome: 'served',
  totals: {
    latencyMs: 901,
    attempts: 1,
    fallbackDepth: 0,
    usage: usage(1000, 500),
    costUsd: 0.006,
    wastedCostUsd: 0,
  },
};
