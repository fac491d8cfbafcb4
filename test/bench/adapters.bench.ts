/**
 * Adapter benchmark: for each provider, against the same zero-latency simulator on
 * 127.0.0.1 (in a child process), in one run:
 *
 * - `direct A` and `direct B`: the official SDK called directly by two independent
 *   clients; B / A is the control, i.e. the noise of this machine and method;
 * - `adapter`: our `LanguageModelV4` (`doGenerate`) over the same SDK;
 * - `router`: `createRouter` with one target on that adapter (`doGenerate` of the route), with
 *   the router's defaults: a generate call goes to the provider as a stream (`streamGenerate`,
 *   so the first-token and stall timeouts bound it) and is collected;
 * - `router/json` (generate only): the same router with `streamGenerate: false`, so the
 *   provider answers one JSON body as it does for the SDK called directly: the router's own
 *   cost, apart from what reading a stream instead of one body costs.
 * - `layer` (stream only): the adapter behind one bare pull-based stream that passes its
 *   parts on (two read ahead, as the router's served stream), and nothing else: the floor any
 *   wrapper of a stream pays (a read request and its promise per part), so the router's own
 *   share shows apart from it.
 *
 * Variants are interleaved in round-robin batches (the starting variant rotates each
 * round) so drift hits them equally. Per-request p50/p99 come from sequential calls;
 * `paired` is the median over rounds of a variant's p50 minus direct A's in the same round,
 * which drift moves far less than the difference of the whole-run p50s (`added p50`).
 * Throughput is measured sequentially and with 8 requests in flight, in total and as
 * the median (with its interquartile range) of per-round ratios against direct A.
 *
 * It measures the built packages (`dist`), as users run them: `pnpm bench` builds them first,
 * and Node strips this file's types itself. (Through `tsx` and the `@switchyard/source`
 * condition, our sources would pay for a helper call per closure that the build has not.)
 *
 * Run: `pnpm --filter @switchyard/tests bench` (or `pnpm bench` from the root).
 * Both `doGenerate`-style calls (`generate`) and streams read to the end (`stream`) are measured.
 * `BENCH_REQUESTS` (default 1200) and `BENCH_STREAM_REQUESTS` (default 500) set the measured
 * requests per variant and mode.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import Anthropic from '@anthropic-ai/sdk';
import { createAnthropic } from '@switchyard/anthropic';
import { createOllama } from '@switchyard/ollama';
import { createOpenAI } from '@switchyard/openai';
import { createRouter } from '@switchyard/router';
import { Ollama } from 'ollama';
import OpenAI from 'openai';

const batch = 100;
const requests = readCount('BENCH_REQUESTS', 1200);
const streamRequests = readCount('BENCH_STREAM_REQUESTS', 500);
/** A variant that does not answer its first request within this is reported as skipped. */
const sanityTimeoutMs = 5_000;
const concurrency = 8;
const warmup = 100;
const prompt = 'Summarise the export-control memo in one sentence.';
const maxTokens = 64;

interface Variant {
  readonly name: string;
  /** One request; resolves with the answer text. */
  readonly call: () => Promise<string>;
}

interface Provider {
  readonly name: string;
  readonly expected: string;
  readonly variants: readonly Variant[];
}

interface Measured {
  readonly name: string;
  readonly samples: Float64Array;
  sequentialMs: number;
  concurrentMs: number;
  concurrentRequests: number;
  /** Requests per second of each round's sequential batch, by round. */
  readonly sequentialRounds: number[];
  /** Requests per second of each round's concurrent batch, by round. */
  readonly concurrentRounds: number[];
}

function readCount(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(Number.isInteger(value) && value >= batch && value <= 100_000)) {
    throw new Error(`${name} must be an integer from ${batch} to 100000; got ${JSON.stringify(raw)}.`);
  }
  return value;
}

