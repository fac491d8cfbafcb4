/**
 * Router benchmark: what routing adds to a call, against the same in-memory
 * model called directly, measured in the same run.
 *
 *   pnpm --filter @switchyard/router bench
 *
 * - doGenerate: per-call time of `router.languageModel('chat').doGenerate`
 *   (with `streamGenerate: false`: one `doGenerate` per call) and of
 *   `model.doGenerate` (the model returns a prebuilt result, so the
 *   difference is the router's own work: context, policy verdicts, ordering,
 *   cockatiel policies, attempt and decision records, sinks). Direct and
 *   routed calls are interleaved in batches so drift hits both alike. The
 *   default, a generate call sent as a stream, is measured next to the
 *   model's `doStream` drained directly.
 * - doStream per part: the slope of drain time over two stream lengths, so
 *   the cost of opening a stream cancels out; also through one bare stream
 *   layer (a pull loop reading the model's stream into a stream of its own,
 *   as the router's served stream does), the floor of any wrapper.
 * - Memory per in-flight stream: heap growth (after a forced GC) while N
 *   streams are open through the router, minus the same N streams opened
 *   on the model directly; also through one bare stream layer (what any
 *   wrapper that hands the caller a web stream of its own costs at least).
 *
 * - streamText: a whole `streamText` call of 64 parts through the AI SDK, on
 *   the model directly, through `ai-fallback` and through the router.
 *
 * Every measure also runs the same model through `ai-fallback` (the AI SDK
 * community's fallback wrapper) for comparison, in the same run.
 *
 * Goals (issue 11): overhead p50 <= 2 us and p99 <= 10 us per doGenerate,
 * <= 0.3 us per stream part, streamText within noise of direct, <= 2 KB per
 * in-flight stream. The last lines say which are met.
 */
import type { LanguageModelV4, LanguageModelV4StreamPart } from '@ai-sdk/provider';
// The built package (dist), as users run it: `pnpm bench` builds it first.
import { callbackSink, createRouter } from '@switchyard/router';
import { streamText } from 'ai';
import { createFallback } from 'ai-fallback';
import {
  benchConfig,
  callOptions,
  callOptionsWithContext,
  layered,
  memoryModel,
  pendingStreamModel,
} from './bench-models.js';
import { drain, percentile, timeCalls, us } from './bench-timing.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (the bench script does)');

