import {
  budgetCounters,
  compileBudgets,
  type DecisionRecord,
  microUsdToUsd,
  validateConfig,
} from '@switchyard/core';
import { createOllama } from '@switchyard/ollama';
import { createOpenAI } from '@switchyard/openai';
import { createRedisBudgetStore, readBudgetUsage } from '@switchyard/redis';
import { startRedisServer } from '@switchyard/redis/test';
import { createRouter, memorySink } from '@switchyard/router';
import { startSimulator } from '@switchyard/simulators';
import { generateText } from 'ai';
import { budgetConfig } from './budget-config.js';

/** What the replicas did. */
export interface SharedBudgetStory {
  /** Who served each request, in order: `web-1 openai-gpt`, `web-2 local-llama`, ... */
  served: string[];
  /** What Redis holds for `fleet-hourly` at the end, in micro-dollars. */
  redisSpentMicroUsd: number;
  /** The sum of the records' charges on `fleet-hourly`, in micro-dollars. */
  recordsChargedMicroUsd: number;
  /** The budget's limit, in micro-dollars. */
  limitMicroUsd: number;
  /** What was printed. */
  lines: string[];
}

/**
 * Two replicas of an application (two routers, as two processes would run
 * them) share the `fleet-hourly` budget through one Redis: each reservation
 * is one atomic script over Redis, so together they stop at the limit,
 * however their requests interleave, and Redis's spend equals the sum of the
 * records' charges to the micro-dollar. Uses `REDIS_URL` when set, else
 * starts Debian's `redis-server` on a free port (`bash scripts/services.sh redis`).
 *
 * @returns who served what, and Redis's count against the records'.
 */
export async function shareBudgetOverRedis(): Promise<SharedBudgetStory> {
  const server = process.env.REDIS_URL === undefined ? await startRedisServer() : undefined;
  const url = process.env.REDIS_URL ?? (server?.url as string);
  const fleet = `example-budgets-${process.pid}`;
  const [openai, ollama] = await Promise.all([
    startSimulator({ kind: 'openai', models: ['gpt-4o'] }),
    startSimulator({ kind: 'ollama', models: ['llama3.2'] }),
  ]);
  const sink = memorySink();
  const replicas = ['web-1', 'web-2'].map((processId) => {
    const budgetStore = createRedisBudgetStore({ url, fleet, processId });
    const router = createRouter({
      config: budgetConfig,
      models: {
        'openai-gpt': createOpenAI({ apiKey: 'sk-demo', baseURL: openai.baseURL })('gpt-4o'),
        'local-llama': createOllama({ baseURL: ollama.baseURL })('llama3.2'),
      },
      budgetStore,
      sinks: [sink],
    });
    return { processId, router, budgetStore };
  });
  const served: string[] = [];
  const lines = ['Two replicas share fleet-hourly ($0.001 an hour on the hosted model) through Redis:'];
  let closed = false;
  try {
    for (let index = 0; index < 10; index++) {
      const replica = replicas[index % 2] as (typeof replicas)[number];
      const result = await generateText({
        model: replica.router.languageModel('chat'),
        prompt: `Question ${index + 1}`,
      });
      served.push(`${replica.processId} ${result.providerMetadata?.switchyard?.servedBy}`);
    }
    // Closing drains the reconciliations still on their way to Redis.
    for (const replica of replicas) {
      await replica.router.close();
      await replica.budgetStore.close();
    }
    closed = true;
    const budgets = compileBudgets({ budgets: validateConfig(budgetConfig).budgets });
    const fleetHourly = budgets.byId('fleet-hourly');
    const now = Date.now();
    const [usage] = await readBudgetUsage({
      url,
      fleet,
      now,
      firstBucketOf: (budgetId) =>
        budgetId === 'fleet-hourly' && fleetHourly
          ? budgetCounters([{ budget: fleetHourly, key: budgetId }], now)[0]?.firstBucket
          : undefined,
    });
    const charged = sink.records
      .flatMap((record: DecisionRecord) => record.attempts)
      .filter((attempt) => attempt.budget?.counted.some((counted) => counted.key === 'fleet-hourly'))
      .reduce((sum, attempt) => sum + (attempt.budget?.charged.microUsd ?? 0), 0);
    const limit = fleetHourly?.limits.microUsd ?? 0;
    lines.push(...served.map((entry) => `   ${entry}`));
    lines.push(
      `Redis holds $${microUsdToUsd(usage?.spent.microUsd ?? 0).toFixed(6)} spent of $${microUsdToUsd(limit).toFixed(6)}; the records' charges add up to $${microUsdToUsd(charged).toFixed(6)}.`,
    );
    return {
      served,
      redisSpentMicroUsd: usage?.spent.microUsd ?? 0,
      recordsChargedMicroUsd: charged,
      limitMicroUsd: limit,
      lines,
    };
  } finally {
    if (!closed)
      for (const replica of replicas) {
        await replica.router.close();
        await replica.budgetStore.close();
      }
    await Promise.all([openai.stop(), ollama.stop()]);
    await server?.stop();
  }
}
