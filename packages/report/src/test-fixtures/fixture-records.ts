import type { AttemptRecord, DecisionRecord } from '@switchyard/core';

/** Three targets: oa-gpt (openai), an-sonnet (anthropic), local-qwen (ollama). */
const providers: Record<string, { provider: string; model: string }> = {
  'oa-gpt': { provider: 'openai', model: 'gpt-5-mini' },
  'an-sonnet': { provider: 'anthropic', model: 'claude-sonnet-4-5' },
  'local-qwen': { provider: 'ollama', model: 'qwen3:8b' },
};

const zero = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 };

function attempt(
  targetId: string,
  outcome: AttemptRecord['outcome'],
  costUsd: number,
  extra: Partial<AttemptRecord> = {},
): AttemptRecord {
  const target = providers[targetId] as { provider: string; model: string };
  return {
    targetId,
    provider: target.provider,
    model: target.model,
    startMs: 0,
    latencyMs: 50,
    outcome,
    retry: 0,
    costUsd,
    ...extra,
  };
}

function record(options: {
  id: string;
  time: string;
  route: string;
  context: DecisionRecord['context'];
  attempts: AttemptRecord[];
  servedBy: string | null;
  latencyMs: number;
  ttftMs?: number;
  fallbackDepth: number;
  usage?: DecisionRecord['totals']['usage'];
}): DecisionRecord {
  const costUsd = options.attempts.reduce((sum, each) => sum + each.costUsd, 0);
  const served = options.attempts.find(
    (each) => each.outcome === 'success' && each.targetId === options.servedBy,
  );
  return {
    schemaVersion: 1,
    requestId: options.id,
    time: options.time,
    route: options.route,
    operation: options.ttftMs === undefined ? 'generate' : 'stream',
    context: options.context,
    policyVersion: 'policy-1',
    verdicts: Object.keys(providers).map((targetId) => ({
      targetId,
      allowed: true,
      effect: 'default' as const,
      ruleIds: [],
      reason: 'no rule matched',
    })),
    skipped: [],
    attempts: options.attempts,
    servedBy: options.servedBy,
    outcome: options.servedBy === null ? 'failed' : 'served',
    ...(options.servedBy === null
      ? { error: { code: 'SWITCHYARD_ALL_TARGETS_FAILED', message: 'every target failed' } }
      : {}),
    totals: {
      latencyMs: options.latencyMs,
      ...(options.ttftMs === undefined ? {} : { ttftMs: options.ttftMs }),
      attempts: options.attempts.length,
      fallbackDepth: options.fallbackDepth,
      usage: options.usage ?? zero,
      costUsd,
      wastedCostUsd: costUsd - (served?.costUsd ?? 0),
    },
  };
}

/**
 * Six hand-written records (2026-06-25 10:00–10:03 UTC), the figures of
 * which the tests compute by hand:
 *
 * | id | time | route | context | attempts (cost USD) | served | depth | latency | ttft |
 * |---|---|---|---|---|---|---|---|---|
 * | r1 | 10:00:10 | chat | DE internal acme | oa ok .010 | oa | 0 | 100 | 40 |
 * | r2 | 10:00:40 | chat | DE regulated gov-de | oa fail .002, an ok .020 | an | 1 | 300 | 150 |
 * | r3 | 10:01:20 | code | US internal acme | oa cutoff 0, an 429 0, local ok 0 | local | 2 | 500 | - |
 * | r4 | 10:01:50 | chat | CN - acme | oa cutoff 0, an fail .001 | - | 2 | 200 | - |
 * | r5 | 10:02:30 | chat | DE internal - | oa fail .001, oa retry ok .010 | oa | 0 | 250 | 90 |
 * | r6 | 10:02:45 | code | FR public initech | an ok .030 | an | 0 | 400 | 120 |
 */