async function main() {
  const models = {
    frontier: memoryModel('openai.chat', 'frontier-model'),
    second: memoryModel('anthropic.messages', 'second-model'),
    eu: memoryModel('mistral.chat', 'eu-model'),
    local: memoryModel('ollama.chat', 'local-model'),
  };
  const direct = models.frontier;
  let records = 0;
  // The issue-11 goal is the router's own work around one doGenerate: measured with one doGenerate
  // per call (streamGenerate off). By default generate calls go over streams: measured too, against
  // the model's doStream drained directly.
  const generateDirect = { streamGenerate: false };
  const router = createRouter({ config: benchConfig(), models, health: generateDirect });
  const overStream = createRouter({ config: benchConfig(), models }).languageModel('chat');
  const recorded = createRouter({
    config: benchConfig(),
    models,
    health: generateDirect,
    sinks: [
      callbackSink({
        onRecord: () => {
          records++;
        },
      }),
    ],
  });
  const chat = router.languageModel('chat');
  const chatRecorded = recorded.languageModel('chat');

  console.log('Switchyard router benchmark (in-memory models; ratios against the model called directly)\n');

  // doGenerate
  const fallback = createFallback({ models: [direct] });
  const generate = await timeCalls(
    {
      direct: () => direct.doGenerate(callOptions),
      'ai-fallback': () => fallback.doGenerate(callOptions),
      'router (default context)': () => chat.doGenerate(callOptions),
      'router (providerOptions.switchyard)': () => chat.doGenerate(callOptionsWithContext),
      'router + callback sink': () => chatRecorded.doGenerate(callOptions),
      'direct doStream, drained': async () => drain((await direct.doStream(callOptions)).stream),
      'router, generate over stream (default)': () => overStream.doGenerate(callOptions),
    },
    { warmup: 5_000, samples: 60_000, batch: 1_000 },
  );
  if (records === 0) throw new Error('the sink saw no records');
  const base = generate.direct as Float64Array;
  const baseP50 = percentile(base, 0.5);
  const baseP99 = percentile(base, 0.99);
  console.log('doGenerate, per call');
  console.log(
    `  ${'variant'.padEnd(38)} ${'p50'.padStart(10)} ${'p99'.padStart(10)} ${'overhead p50'.padStart(13)} ${'overhead p99'.padStart(13)} ${'ratio p50'.padStart(10)}`,
  );
  for (const [name, times] of Object.entries(generate)) {
    const p50 = percentile(times, 0.5);
    const p99 = percentile(times, 0.99);
    console.log(
      `  ${name.padEnd(38)} ${us(p50).padStart(10)} ${us(p99).padStart(10)} ${us(p50 - baseP50).padStart(13)} ${us(p99 - baseP99).padStart(13)} ${`${(p50 / baseP50).toFixed(2)}x`.padStart(10)}`,
    );
  }
  const drainedP50 = percentile(generate['direct doStream, drained'] as Float64Array, 0.5);
  const overStreamP50 = percentile(generate['router, generate over stream (default)'] as Float64Array, 0.5);
  console.log(
    `  generate over stream (the default) adds ${us(overStreamP50 - drainedP50)} p50 to the model's stream drained directly`,
  );
  console.log('  goal (one doGenerate per call): overhead <= 2 us p50, <= 10 us p99\n');

  // doStream: per-part overhead from the slope over two stream lengths.
  const short = 50;
  const long = 2_050;
  // The floor of any wrapper that hands the caller a web stream of its own (two parts read ahead).
  const directLayer = layered(direct);
  const streamTime = async (parts: number) => {
    for (const model of Object.values(models)) model.streamParts = parts;
    const times = await timeCalls(
      {
        direct: async () => drain((await direct.doStream(callOptions)).stream),
        'ai-fallback': async () => drain((await fallback.doStream(callOptions)).stream),
        router: async () => drain((await chat.doStream(callOptions)).stream),
        'one stream layer': async () => drain((await directLayer.doStream(callOptions)).stream),
      },
      { warmup: 50, samples: 400, batch: 20 },
    );
    return {
      direct: percentile(times.direct as Float64Array, 0.5),
      fallback: percentile(times['ai-fallback'] as Float64Array, 0.5),
      router: percentile(times.router as Float64Array, 0.5),
      layer: percentile(times['one stream layer'] as Float64Array, 0.5),
    };
  };
  const shortTimes = await streamTime(short);
  const longTimes = await streamTime(long);
  const directPerPart = (longTimes.direct - shortTimes.direct) / (long - short);
  const routerPerPart = (longTimes.router - shortTimes.router) / (long - short);
  const fallbackPerPart = (longTimes.fallback - shortTimes.fallback) / (long - short);
  const layerPerPart = (longTimes.layer - shortTimes.layer) / (long - short);
  console.log('doStream, per part (slope of the median drain time over 50 and 2,050 text deltas)');
  console.log(`  direct                                 ${us(directPerPart)}`);
  console.log(
    `  ai-fallback                            ${us(fallbackPerPart)}  overhead ${us(fallbackPerPart - directPerPart)}  ratio ${(fallbackPerPart / directPerPart).toFixed(2)}x`,
  );
  console.log(
    `  router                                 ${us(routerPerPart)}  overhead ${us(routerPerPart - directPerPart)}  ratio ${(routerPerPart / directPerPart).toFixed(2)}x`,
  );
  console.log(
    `  one stream layer, nothing else         ${us(layerPerPart)}  overhead ${us(layerPerPart - directPerPart)}  ratio ${(layerPerPart / directPerPart).toFixed(2)}x`,
  );
  console.log(`  router over the layer                  ${us(routerPerPart - layerPerPart)}`);
  console.log(`  opening a 50-part stream: direct ${us(shortTimes.direct)}, router ${us(shortTimes.router)}`);
  console.log('  goal: overhead <= 0.3 us per part\n');

  // streamText, 64 parts, through the AI SDK.
  for (const model of Object.values(models)) model.streamParts = 64;
  const viaStreamText = (model: LanguageModelV4) => async () => {
    const result = streamText({ model, prompt: 'Hello' });
    await result.consumeStream();
  };
  const streamTexts = await timeCalls(
    {
      direct: viaStreamText(direct),
      'direct (control)': viaStreamText(direct),
      'ai-fallback': viaStreamText(fallback),
      'one stream layer, nothing else': viaStreamText(layered(direct)),
      router: viaStreamText(chat),
    },
    { warmup: 200, samples: 2_000, batch: 50 },
  );
  const streamTextBase = percentile(streamTexts.direct as Float64Array, 0.5);
  console.log('streamText, 64 parts, per call');
  for (const [name, times] of Object.entries(streamTexts)) {
    const p50 = percentile(times, 0.5);
    console.log(
      `  ${name.padEnd(38)} ${us(p50).padStart(10)}  overhead ${us(p50 - streamTextBase).padStart(10)}  ratio ${(p50 / streamTextBase).toFixed(3)}x`,
    );
  }
  const streamTextLayer = percentile(streamTexts['one stream layer, nothing else'] as Float64Array, 0.5);
  console.log(
    `  router over the layer                  ${us(percentile(streamTexts.router as Float64Array, 0.5) - streamTextLayer).padStart(10)}`,
  );
  console.log('  goal: within noise of direct\n');

  // Memory per in-flight stream.
  const inFlight = 5_000;
  const heapPerStream = async (
    model: LanguageModelV4 & { release(): void; hold(): void },
    via: 'direct' | 'layer' | 'router',
  ) => {
    // Every open stream is an attempt in flight: lift the bulkhead above the streams held open.
    const streamRouter = createRouter({
      config: benchConfig(),
      models: { frontier: model },
      health: { maxConcurrent: inFlight + 1 },
    });
    const streamChat = streamRouter.languageModel('chat');
    const layer = layered(model);
    const open =
      via === 'router'
        ? () => streamChat.doStream(callOptions)
        : via === 'layer'
          ? () => layer.doStream(callOptions)
          : () => model.doStream(callOptions);
    // Warm up code paths, then measure.
    for (let index = 0; index < 100; index++) {
      const { stream } = await open();
      const reader = stream.getReader();
      await reader.read();
      model.release();
      while (!(await reader.read()).done) {}
    }
    model.hold();
    gc?.();
    gc?.();
    const before = process.memoryUsage().heapUsed;
    const readers: ReadableStreamDefaultReader<LanguageModelV4StreamPart>[] = [];
    for (let index = 0; index < inFlight; index++) {
      const { stream } = await open();
      const reader = stream.getReader();
      await reader.read(); // the first part reached the caller: the stream is in flight
      readers.push(reader);
    }
    gc?.();
    gc?.();
    const after = process.memoryUsage().heapUsed;
    model.release();
    for (const reader of readers) while (!(await reader.read()).done) {}
    await streamRouter.close();
    return (after - before) / inFlight;
  };
  const directBytes = await heapPerStream(pendingStreamModel(), 'direct');
  // The floor of any wrapper that must hand the caller a stream of its own (two parts read ahead).
  const layerBytes = await heapPerStream(pendingStreamModel(), 'layer');
  const routerBytes = await heapPerStream(pendingStreamModel(), 'router');
  console.log(
    `Memory per in-flight stream (${inFlight.toLocaleString('en-US')} open streams, heap after GC)`,
  );
  console.log(`  direct                                 ${(directBytes / 1024).toFixed(2)} KB`);
  console.log(
    `  one stream layer, nothing else         ${(layerBytes / 1024).toFixed(2)} KB  added by the layer ${((layerBytes - directBytes) / 1024).toFixed(2)} KB`,
  );
  console.log(
    `  router                                 ${(routerBytes / 1024).toFixed(2)} KB  added by the router ${((routerBytes - directBytes) / 1024).toFixed(2)} KB (${((routerBytes - layerBytes) / 1024).toFixed(2)} KB over the layer)`,
  );
  console.log('  goal: <= 2 KB added per stream\n');

  const overheadP50 = percentile(generate['router (default context)'] as Float64Array, 0.5) - baseP50;
  const overheadP99 = percentile(generate['router (default context)'] as Float64Array, 0.99) - baseP99;
  const perPart = routerPerPart - directPerPart;
  const streamTextRatio = percentile(streamTexts.router as Float64Array, 0.5) / streamTextBase;
  // The noise of this run: the same model, measured twice.
  const controlRatio = percentile(streamTexts['direct (control)'] as Float64Array, 0.5) / streamTextBase;
  const noise = Math.max(0.05, 2 * Math.abs(controlRatio - 1));
  const addedKb = (routerBytes - directBytes) / 1024;
  const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
  console.log('Goals (same run)');
  console.log(`  doGenerate overhead p50 ${us(overheadP50)} (<= 2 us): ${verdict(overheadP50 <= 2_000)}`);
  console.log(`  doGenerate overhead p99 ${us(overheadP99)} (<= 10 us): ${verdict(overheadP99 <= 10_000)}`);
  console.log(`  per stream part ${us(perPart)} (<= 0.3 us): ${verdict(perPart <= 300)}`);
  console.log(
    `  streamText ratio ${streamTextRatio.toFixed(3)}x (within noise: <= ${(1 + noise).toFixed(3)}x, from the control's ${controlRatio.toFixed(3)}x): ${verdict(streamTextRatio <= 1 + noise)}`,
  );
  console.log(`  heap per in-flight stream +${addedKb.toFixed(2)} KB (<= 2 KB): ${verdict(addedKb <= 2)}`);

  await router.close();
  await recorded.close();
}

await main();
