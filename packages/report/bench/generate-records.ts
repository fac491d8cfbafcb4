import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { DecisionRecord } from '@switchyard/core';

const targets = [
  { id: 'openai-gpt', provider: 'openai', model: 'gpt-5-mini', price: 0.000002 },
  { id: 'anthropic-sonnet', provider: 'anthropic', model: 'claude-sonnet-4-5', price: 0.000003 },
  { id: 'local-qwen', provider: 'ollama', model: 'qwen3:8b', price: 0 },
] as const;
const jurisdictions = ['DE', 'FR', 'US', 'CN', 'BR'];
const dataClasses = ['public', 'internal', 'regulated'];
const tenants = ['acme', 'gov-de', 'initech'];

/** A small deterministic PRNG (mulberry32) so every run writes the same records. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One synthetic decision record shaped like the router's: three candidates,
 * one to three attempts, a cut-off of the first target in the second half.
 */
export function syntheticRecord(
  index: number,
  total: number,
  next: () => number,
  startMs: number,
): DecisionRecord {
  const time = startMs + Math.floor((index / total) * 3_600_000);
  const banned = index > total / 2;
  const attempts: DecisionRecord['attempts'] = [];
  let offset = 0;
  let servedBy: string | null = null;
  const first = banned ? 1 : next() < 0.9 ? 0 : 1;
  for (let t = first; t < targets.length && servedBy === null; t++) {
    const target = targets[t] as (typeof targets)[number];
    const fails = banned && t === 0 ? true : next() < 0.08;
    const latencyMs = Math.round((80 + next() * 900) * 10) / 10;
    const inputTokens = 200 + Math.floor(next() * 800);
    const outputTokens = fails ? 0 : 50 + Math.floor(next() * 400);
    const usage = {
      inputTokens,
      outputTokens,
      cachedInputTokens: Math.floor(inputTokens / 4),
      reasoningTokens: 0,
    };
    attempts.push({
      targetId: target.id,
      provider: target.provider,
      model: target.model,
      startMs: offset,
      latencyMs,
      ...(fails ? {} : { ttftMs: Math.round(latencyMs * 0.3) }),
      outcome: fails ? 'failure' : 'success',
      ...(fails ? { failureKind: 'transient' as const, status: 503 } : {}),
      retry: 0,
      usage,
      costUsd: fails ? 0 : (inputTokens + outputTokens) * target.price,
    });
    offset += latencyMs;
    if (!fails) servedBy = target.id;
  }
  const served = attempts.find((attempt) => attempt.targetId === servedBy);
  const costUsd = attempts.reduce((sum, attempt) => sum + attempt.costUsd, 0);
  return {
    schemaVersion: 1,
    requestId: `req-${index}`,
    time: new Date(time).toISOString(),
    route: index % 5 === 0 ? 'code' : 'chat',
    operation: index % 2 === 0 ? 'stream' : 'generate',
    context: {
      jurisdiction: jurisdictions[index % jurisdictions.length] as string,
      dataClass: dataClasses[index % dataClasses.length] as string,
      tenant: tenants[index % tenants.length] as string,
    },
    policyVersion: 'p-3f2a9c',
    verdicts: targets.map((target) => ({
      targetId: target.id,
      allowed: true,
      effect: 'default' as const,
      ruleIds: [],
      reason: 'no rule matched',
    })),
    skipped: [],
    attempts,
    servedBy,
    outcome: servedBy === null ? 'failed' : 'served',
    ...(servedBy === null
      ? { error: { code: 'SWITCHYARD_ALL_TARGETS_FAILED', message: 'every target failed' } }
      : {}),
    totals: {
      latencyMs: offset,
      ...(served?.ttftMs === undefined ? {} : { ttftMs: served.startMs + served.ttftMs }),
      attempts: attempts.length,
      fallbackDepth: attempts.filter((attempt) => attempt.targetId !== servedBy).length,
      usage: served?.usage ?? { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 },
      costUsd,
      wastedCostUsd: costUsd - (served?.costUsd ?? 0),
    },
  };
}

/** Writes `count` synthetic records as JSONL to `path`, streaming. */
export async function generateRecords(options: {
  path: string;
  count: number;
  seed?: number;
}): Promise<number> {
  const next = random(options.seed ?? 42);
  const out = createWriteStream(options.path);
  const startMs = Date.parse('2026-06-25T00:00:00Z');
  let bytes = 0;
  let chunk = '';
  for (let index = 0; index < options.count; index++) {
    chunk += `${JSON.stringify(syntheticRecord(index, options.count, next, startMs))}\n`;
    if (chunk.length > 1 << 20) {
      bytes += chunk.length;
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  bytes += chunk.length;
  out.end(chunk);
  await once(out, 'finish');
  return bytes;
}
