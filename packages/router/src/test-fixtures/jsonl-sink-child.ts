/**
 * Run as an unprivileged user by the jsonl sink test when the tests run as
 * root (root writes into read-only directories): writes one record through a
 * router into `argv[2]` (a read-only directory), then prints what happened.
 */
import { createRouter } from '../create-router.js';
import { jsonlSink } from '../sinks/jsonl-sink.js';
import { scriptedModel } from '../test/scripted-model.js';
import { testConfig } from './router-fixtures.js';

const folder = process.argv[2] as string;
const sink = jsonlSink({ path: `${folder}/records.jsonl`, flushIntervalMs: 5 });
const router = createRouter({
  config: testConfig(),
  models: { alpha: scriptedModel({ steps: [{ text: 'hi' }] }) },
  sinks: [sink],
});
const errors: string[] = [];
router.on('error', (event) => errors.push(event.message));
await router
  .languageModel('chat')
  .doGenerate({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] });
await new Promise((resolve) => setTimeout(resolve, 50));
let closeError = '';
try {
  await router.close();
} catch (error) {
  closeError = error instanceof Error ? error.message : String(error);
}
console.log(JSON.stringify({ errors, closeError, stats: sink.stats() }));
