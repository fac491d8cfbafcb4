/**
 * Simulator overhead on loopback: a bare node:http server answering a fixed
 * chat.completion body (baseline) vs the OpenAI simulator, through fetch and
 * through the official `openai` SDK, measured in the same run.
 *
 * Run: pnpm --filter @switchyard/simulators bench
 */
import { createServer } from 'node:http';
import OpenAI from 'openai';
import { startSimulator } from '../src/index.js';

const iterations = Number(process.env.BENCH_ITERATIONS ?? 2000);
const warmup = 200;
const body = JSON.stringify({
  model: 'gpt-4o',
  messages: [{ role: 'user', content: 'Where is the nearest station?' }],
});
const streamBody = JSON.stringify({
  ...JSON.parse(body),
  stream: true,
  stream_options: { include_usage: true },
});

async function measure(name: string, run: () => Promise<unknown>) {
  for (let index = 0; index < warmup; index++) await run();
  const samples: number[] = [];
  for (let index = 0; index < iterations; index++) {
    const start = process.hrtime.bigint();
    await run();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const p50 = samples[Math.floor(samples.length * 0.5)] ?? 0;
  const p99 = samples[Math.floor(samples.length * 0.99)] ?? 0;
  const mean = samples.reduce((sum, sample) => sum + sample, 0) / samples.length;
  return { name, p50, p99, mean };
}

const simulator = await startSimulator({ kind: 'openai', models: ['gpt-4o'], maxRecordedRequests: 100 });
const fixed = await (
  await fetch(`${simulator.baseURL}/chat/completions`, {
    method: 'POST',
    body,
    headers: { authorization: 'Bearer k' },
  })
).text();
const bare = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(fixed),
    });
    response.end(fixed);
  });
});
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
const address = bare.address();
const bareUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
const post = (url: string, payload: string) =>
  fetch(url, { method: 'POST', body: payload, headers: { authorization: 'Bearer k' } }).then((response) =>
    response.text(),
  );
const client = new OpenAI({ apiKey: 'k', baseURL: simulator.baseURL, maxRetries: 0 });
const bareClient = new OpenAI({ apiKey: 'k', baseURL: `${bareUrl}/v1`, maxRetries: 0 });
const params = JSON.parse(body) as OpenAI.ChatCompletionCreateParamsNonStreaming;

const results = [
  await measure('fetch -> bare node:http (baseline)', () => post(`${bareUrl}/v1/chat/completions`, body)),
  await measure('fetch -> simulator, JSON', () => post(`${simulator.baseURL}/chat/completions`, body)),
  await measure('fetch -> simulator, SSE stream', () =>
    post(`${simulator.baseURL}/chat/completions`, streamBody),
  ),
  await measure('openai SDK -> bare node:http', () => bareClient.chat.completions.create(params)),
  await measure('openai SDK -> simulator, JSON', () => client.chat.completions.create(params)),
];
const baseline = results[0]!;
console.log(`${iterations} sequential requests each, after ${warmup} warm-up requests`);
for (const result of results) {
  console.log(
    `${result.name.padEnd(38)} p50 ${result.p50.toFixed(3)} ms  p99 ${result.p99.toFixed(3)} ms  mean ${result.mean.toFixed(3)} ms  p50 x${(result.p50 / baseline.p50).toFixed(2)} of baseline`,
  );
}
await simulator.stop();
bare.closeAllConnections();
await new Promise<void>((resolve) => bare.close(() => resolve()));
