/**
 * A router process of a fleet sharing budgets through Redis, for the
 * multi-process budget test: it sends `requests` streaming requests one after
 * another to route `chat` (a hosted target that streams a few words, then
 * local open weights), and reports on stdout (synchronous on a pipe, so a
 * line written is a line the parent gets, even if the process is killed next):
 *
 *   {"op":"streaming","request":<n>}  after the first content part of request n
 *   {"op":"record","record":{...}}    each decision record, as the request ends
 *   {"op":"done","stats":{...}}       after closing the router and the store
 *
 * Arguments: the Redis URL, the fleet, the process id, the number of requests.
 */
import type { LanguageModelV4, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { callbackSink, createRouter } from '@switchyard/router';
import { createRedisBudgetStore } from '../budget/create-redis-budget-store.js';

const [url = '', fleet = '', processId = '', count = '6'] = process.argv.slice(2);
const send = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);

/** Streams `words` words 15 ms apart (never more than the call's output cap), then a finish with usage. */
function streamingModel(provider: string, words: number): LanguageModelV4 {
  return {
    specificationVersion: 'v4',
    provider,
    modelId: `${provider}-model`,
    supportedUrls: {},
    doGenerate: () => Promise.reject(new Error('stream only')),
    async doStream(options) {
      const total = Math.min(words, options.maxOutputTokens ?? words);
      let sent = 0;
      let timer: NodeJS.Timeout | undefined;
      const stream = new ReadableStream<LanguageModelV4StreamPart>({
        start(controller) {
          controller.enqueue({ type: 'stream-start', warnings: [] });
          controller.enqueue({ type: 'text-start', id: 't' });
        },
        pull(controller) {
          return new Promise<void>((resolve) => {
            timer = setTimeout(() => {
              if (sent < total) {
                controller.enqueue({ type: 'text-delta', id: 't', delta: sent === 0 ? 'word' : ' word' });
                sent++;
              } else {
                controller.enqueue({ type: 'text-end', id: 't' });
                controller.enqueue({
                  type: 'finish',
                  finishReason: { unified: 'stop', raw: 'stop' },
                  usage: {
                    inputTokens: { total: 100, noCache: 100, cacheRead: 0, cacheWrite: 0 },
                    outputTokens: { total: sent, text: sent, reasoning: 0 },
                  },
                });
                controller.close();
              }
              resolve();
            }, 15);
          });
        },
        cancel() {
          clearTimeout(timer);
        },
      });
      return { stream };
    },
  };
}

const budgetStore = createRedisBudgetStore({ url, fleet, processId });
const router = createRouter({
  config: {
    targets: [
      {
        id: 'hosted',
        provider: 'openai',
        model: 'gpt',
        hostedIn: 'US',
        origin: 'US',
        weights: 'closed',
        contextWindow: 8_000,
        price: { input: 2, output: 10 },
      },
      {
        id: 'local',
        provider: 'ollama',
        model: 'llama',
        hostedIn: 'self',
        origin: 'US',
        weights: 'open',
        contextWindow: 8_000,
        price: { input: 0, output: 0 },
      },
    ],
    routes: { chat: { targets: ['hosted'], lastResort: ['local'] } },
    defaults: { context: { jurisdiction: 'US', tenant: 'acme' } },
    budgets: [
      {
        id: 'fleet-hourly',
        scope: { provider: ['openai'] },
        limit: { usd: 0.003 },
        window: { rolling: '1h' },
      },
    ],
  },
  models: { hosted: streamingModel('openai', 12), local: streamingModel('ollama', 4) },
  budgetStore,
  sinks: [callbackSink({ onRecord: (record) => send({ op: 'record', record }) })],
});

for (let request = 0; request < Number(count); request++) {
  const { stream } = await router.languageModel('chat').doStream({
    prompt: [{ role: 'user', content: [{ type: 'text', text: 'x'.repeat(400) }] }],
    maxOutputTokens: 50,
  });
  let first = true;
  for await (const part of stream) {
    if (first && part.type === 'text-delta') {
      first = false;
      send({ op: 'streaming', request });
    }
  }
}
await router.close();
await budgetStore.close();
send({ op: 'done', stats: budgetStore.stats });
process.exit(0);