async function startSimulators(): Promise<{
  child: ChildProcess;
  urls: { openai: string; anthropic: string; ollama: string };
}> {
  const script = new URL('./simulators-process.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--conditions=@switchyard/source', '--import', 'tsx', script], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`the simulator process exited (${code}) before printing its URLs`);
  });
  const first = new Promise<string>((resolve) => lines.once('line', resolve));
  const line = await Promise.race([first, exited]);
  lines.close();
  return { child, urls: JSON.parse(line) as { openai: string; anthropic: string; ollama: string } };
}

const callOptions: LanguageModelV4CallOptions = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: prompt }] }],
  maxOutputTokens: maxTokens,
};

function viaModel(model: LanguageModelV4): () => Promise<string> {
  return async () => {
    const result = await model.doGenerate(callOptions);
    let text = '';
    for (const part of result.content) if (part.type === 'text') text += part.text;
    return text;
  };
}

function streamViaModel(model: LanguageModelV4): () => Promise<string> {
  return async () => {
    const { stream } = await model.doStream(callOptions);
    let text = '';
    for await (const part of stream) {
      if (part.type === 'text-delta') text += part.delta;
      else if (part.type === 'error') throw part.error;
    }
    return text;
  };
}

/**
 * `model` behind one pull-based stream that passes its parts on (two read ahead, as the
 * router's served stream) and does nothing else.
 */
function layered(model: LanguageModelV4): LanguageModelV4 {
  return {
    ...model,
    async doStream(options: LanguageModelV4CallOptions) {
      const opened = await model.doStream(options);
      const reader = opened.stream.getReader();
      const source = {
        async pull(controller: ReadableStreamDefaultController<LanguageModelV4StreamPart>) {
          while ((controller.desiredSize ?? 0) > 0) {
            const next = await reader.read();
            if (next.done) return controller.close();
            controller.enqueue(next.value);
          }
        },
      };
      return {
        ...opened,
        stream: new ReadableStream<LanguageModelV4StreamPart>(source, { highWaterMark: 2 }),
      };
    },
  };
}

type Mode = 'generate' | 'stream';

