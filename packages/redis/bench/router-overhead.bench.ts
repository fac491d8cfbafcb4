/**
 * What a Redis health store costs the router's request path, against the
 * memory store measured in the same run, with the same in-memory model:
 *
 * 1. Redis answering: per-call `doGenerate` time through a router with
 *    `memoryHealthStore()` and through one with `createRedisHealthStore()`,
 *    interleaved in batches so drift hits both alike. Targets: p50 overhead
 *    <= 0.5 µs above the memory store.
 * 2. Redis paused (SIGSTOP) for ~3 s: the same, while every background
 *    command of the Redis store times out; a cut-off and a rate limit are
 *    recorded during the pause (they apply at once, and publish later).
 *    Target: added routing latency <= 1 ms p99, no call waits on Redis.
 *
 *   pnpm --filter @switchyard/redis bench
 */
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
} from '@ai-sdk/provider';
import type { SwitchyardConfigInput } from '@switchyard/core';
import { createRouter, type HealthStore, memoryHealthStore } from '@switchyard/router';
import { createRedisHealthStore } from '../src/store/create-redis-health-store.js';
import { startRedisServer } from '../src/test/start-redis-server.js';

const generated: LanguageModelV4GenerateResult = {
  content: [{ type: 'text', text: 'A prebuilt answer.' }],
  finishReason: { unified: 'stop', raw: 'stop' },
  usage: {
    inputTokens: { total: 12, noCache: 12, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: 8, text: 8, reasoning: 0 },
  },
  warnings: [],
};

function memoryModel(provider: string, modelId: string): LanguageModelV4 {
  return {
    specificationVersion: 'v4',
    provider,
    modelId,
    supportedUrls: {},
    async doGenerate() {
      return generated;
    },
    async doStream() {
      throw new Error('not used');
    },
  };
}

const target = (id: string, provider: string) => ({
  id,
  provider,
  model: `${id}-model`,
  hostedIn: 'US',
  origin: 'US',
  weights: 'closed' as const,
  contextWindow: 200_000,
  capabilities: ['tools' as const, 'json' as const],
  price: { input: 2, output: 8 },
});
const config: SwitchyardConfigInput = {
  targets: [
    target('frontier', 'openai'),
    target('second', 'anthropic'),
    target('eu', 'mistral'),
    target('local', 'ollama'),
  ],
  routes: { chat: { targets: ['frontier', 'second', 'eu'], lastResort: ['local'] } },
  defaults: { context: { jurisdiction: 'DE', dataClass: 'internal' } },
};
const call: LanguageModelV4CallOptions = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
};

function routerWith(healthStore: HealthStore) {
  const router = createRouter({
    config,
    healthStore,
    models: Object.fromEntries(
      ['frontier', 'second', 'eu', 'local'].map((id) => [id, memoryModel(id, `${id}-model`)]),
    ),
  });
  return router.languageModel('chat');
}

/** Per-call times (ns) of each variant, interleaved in batches, yielding between batches. */
async function timeCalls(
  variants: Record<string, LanguageModelV4>,
  samples: number,
  batch = 200,
): Promise<Record<string, number[]>> {
  const results: Record<string, number[]> = {};
  for (const name of Object.keys(variants)) results[name] = [];
  for (let start = 0; start < samples; start += batch) {
    for (const [name, model] of Object.entries(variants)) {
      for (let index = 0; index < batch; index++) {
        const begin = process.hrtime.bigint();
        await model.doGenerate(call);
        results[name]?.push(Number(process.hrtime.bigint() - begin));
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  for (const list of Object.values(results)) list.sort((a, b) => a - b);
  return results;
}

const at = (sorted: number[], p: number) =>
  (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0) / 1000;
const line = (name: string, sorted: number[]) =>
  `  ${name.padEnd(34)} p50 ${at(sorted, 0.5).toFixed(2)} µs   p99 ${at(sorted, 0.99).toFixed(2)} µs   max ${at(sorted, 1).toFixed(0)} µs`;

const server = await startRedisServer();
const store = createRedisHealthStore({ url: server.url, fleet: 'router-bench', processId: 'bench' });
try {
  await store.synced();
  const memoryStore = memoryHealthStore();
  const memory = routerWith(memoryStore);
  const redis = routerWith(store);
  // Warm-up: JIT, and the stores' first reads.
  await timeCalls({ memory, redis }, 20_000);

  const answering = await timeCalls({ memory, redis }, 100_000);
  console.log(
    'router doGenerate, in-memory model, memory store vs Redis store (Redis answering), 100,000 calls each',
  );
  console.log(line('baseline: memoryHealthStore()', answering.memory as number[]));
  console.log(line('createRedisHealthStore()', answering.redis as number[]));
  console.log(
    `  overhead of the Redis store: p50 ${(at(answering.redis as number[], 0.5) - at(answering.memory as number[], 0.5)).toFixed(2)} µs, p99 ${(at(answering.redis as number[], 0.99) - at(answering.memory as number[], 0.99)).toFixed(2)} µs (target p50 <= 0.5 µs)\n`,
  );

  server.pause();
  const pausedAt = performance.now();
  // Health changes while Redis is frozen, in both stores alike: applied at once (the Redis store
  // publishes them when Redis is back).
  const cutoff = {
    scope: 'jurisdiction' as const,
    jurisdiction: 'DE',
    reason: 'region_blocked' as const,
    failure: {
      kind: 'cutoff' as const,
      scope: 'jurisdiction' as const,
      status: 403,
      message: 'region blocked',
    },
    since: Date.now(),
  };
  for (const healthStore of [memoryStore, store]) {
    healthStore.target('second').rateLimitedUntil = Date.now() + 60_000;
    healthStore.target('eu').setCutoff('DE', cutoff);
  }
  const paused: Record<string, number[]> = { memory: [], redis: [] };
  while (performance.now() - pausedAt < 3_000) {
    const slice = await timeCalls({ memory, redis }, 2_000);
    paused.memory?.push(...(slice.memory as number[]));
    paused.redis?.push(...(slice.redis as number[]));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const pausedFor = performance.now() - pausedAt;
  server.resume();
  for (const list of Object.values(paused)) list.sort((a, b) => a - b);
  console.log(
    `the same with Redis paused (SIGSTOP) for ${(pausedFor / 1000).toFixed(1)} s, ${paused.redis?.length} calls each`,
  );
  console.log(line('baseline: memoryHealthStore()', paused.memory as number[]));
  console.log(line('createRedisHealthStore(), paused', paused.redis as number[]));
  console.log(
    `  added routing latency with Redis paused: p99 ${(at(paused.redis as number[], 0.99) - at(paused.memory as number[], 0.99)).toFixed(2)} µs (target <= 1,000 µs); background failures meanwhile: ${store.stats().failures}`,
  );
  await store.flushed();
  console.log(
    `  after the pause: ${store.stats().pending} events pending, ${store.stats().published} published`,
  );
} finally {
  await store.close();
  await server.stop();
}
