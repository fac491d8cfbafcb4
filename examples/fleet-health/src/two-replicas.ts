import type { SwitchyardConfigInput } from '@switchyard/core';
import { createOllama } from '@switchyard/ollama';
import { createOpenAI } from '@switchyard/openai';
import { createRedisHealthStore } from '@switchyard/redis';
import { startRedisServer } from '@switchyard/redis/test';
import { createRouter, type HealthSnapshot, type RouterEvents } from '@switchyard/router';
import { startSimulator } from '@switchyard/simulators';
import { generateText } from 'ai';

/** The route: a hosted frontier model, then local open weights. */
const config: SwitchyardConfigInput = {
  targets: [
    {
      id: 'openai-gpt',
      provider: 'openai',
      model: 'gpt-4o',
      hostedIn: 'US',
      origin: 'US',
      weights: 'closed',
      contextWindow: 128_000,
      price: { input: 2.5, output: 10 },
    },
    {
      id: 'local-llama',
      provider: 'ollama',
      model: 'llama3.2',
      hostedIn: 'self',
      origin: 'US',
      weights: 'open',
      contextWindow: 128_000,
      price: { input: 0, output: 0 },
    },
  ],
  routes: { chat: { targets: ['openai-gpt'], lastResort: ['local-llama'] } },
  policy: { id: 'allow-all', defaultEffect: 'allow' },
  defaults: { context: { jurisdiction: 'DE' } },
};

/** What the story found. */
export interface TwoReplicasStory {
  /** What was printed. */
  lines: string[];
  /** Who served each request, in order (`web-1: openai-gpt`, ...). */
  served: string[];
  /** Requests the OpenAI simulator received from web-2 after web-1 found the model withdrawn. */
  web2TriedWithdrawn: number;
  /** The cut-off as web-2 announced it. */
  web2Heard: RouterEvents['target-cut-off'];
  /** web-2's merged view of the fleet's health. */
  snapshot: HealthSnapshot;
}

/**
 * Two replicas of one application (`web-1`, `web-2`), each with its own
 * router and its own Redis health store, sharing one Redis (started here, on
 * 127.0.0.1): OpenAI withdraws the model; web-1 finds out on its next request
 * and falls back to local open weights; web-2 hears of it from the fleet
 * within milliseconds and never tries the withdrawn model.
 */
export async function runTwoReplicas(): Promise<TwoReplicasStory> {
  const redis = await startRedisServer();
  const [openai, ollama] = await Promise.all([
    startSimulator({ kind: 'openai', models: ['gpt-4o'] }),
    startSimulator({ kind: 'ollama', models: ['llama3.2'] }),
  ]);
  const replica = (processId: string) => {
    // One store per process: it keeps this process's copy of the fleet's health and shares it.
    const healthStore = createRedisHealthStore({ url: redis.url, fleet: 'checkout', processId });
    const router = createRouter({
      config,
      healthStore,
      models: {
        'openai-gpt': createOpenAI({ apiKey: 'sk-demo', baseURL: openai.baseURL })('gpt-4o'),
        'local-llama': createOllama({ baseURL: ollama.baseURL })('llama3.2'),
      },
    });
    return { processId, healthStore, router };
  };
  const web1 = replica('web-1');
  const web2 = replica('web-2');
  const lines: string[] = [];
  const served: string[] = [];
  const ask = async (from: typeof web1) => {
    const result = await generateText({
      model: from.router.languageModel('chat'),
      prompt: 'Summarise the memo',
    });
    const by = String(result.providerMetadata?.switchyard?.servedBy);
    served.push(`${from.processId}: ${by}`);
    lines.push(`${from.processId} served by ${by}`);
  };
  try {
    await Promise.all([web1.healthStore.synced(), web2.healthStore.synced()]);
    await ask(web1);
    await ask(web2);

    lines.push('OpenAI withdraws gpt-4o.');
    openai.addFault({ fault: { type: 'model_withdrawn' } });
    const heard = new Promise<RouterEvents['target-cut-off']>((resolve) =>
      web2.router.on('target-cut-off', resolve),
    );
    const detectedAt = performance.now();
    await ask(web1);
    const web2Heard = await heard;
    lines.push(
      `web-2 heard from ${web2Heard.by} (${web2Heard.source}) ${(performance.now() - detectedAt).toFixed(1)} ms after web-1's request started`,
    );
    const before = openai.requests.length;
    await ask(web2);
    const web2TriedWithdrawn = openai.requests.length - before;
    lines.push(`web-2 sent ${web2TriedWithdrawn} request(s) to the withdrawn model`);
    const snapshot = web2.router.health.snapshot();
    for (const target of snapshot.targets) {
      for (const cutoff of target.cutoffs) {
        lines.push(
          `web-2 sees ${target.targetId} cut off for ${cutoff.scope === 'target' ? 'everyone' : cutoff.jurisdiction} (${cutoff.reason}) since ${new Date(cutoff.since).toISOString()}, detected by ${cutoff.by} (${cutoff.source}): ${cutoff.evidence.status} ${cutoff.evidence.message}`,
        );
      }
    }
    return { lines, served, web2TriedWithdrawn, web2Heard, snapshot };
  } finally {
    await Promise.all([web1.router.close(), web2.router.close()]);
    await Promise.all([web1.healthStore.close(), web2.healthStore.close()]);
    await Promise.all([openai.stop(), ollama.stop()]);
    await redis.stop();
  }
}