function providers(urls: { openai: string; anthropic: string; ollama: string }, mode: Mode): Provider[] {
  const target = (id: string, provider: string, model: string, hostedIn: string) => ({
    id,
    provider,
    model,
    hostedIn,
    origin: 'US',
    weights: provider === 'ollama' ? ('open' as const) : ('closed' as const),
    contextWindow: 128_000,
    // Every provider streams: generate calls go as streams (streamGenerate, the default).
    capabilities: ['streaming' as const],
    price: { input: 1, output: 1 },
  });
  const openaiModel = createOpenAI({ apiKey: 'sk-bench', baseURL: urls.openai })('gpt-4o');
  const anthropicModel = createAnthropic({ apiKey: 'sk-ant-bench', baseURL: urls.anthropic })(
    'claude-sonnet-5-5',
  );
  const ollamaModel = createOllama({ baseURL: urls.ollama })('llama3.2');
  const config = {
    targets: [
      target('openai-gpt', 'openai', 'gpt-4o', 'US'),
      target('anthropic-claude', 'anthropic', 'claude-sonnet-5-5', 'US'),
      target('local-llama', 'ollama', 'llama3.2', 'self'),
    ],
    routes: {
      openai: { targets: ['openai-gpt'] },
      anthropic: { targets: ['anthropic-claude'] },
      ollama: { targets: ['local-llama'] },
    },
    defaults: { context: { jurisdiction: 'US', dataClass: 'internal' as const } },
  };
  const models = {
    'openai-gpt': openaiModel,
    'anthropic-claude': anthropicModel,
    'local-llama': ollamaModel,
  };
  const router = createRouter({ config, models });
  const routerJson = createRouter({ config, models, health: { streamGenerate: false } });
  /**
   * The variants over a route's adapter: for streams one bare stream layer; the router with its
   * defaults; for generate calls also the router with one JSON body.
   */
  const viaRouter = (route: string, model: LanguageModelV4): Variant[] => [
    ...(mode === 'stream' ? [{ name: 'layer', call: viaOurs(layered(model)) }] : []),
    { name: 'router', call: viaOurs(router.languageModel(route)) },
    ...(mode === 'generate' ? [{ name: 'router/json', call: viaOurs(routerJson.languageModel(route)) }] : []),
  ];

  const openaiDirect = (client: OpenAI) => async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: prompt }],
      max_completion_tokens: maxTokens,
    });
    return completion.choices[0]?.message.content ?? '';
  };
  const anthropicDirect = (client: Anthropic) => async () => {
    const message = await client.messages.create({
      model: 'claude-sonnet-5-5',
      max_tokens: maxTokens,
      messages: [{ role: 'user', content: prompt }],
    });
    return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  };
  const ollamaDirect = (client: Ollama) => async () => {
    const response = await client.chat({
      model: 'llama3.2',
      messages: [{ role: 'user', content: prompt }],
      stream: false,
      options: { num_predict: maxTokens },
    });
    return response.message.content;
  };
  const openaiStream = (client: OpenAI) => async () => {
    const chunks = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: prompt }],
      max_completion_tokens: maxTokens,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    for await (const chunk of chunks) text += chunk.choices[0]?.delta.content ?? '';
    return text;
  };
  const anthropicStream = (client: Anthropic) => async () => {
    const events = await client.messages.create({
      model: 'claude-sonnet-5-5',
      max_tokens: maxTokens,
      messages: [{ role: 'user', content: prompt }],
      stream: true,
    });
    let text = '';
    for await (const event of events) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    }
    return text;
  };
  const ollamaStream = (client: Ollama) => async () => {
    const parts = await client.chat({
      model: 'llama3.2',
      messages: [{ role: 'user', content: prompt }],
      stream: true,
      options: { num_predict: maxTokens },
    });
    let text = '';
    for await (const part of parts) text += part.message.content;
    return text;
  };
  const streaming = mode === 'stream';
  const viaOurs = streaming ? streamViaModel : viaModel;
  const openaiClient = () => new OpenAI({ apiKey: 'sk-bench', baseURL: urls.openai, maxRetries: 0 });
  const anthropicClient = () =>
    new Anthropic({ apiKey: 'sk-ant-bench', baseURL: urls.anthropic, maxRetries: 0 });
  const ollamaClient = () => new Ollama({ host: urls.ollama });

  return [
    {
      name: `openai (gpt-4o) ${mode}`,
      expected: `This is gpt-4o answering: "${prompt}".`,
      variants: [
        { name: 'direct A', call: (streaming ? openaiStream : openaiDirect)(openaiClient()) },
        { name: 'direct B', call: (streaming ? openaiStream : openaiDirect)(openaiClient()) },
        { name: 'adapter', call: viaOurs(openaiModel) },
        ...viaRouter('openai', openaiModel),
      ],
    },
    {
      name: `anthropic (claude-sonnet-5-5) ${mode}`,
      expected: `This is claude-sonnet-5-5 answering: "${prompt}".`,
      variants: [
        { name: 'direct A', call: (streaming ? anthropicStream : anthropicDirect)(anthropicClient()) },
        { name: 'direct B', call: (streaming ? anthropicStream : anthropicDirect)(anthropicClient()) },
        { name: 'adapter', call: viaOurs(anthropicModel) },
        ...viaRouter('anthropic', anthropicModel),
      ],
    },
    {
      name: `ollama (llama3.2) ${mode}`,
      expected: `This is llama3.2 answering: "${prompt}".`,
      variants: [
        { name: 'direct A', call: (streaming ? ollamaStream : ollamaDirect)(ollamaClient()) },
        { name: 'direct B', call: (streaming ? ollamaStream : ollamaDirect)(ollamaClient()) },
        { name: 'adapter', call: viaOurs(ollamaModel) },
        ...viaRouter('ollama', ollamaModel),
      ],
    },
  ];
}