export const fixtureRecords: readonly DecisionRecord[] = [
  record({
    id: 'r1',
    time: '2026-06-25T10:00:10.000Z',
    route: 'chat',
    context: { jurisdiction: 'DE', dataClass: 'internal', tenant: 'acme' },
    attempts: [
      attempt('oa-gpt', 'success', 0.01, {
        usage: { inputTokens: 100, outputTokens: 50, cachedInputTokens: 10, reasoningTokens: 5 },
      }),
    ],
    servedBy: 'oa-gpt',
    latencyMs: 100,
    ttftMs: 40,
    fallbackDepth: 0,
    usage: { inputTokens: 100, outputTokens: 50, cachedInputTokens: 10, reasoningTokens: 5 },
  }),
  record({
    id: 'r2',
    time: '2026-06-25T10:00:40.000Z',
    route: 'chat',
    context: { jurisdiction: 'DE', dataClass: 'regulated', tenant: 'gov-de' },
    attempts: [
      attempt('oa-gpt', 'failure', 0.002, {
        failureKind: 'transient',
        status: 500,
        usage: { inputTokens: 200, outputTokens: 10, cachedInputTokens: 0, reasoningTokens: 0 },
      }),
      attempt('an-sonnet', 'success', 0.02, {
        usage: { inputTokens: 200, outputTokens: 100, cachedInputTokens: 0, reasoningTokens: 20 },
      }),
    ],
    servedBy: 'an-sonnet',
    latencyMs: 300,
    ttftMs: 150,
    fallbackDepth: 1,
    usage: { inputTokens: 200, outputTokens: 100, cachedInputTokens: 0, reasoningTokens: 20 },
  }),
  record({
    id: 'r3',
    time: '2026-06-25T10:01:20.000Z',
    route: 'code',
    context: { jurisdiction: 'US', dataClass: 'internal', tenant: 'acme' },
    attempts: [
      attempt('oa-gpt', 'failure', 0, {
        failureKind: 'cutoff',
        cutoffReason: 'model_withdrawn',
        status: 404,
      }),
      attempt('an-sonnet', 'failure', 0, { failureKind: 'rate_limited', status: 429 }),
      attempt('local-qwen', 'success', 0, {
        usage: { inputTokens: 300, outputTokens: 30, cachedInputTokens: 0, reasoningTokens: 0 },
      }),
    ],
    servedBy: 'local-qwen',
    latencyMs: 500,
    fallbackDepth: 2,
    usage: { inputTokens: 300, outputTokens: 30, cachedInputTokens: 0, reasoningTokens: 0 },
  }),
  record({
    id: 'r4',
    time: '2026-06-25T10:01:50.000Z',
    route: 'chat',
    context: { jurisdiction: 'CN', tenant: 'acme' },
    attempts: [
      attempt('oa-gpt', 'failure', 0, { failureKind: 'cutoff', cutoffReason: 'region_blocked', status: 403 }),
      attempt('an-sonnet', 'failure', 0.001, { failureKind: 'transient', status: 503 }),
    ],
    servedBy: null,
    latencyMs: 200,
    fallbackDepth: 2,
  }),
  record({
    id: 'r5',
    time: '2026-06-25T10:02:30.000Z',
    route: 'chat',
    context: { jurisdiction: 'DE', dataClass: 'internal' },
    attempts: [
      attempt('oa-gpt', 'failure', 0.001, { failureKind: 'transient', status: 502 }),
      attempt('oa-gpt', 'success', 0.01, {
        retry: 1,
        usage: { inputTokens: 100, outputTokens: 40, cachedInputTokens: 0, reasoningTokens: 0 },
      }),
    ],
    servedBy: 'oa-gpt',
    latencyMs: 250,
    ttftMs: 90,
    fallbackDepth: 0,
    usage: { inputTokens: 100, outputTokens: 40, cachedInputTokens: 0, reasoningTokens: 0 },
  }),
  record({
    id: 'r6',
    time: '2026-06-25T10:02:45.000Z',
    route: 'code',
    context: { jurisdiction: 'FR', dataClass: 'public', tenant: 'initech' },
    attempts: [
      attempt('an-sonnet', 'success', 0.03, {
        usage: { inputTokens: 400, outputTokens: 200, cachedInputTokens: 100, reasoningTokens: 50 },
      }),
    ],
    servedBy: 'an-sonnet',
    latencyMs: 400,
    ttftMs: 120,
    fallbackDepth: 0,
    usage: { inputTokens: 400, outputTokens: 200, cachedInputTokens: 100, reasoningTokens: 50 },
  }),
];

/** The fixture as JSONL text. */
export const fixtureJsonl = `${fixtureRecords.map((each) => JSON.stringify(each)).join('\n')}\n`;
