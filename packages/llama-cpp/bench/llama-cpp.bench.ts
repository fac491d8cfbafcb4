/**
 * In-process local model benchmark (issue 17), on the tiny seeded model.
 *
 *   pnpm --filter @switchyard/llama-cpp bench
 *
 * - Cold start: three fresh processes each import the package, load the
 *   llama.cpp binding (getLlama, which tests the prebuilt binary in a child
 *   process first), check and load the model and create its context; against
 *   the start of a bare `node` process measured in the same run.
 *   Goal: binding + model + context <= 1 s.
 * - Determinism and memory: the same three processes answer the same prompt
 *   greedily; the answers must be byte-identical. RSS after 21 answers.
 * - Tokens per second of the tiny model (one sequence, 256 tokens, greedy).
 * - First token after a cut-off: a router whose hosted target answers every
 *   call with a cut-off falls back to the loaded local model; time to the
 *   first text part of a stream, against the local model streamed directly
 *   (the difference is the router's overhead plus the failed attempt).
 * - The router's own overhead on the local model with no cut-off: doGenerate and a drained
 *   doStream, direct vs via a router serving it, with a direct-vs-direct control for the noise;
 *   for doGenerate also the adapter's own doStream drained and a router with
 *   `streamGenerate: false` (what sending the call as a stream costs this model, apart from the
 *   router's code). Goal (router core issue): within noise of direct. Then the router's own
 *   doGenerate path on an in-memory model that answers at once, timed right after each local call
 *   (the CPU caches as cold as in the rows above) and again at once (warm): what the router's code
 *   costs this model apart from the model's own work.
 * - The package's own test run (its `test` script, three times): the peak RSS
 *   of its largest process (what `/usr/bin/time -v` reports), against a bare
 *   `node` process measured the same way; wall time; whether the three runs
 *   gave the same results. Goals: <= 150 MB (150e6 bytes), <= 5 s, identical.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { LanguageModelV4, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { ProviderError } from '@switchyard/core/failure';
// The built package (dist), as users run it: the bench script builds it first.
import { createLlamaCpp } from '@switchyard/llama-cpp';
import { writeTinyGguf } from '@switchyard/llama-cpp/testing';
import { createRouter } from '@switchyard/router';
import { measureTestRun, testResultsFingerprint } from './measure-test-run.js';

const run = promisify(execFile);
const dir = await mkdtemp(join(tmpdir(), 'switchyard-llama-bench-'));
const { path } = await writeTinyGguf({ path: join(dir, 'tiny.gguf') });
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const ms = (value: number) => `${value.toFixed(1)} ms`;

// Cold start, determinism, RSS.
const bare: number[] = [];
const colds: {
  importMs: number;
  binaryMs: number;
  modelMs: number;
  firstAnswerMs: number;
  text: string;
  rssBytes: number;
  maxRssBytes: number;
}[] = [];
for (let round = 0; round < 3; round++) {
  let started = performance.now();
  await run(process.execPath, ['-e', '']);
  bare.push(performance.now() - started);
  started = performance.now();
  const { stdout } = await run(process.execPath, [
    new URL('./cold-start-child.mjs', import.meta.url).pathname,
    path,
  ]);
  colds.push(JSON.parse(stdout.trim().split('\n').at(-1) as string));
}
const cold = (key: 'importMs' | 'binaryMs' | 'modelMs' | 'firstAnswerMs') =>
  median(colds.map((entry) => entry[key]));
const coldStart = median(colds.map((entry) => entry.binaryMs + entry.modelMs));
console.log('Cold start (median of 3 fresh processes)');
console.log(`  bare node process start     ${ms(median(bare))} (baseline)`);
console.log(`  import @switchyard/llama-cpp ${ms(cold('importMs'))}`);
console.log(`  llama.cpp binding (getLlama) ${ms(cold('binaryMs'))}`);
console.log(`  check + load model + context ${ms(cold('modelMs'))}`);
console.log(
  `  binding + model + context    ${ms(coldStart)} = ${(coldStart / median(bare)).toFixed(1)}x a bare node start; goal <= 1000 ms: ${coldStart <= 1000 ? 'met' : 'NOT met'}`,
);
console.log(`  first answer (64 tokens)     ${ms(cold('firstAnswerMs'))}`);
const hashes = colds.map((entry) => createHash('sha256').update(entry.text).digest('hex').slice(0, 16));
console.log(
  `Determinism: greedy answers of 3 processes ${new Set(hashes).size === 1 ? 'byte-identical' : 'DIFFER'} (${hashes.join(', ')})`,
);
console.log(
  `Memory: RSS after 21 answers ${(median(colds.map((entry) => entry.rssBytes)) / 1_048_576).toFixed(0)} MiB, peak ${(median(colds.map((entry) => entry.maxRssBytes)) / 1_048_576).toFixed(0)} MiB (goal <= 150 MB)`,
);

// Tokens per second and first token after a cut-off, in this process.
const provider = createLlamaCpp({ sequences: 4, contextSize: 2048 });
const local = provider(path);
await local.warm();
const prompt = [
  { role: 'user' as const, content: [{ type: 'text' as const, text: 'Tell me about the route policy.' }] },
];
const rates: number[] = [];
for (let round = 0; round < 5; round++) {
  const started = performance.now();
  const result = await local.doGenerate({ prompt, maxOutputTokens: 256 });
  rates.push(((result.usage.outputTokens.total ?? 0) * 1000) / (performance.now() - started));
}
console.log(
  `Tokens per second (1 sequence, 256 tokens, greedy, with the prompt): median ${median(rates).toFixed(0)}`,
);

const cutOff: LanguageModelV4 = {
  specificationVersion: 'v4',
  provider: 'openai',
  modelId: 'gpt-5.4',
  supportedUrls: {},
  doGenerate: () => Promise.reject(cutoffError()),
  doStream: () => Promise.reject(cutoffError()),
};
function cutoffError() {
  return new ProviderError({
    provider: 'openai',
    model: 'gpt-5.4',
    failure: {
      kind: 'cutoff',
      cutoffReason: 'model_withdrawn',
      scope: 'target',
      status: 404,
      message: 'withdrawn',
    },
  });
}
async function firstToken(model: LanguageModelV4): Promise<number> {
  const started = performance.now();
  const { stream } = await model.doStream({ prompt, maxOutputTokens: 16 });
  const reader = (stream as ReadableStream<LanguageModelV4StreamPart>).getReader();
  let at = Number.NaN;
  for (;;) {
    const next = await reader.read();
    if (next.done) break;
    if (Number.isNaN(at) && next.value.type === 'text-delta') at = performance.now() - started;
  }
  return at;
}
const target = { hostedIn: 'US', origin: 'US', contextWindow: 2048 } as const;
const direct: number[] = [];
const routed: number[] = [];
for (let round = 0; round < 30; round++) {
  direct.push(await firstToken(local));
  // A fresh router each round: every request meets the cut-off, then falls back.
  const router = createRouter({
    config: {
      targets: [
        { id: 'hosted', provider: 'openai', model: 'gpt-5.4', weights: 'closed', ...target },
        {
          id: 'local',
          provider: 'llama-cpp',
          model: path,
          weights: 'open',
          hostedIn: 'self',
          origin: 'US',
          contextWindow: 2048,
        },
      ],
      routes: { chat: { targets: ['hosted'], lastResort: ['local'] } },
      policy: { id: 'allow-all' },
    },
    models: { hosted: cutOff, local },
  });
  routed.push(await firstToken(router.languageModel('chat')));
  await router.close();
}
const overhead = median(routed) - median(direct);
console.log('First token (median of 30 streams, 16 tokens)');
console.log(`  local model directly         ${ms(median(direct))} (baseline)`);
console.log(
  `  via the router, after a cut-off of the hosted target ${ms(median(routed))} = ${(median(routed) / median(direct)).toFixed(2)}x; goal <= 50 ms: ${median(routed) <= 50 ? 'met' : 'NOT met'}`,
);
console.log(`  router overhead (cut-off attempt + fallback + records) ${ms(overhead)}`);

// The router's own overhead on the local model, with no cut-off: one router whose route serves
// `local`, against the model called directly and against itself (a control: the noise of the
// measure), calls interleaved A, B, router, ... so the machine's load falls on all alike. The
// target declares `streaming`, so the router sends a generate call as a stream (`streamGenerate`,
// the default: the first-token and stall timeouts bound it); the generate row also shows the
// adapter's own doStream drained and a router with `streamGenerate: false`, which split what the
// router adds into what streaming costs this model and what the router's code costs.
const calls = 300;
const servedConfig = () => ({
  targets: [
    {
      id: 'local',
      provider: 'llama-cpp',
      model: path,
      weights: 'open' as const,
      hostedIn: 'self',
      origin: 'US',
      contextWindow: 2048,
      // As the drills declare it: generate calls then go to it as streams (`streamGenerate`).
      capabilities: ['streaming' as const],
    },
  ],
  routes: { chat: { targets: ['local'] } },
  policy: { id: 'allow-all' },
});
const servedRouter = createRouter({ config: servedConfig(), models: { local } });
const unstreamedRouter = createRouter({
  config: servedConfig(),
  models: { local },
  health: { targets: { local: { streamGenerate: false } } },
});
const viaRouter = servedRouter.languageModel('chat');
const viaUnstreamed = unstreamedRouter.languageModel('chat');
const timedGenerate = async (model: LanguageModelV4) => {
  const started = performance.now();
  await model.doGenerate({ prompt, maxOutputTokens: 8 });
  return performance.now() - started;
};
const timedStream = async (model: LanguageModelV4) => {
  const started = performance.now();
  const { stream } = await model.doStream({ prompt, maxOutputTokens: 8 });
  for await (const _part of stream as ReadableStream<LanguageModelV4StreamPart>) {
    // drained
  }
  return performance.now() - started;
};
const us = (value: number) => `${(value * 1000).toFixed(0)} µs`;
console.log(`Router overhead on the local model, no cut-off (p50 of ${calls} interleaved calls, 8 tokens)`);
for (const [name, timed, others] of [
  [
    'doGenerate',
    timedGenerate,
    [
      ["the adapter's doStream drained", () => timedStream(local)],
      ['via a router with streamGenerate: false', () => timedGenerate(viaUnstreamed)],
    ],
  ],
  ['doStream drained', timedStream, []],
] as const) {
  const a: number[] = [];
  const b: number[] = [];
  const r: number[] = [];
  const o: number[][] = others.map(() => []);
  for (let call = 0; call < calls; call++) {
    a.push(await timed(local));
    b.push(await timed(local));
    r.push(await timed(viaRouter));
    for (const [index, [, other]] of others.entries()) o[index]?.push(await other());
  }
  const control = median(b) - median(a);
  const added = median(r) - median(a);
  console.log(
    `  ${name.padEnd(17)} direct ${us(median(a))}, direct again ${us(median(b))} (control ${us(control)}), via the router ${us(median(r))}: the router adds ${us(added)} = ${((100 * added) / median(a)).toFixed(1)} % of the call`,
  );
  for (const [index, [label]] of others.entries()) {
    const value = median(o[index] as number[]);
    console.log(`    ${label}: ${us(value)} (${us(value - median(a))} against direct)`);
  }
}

// What the router's own path costs when the CPU caches are cold, as they are after a call of this
// model (its ~4 ms of work evicts the router's code and data): a router over an in-memory model
// that answers at once, called right after each local call, against the same router called again
// at once (warm) and the in-memory model alone. The in-memory router bench measures the warm case.
const answered = await local.doGenerate({ prompt, maxOutputTokens: 8 });
const instant: LanguageModelV4 = {
  specificationVersion: 'v4',
  provider: 'llama-cpp',
  modelId: path,
  supportedUrls: {},
  doGenerate: async () => answered,
  doStream: () => Promise.reject(new Error('not used')),
};
const instantRouter = createRouter({
  config: servedConfig(),
  models: { local: instant },
  health: { targets: { local: { streamGenerate: false } } },
});
const viaInstant = instantRouter.languageModel('chat');
const instantAlone: number[] = [];
const coldRouter: number[] = [];
const warmRouter: number[] = [];
for (let call = 0; call < calls; call++) {
  await local.doGenerate({ prompt, maxOutputTokens: 8 });
  instantAlone.push(await timedGenerate(instant));
  coldRouter.push(await timedGenerate(viaInstant));
  warmRouter.push(await timedGenerate(viaInstant));
}
console.log(
  `  the router's own doGenerate path on an in-memory model, right after a local call (cold caches): ${us(median(coldRouter))}; called again at once (warm): ${us(median(warmRouter))}; the in-memory model alone: ${us(median(instantAlone))}`,
);
await instantRouter.close();
await servedRouter.close();
await unstreamedRouter.close();
await provider.close();
await rm(dir, { recursive: true, force: true });

// The package's test run, exactly as `pnpm --filter @switchyard/llama-cpp test` runs it.
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const { scripts } = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as {
  scripts: { test: string };
};
const binDirs = [
  join(packageDir, 'node_modules', '.bin'),
  join(packageDir, '..', '..', 'node_modules', '.bin'),
];
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB (${(bytes / 1_048_576).toFixed(1)} MiB)`;
const bareNode = await measureTestRun({
  command: `"${process.execPath}" -e ""`,
  cwd: packageDir,
  binDirs,
});
const runs = [];
const fingerprints: string[] = [];
for (let round = 0; round < 3; round++) {
  runs.push(await measureTestRun({ command: scripts.test, cwd: packageDir, binDirs }));
  fingerprints.push(await testResultsFingerprint(join(packageDir, '.vitest-results', 'results.json')));
}
const peak = Math.max(...runs.map((entry) => entry.peakRssBytes));
const slowest = Math.max(...runs.map((entry) => entry.wallMs));
const passed = runs.every((entry) => entry.exitCode === 0);
console.log(`Test run (\`${scripts.test}\`, 3 runs; largest process of the tree, ${runs[0]?.source})`);
console.log(`  bare node process            ${mb(bareNode.peakRssBytes)} (baseline)`);
console.log(
  `  peak RSS                     ${mb(peak)} = ${(peak / bareNode.peakRssBytes).toFixed(1)}x a bare node process (runs: ${runs.map((entry) => (entry.peakRssBytes / 1e6).toFixed(1)).join(', ')} MB); goal <= 150 MB: ${peak <= 150e6 ? 'met' : 'NOT met'}`,
);
console.log(
  `  wall time, slowest           ${ms(slowest)} (runs: ${runs.map((entry) => ms(entry.wallMs)).join(', ')}); goal <= 5 s: ${slowest <= 5000 ? 'met' : 'NOT met'}`,
);
console.log(
  `  results                      ${passed ? 'all passed' : 'FAILED'}; ${new Set(fingerprints).size === 1 ? 'identical over 3 runs' : 'DIFFER'} (${fingerprints[0]})`,
);