async function runConcurrent(call: () => Promise<string>, count: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      await call();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Resolves with the value, or with undefined when it takes longer than `ms` (a hung call is left behind). */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  promise.catch(() => undefined);
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

async function measure(provider: Provider, count: number): Promise<Measured[] | string> {
  for (const variant of provider.variants) {
    const text = await withTimeout(variant.call(), sanityTimeoutMs);
    if (text === undefined) return `skipped: ${variant.name} did not answer within ${sanityTimeoutMs} ms`;
    if (text !== provider.expected) {
      throw new Error(
        `${provider.name} ${variant.name} answered ${JSON.stringify(text)}, not the simulator's answer`,
      );
    }
  }
  const results: Measured[] = provider.variants.map((variant) => ({
    name: variant.name,
    samples: new Float64Array(count),
    sequentialMs: 0,
    concurrentMs: 0,
    concurrentRequests: 0,
    sequentialRounds: [],
    concurrentRounds: [],
  }));
  const variants = provider.variants;
  for (let round = 0; round < warmup / 10; round++) {
    for (const variant of variants) {
      for (let index = 0; index < 10; index++) await variant.call();
      await runConcurrent(variant.call, 10);
    }
  }
  const rounds = Math.ceil(count / batch);
  for (let round = 0; round < rounds; round++) {
    const size = Math.min(batch, count - round * batch);
    for (let offset = 0; offset < variants.length; offset++) {
      const position = (round + offset) % variants.length;
      const variant = variants[position] as Variant;
      const result = results[position] as Measured;
      // Sequential: one request at a time, each timed.
      const batchStart = process.hrtime.bigint();
      for (let index = 0; index < size; index++) {
        const start = process.hrtime.bigint();
        await variant.call();
        result.samples[round * batch + index] = Number(process.hrtime.bigint() - start) / 1e6;
      }
      const sequentialMs = Number(process.hrtime.bigint() - batchStart) / 1e6;
      result.sequentialMs += sequentialMs;
      result.sequentialRounds.push((size / sequentialMs) * 1000);
      // Concurrent: `size` requests, 8 in flight.
      const concurrentStart = process.hrtime.bigint();
      await runConcurrent(variant.call, size);
      const concurrentMs = Number(process.hrtime.bigint() - concurrentStart) / 1e6;
      result.concurrentMs += concurrentMs;
      result.concurrentRequests += size;
      result.concurrentRounds.push((size / concurrentMs) * 1000);
    }
  }
  return results;
}

function percentile(sorted: Float64Array, fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index] as number;
}

interface Ratio {
  /** Median over rounds of this variant's rate / direct A's rate in the same round. */
  median: number;
  /** 25th and 75th percentiles of the same per-round ratios. */
  low: number;
  high: number;
}

interface Summary {
  name: string;
  p50: number;
  p99: number;
  /** Median over rounds of this variant's p50 minus direct A's p50 in the same round, in ms. */
  pairedAddedP50: number;
  sequentialRps: number;
  concurrentRps: number;
  sequentialRatio: Ratio;
  concurrentRatio: Ratio;
}

/**
 * Rates are compared round by round (the batches of one round ran back to back), and the
 * median of those paired ratios is reported: drift cancels out and a hiccup in one round
 * (GC, another process) moves one pair, not the figure.
 */
function pairedRatio(rounds: readonly number[], baseline: readonly number[]): Ratio {
  const ratios = Float64Array.from(rounds, (rate, index) => rate / (baseline[index] as number)).sort();
  return {
    median: percentile(ratios, 0.5),
    low: percentile(ratios, 0.25),
    high: percentile(ratios, 0.75),
  };
}

/** The p50 of each round's sequential batch (rounds of `batch` requests, the last one maybe shorter). */
function roundMedians(samples: Float64Array): Float64Array {
  const rounds = Math.ceil(samples.length / batch);
  return Float64Array.from({ length: rounds }, (_, round) =>
    percentile(samples.slice(round * batch, (round + 1) * batch).sort(), 0.5),
  );
}

/**
 * The added p50, paired: the batches of one round ran back to back, so the median over rounds of
 * (this variant's p50 - direct A's p50) cancels drift that moves a whole-run p50 by more than the
 * difference sought.
 */
