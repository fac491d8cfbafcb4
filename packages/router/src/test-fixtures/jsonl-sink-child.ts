/**
 * Run by the jsonl sink test: writes one record through a router into
 * `argv[2]` (a read-only directory), then prints what happened. With
 * `argv[3]` (a uid), it first becomes that unprivileged user, once its modules
 * are loaded (root writes into read-only directories, and the user may not
 * read the repository: a clone in a private folder).
 */
import { createRouter } from '../create-router.js';
import { jsonlSink } from '../sinks/jsonl-sink.js';
import { scriptedModel } from '../test/scripted-model.js';
import { testConfig } from './router-fixtures.js';

const folder = process.argv[2] as string;
const user = process.argv[3];
if (user !== undefined) {
  process.setgid?.(Number(user));
  process.setuid?.(Number(user));
}
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