function pairedAdded(measured: Measured, baseline: Measured): number {
  const own = roundMedians(measured.samples);
  const base = roundMedians(baseline.samples);
  return percentile(Float64Array.from(own, (p50, round) => p50 - (base[round] as number)).sort(), 0.5);
}

function summarise(measured: Measured, baseline: Measured): Summary {
  const sorted = measured.samples.slice().sort();
  return {
    name: measured.name,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    pairedAddedP50: pairedAdded(measured, baseline),
    sequentialRps: (measured.samples.length / measured.sequentialMs) * 1000,
    concurrentRps: (measured.concurrentRequests / measured.concurrentMs) * 1000,
    sequentialRatio: pairedRatio(measured.sequentialRounds, baseline.sequentialRounds),
    concurrentRatio: pairedRatio(measured.concurrentRounds, baseline.concurrentRounds),
  };
}

function report(provider: Provider, summaries: Summary[], count: number): string[] {
  const [baseline, control] = summaries as [Summary, Summary, ...Summary[]];
  const us = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
  const ratio = (value: number) => `${value.toFixed(3)}x`;
  const c = `c${concurrency}`;
  const lines = [
    `${provider.name}: ${count} requests per variant sequentially and ${count} with ${concurrency} in flight`,
    `  ${'variant'.padEnd(11)} ${'p50'.padStart(8)} ${'p99'.padStart(9)} ${'added p50'.padStart(9)} ${'paired'.padStart(7)} ${'p50 vs A'.padStart(8)} ${'seq req/s'.padStart(9)} ${'seq vs A'.padStart(8)} ${`${c} req/s`.padStart(9)} ${`${c} vs A`.padStart(8)}`,
  ];
  for (const summary of summaries) {
    lines.push(
      `  ${summary.name.padEnd(11)} ${us(summary.p50).padStart(8)} ${us(summary.p99).padStart(9)} ${`${((summary.p50 - baseline.p50) * 1000).toFixed(0)} µs`.padStart(9)} ${`${(summary.pairedAddedP50 * 1000).toFixed(0)} µs`.padStart(7)} ${ratio(summary.p50 / baseline.p50).padStart(8)} ${summary.sequentialRps.toFixed(0).padStart(9)} ${ratio(summary.sequentialRatio.median).padStart(8)} ${summary.concurrentRps.toFixed(0).padStart(9)} ${ratio(summary.concurrentRatio.median).padStart(8)}`,
    );
  }
  const range = (value: Ratio) =>
    `${ratio(value.median)} (IQR ${value.low.toFixed(3)}-${value.high.toFixed(3)})`;
  lines.push(
    `  control, direct B vs direct A: p50 ${ratio(control.p50 / baseline.p50)} (±${(Math.abs(control.p50 - baseline.p50) * 1000).toFixed(0)} µs; paired ${us(control.pairedAddedP50)}), seq ${range(control.sequentialRatio)}, ${c} ${range(control.concurrentRatio)}`,
  );
  for (const summary of summaries.slice(2)) {
    lines.push(
      `  ${summary.name} vs direct A: seq ${range(summary.sequentialRatio)}, ${c} ${range(summary.concurrentRatio)}`,
    );
  }
  return lines;
}

const { child, urls } = await startSimulators();
const started = Date.now();
try {
  console.log(
    `adapter benchmark on 127.0.0.1, zero-latency simulators in a child process, node ${process.version}`,
  );
  for (const [mode, count] of [
    ['generate', requests],
    ['stream', streamRequests],
  ] as const) {
    for (const provider of providers(urls, mode)) {
      const measured = await measure(provider, count);
      if (typeof measured === 'string') {
        console.log(`${provider.name}: ${measured}`);
        continue;
      }
      const summaries = measured.map((entry) => summarise(entry, measured[0] as Measured));
      for (const line of report(provider, summaries, count)) console.log(line);
    }
  }
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} finally {
  child.stdin?.end();
  child.kill('SIGTERM');
}
// A variant skipped for hanging may still hold a request open: do not wait for it.
process.exit(0);
