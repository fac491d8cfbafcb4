/**
 * A 10,000-request drill on the embedded simulators, and the router's own CPU share.
 *
 * Two runs of the same seeded workload in one process, both over the real
 * adapters, real loopback HTTP and the same simulators (instant latency, so
 * the run is CPU-bound and measures overhead, not waiting):
 *
 * 1. baseline: every request sent straight to the adapter of the target the
 *    router picks for its context, with the same concurrency; no router.
 * 2. drill: `runDrill` with the router (policy with packs evaluated per
 *    request, candidate planning, health, decision records, events), plus a
 *    timeline (a region block, a withdrawal, a 503 storm) in a second variant.
 *
 * Router CPU share (profile-free, difference method): process CPU time
 * (`process.cpuUsage()`, user + system, which includes the simulators, the
 * adapters and the HTTP stack) of the drill minus that of the baseline,
 * divided by the drill's. It is what the router (and the thin drill harness
 * around it) adds per request; everything else is identical in both runs.
 *
 * Run: pnpm --filter @switchyard/drill bench   (REQUESTS=2000 for a quick look)
 */
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4FunctionTool,
} from '@ai-sdk/provider';
import type { Target } from '@switchyard/core';
import { type SimulatorKind, startSimulator } from '@switchyard/simulators';
import {
  adapterModelFactory,
  callerHeaderFetch,
  callerStore,
  type DrillResult,
  planWorkload,
  runDrill,
  type ScenarioInput,
  validateScenario,
} from '../src/index.js';

const requests = Number(process.env.REQUESTS ?? 10_000);
const concurrency = 32;

const target = (id: string, provider: string, model: string, extra: Partial<Target> = {}) => ({
  id,
  provider,
  model,
  hostedIn: 'US',
  origin: 'US',
  weights: 'closed' as const,
  capabilities: ['tools' as const, 'streaming' as const],
  contextWindow: 128_000,
  price: { input: 2, output: 8 },
  ...extra,
});

function scenario(withTimeline: boolean): ScenarioInput {
  return {
    name: withTimeline ? 'bench-with-faults' : 'bench',
    timeScale: 1,
    config: {
      targets: [
        target('gpt', 'openai', 'gpt-5.4', { tags: ['frontier'] }),
        target('claude', 'anthropic', 'claude-sonnet-5'),
        target('claude-eu', 'anthropic', 'claude-sonnet-5-eu', { hostedIn: 'DE' }),
        target('local', 'ollama', 'llama4', {
          hostedIn: 'self',
          weights: 'open',
          price: { input: 0, output: 0 },
        }),
      ],
      routes: { chat: { targets: ['gpt', 'claude', 'claude-eu'], lastResort: ['local'] } },
      policy: { packs: ['eu-data-residency', 'us-export-control-2026'] },
    },
    workload: {
      route: 'chat',
      concurrency,
      total: requests,
      mix: {
        jurisdictions: { US: 4, DE: 2, SG: 1, CN: 1, RU: 1 },
        dataClasses: { internal: 3, regulated: 1 },
      },
      streaming: 0.3,
      tools: 0.1,
      promptTokens: { min: 50, max: 400 },
      outputTokens: { min: 20, max: 100 },
    },
    timeline: withTimeline
      ? [
          { at: '2s', type: 'cutoff', target: 'gpt', signal: 'region_block', callers: ['SG'] },
          { at: '4s', type: 'cutoff', target: 'gpt', signal: 'model_withdrawn' },
          { at: '6s', type: 'outage', provider: 'anthropic', status: 503, duration: '2s' },
        ]
      : [],
    assertions: [{ type: 'all-accounted' }, { type: 'no-denied-attempts' }],
  };
}

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

interface Measured {
  wallMs: number;
  cpuMs: number;
}

async function measure<T>(run: () => Promise<T>): Promise<Measured & { value: T }> {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const value = await run();
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  return { wallMs, cpuMs: cpuMs(process.cpuUsage(cpu)), value };
}

/** The same workload straight to the adapters, to the target the router served each context with. */
async function baseline(servedBy: ReadonlyMap<string, string>): Promise<number> {
  const valid = validateScenario(scenario(false));
  const plan = planWorkload({ workload: valid.workload, seed: 1 });
  const targets = valid.config.targets as Target[];
  const models = new Map<string, LanguageModelV4>();
  const stops: (() => Promise<void>)[] = [];
  const fetch = callerHeaderFetch();
  for (const provider of new Set(targets.map((t) => t.provider))) {
    const served = targets.filter((t) => t.provider === provider);
    const handle = await startSimulator({
      kind: provider as SimulatorKind,
      models: served.map((t) => ({ id: t.model })),
      maxRecordedRequests: 100,
    });
    stops.push(() => handle.stop());
    for (const t of served)
      models.set(
        t.id,
        await adapterModelFactory({ target: t, baseURL: handle.baseURL, apiKey: 'sk-bench', fetch }),
      );
  }
  // The same prompts and tool as the drill sends (see run-drill.ts), cached per size.
  const words = ['route', 'policy', 'target', 'switch', 'track', 'signal', 'freight', 'yard'];
  const prompts = new Map<number, LanguageModelV4CallOptions['prompt']>();
  const prompt = (tokens: number) => {
    let cached = prompts.get(tokens);
    if (!cached) {
      const text = Array.from({ length: tokens }, (_, index) => words[index % words.length]).join(' ');
      cached = [{ role: 'user', content: [{ type: 'text', text }] }];
      prompts.set(tokens, cached);
    }
    return cached;
  };
  const tool: LanguageModelV4FunctionTool = {
    type: 'function',
    name: 'lookup_order',
    description: 'Looks up an order by id',
    inputSchema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  };
  let next = 0;
  let served = 0;
  const measured = await measure(async () => {
    const worker = async () => {
      while (next < plan.length) {
        const request = plan[next++];
        if (!request) break;
        const key = `${request.context.jurisdiction}|${request.context.dataClass}`;
        const model = models.get(servedBy.get(key) ?? 'local') as LanguageModelV4;
        const call: LanguageModelV4CallOptions = {
          prompt: prompt(request.promptTokens),
          maxOutputTokens: request.outputTokens,
          ...(request.tools ? { tools: [tool] } : {}),
        };
        await callerStore.run(request.context.jurisdiction ?? '', async () => {
          if (!request.stream) {
            await model.doGenerate(call);
          } else {
            const reader = (await model.doStream(call)).stream.getReader();
            while (!(await reader.read()).done) {}
          }
        });
        served++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  });
  await Promise.all(stops.map((stop) => stop()));
  if (served !== plan.length) throw new Error(`baseline served ${served} of ${plan.length}`);
  print('baseline (adapters only)', measured, served);
  return measured.cpuMs;
}

function print(label: string, measured: Measured, count: number) {
  const perSecond = count / (measured.wallMs / 1000);
  console.log(
    `${label.padEnd(34)} ${count} requests  wall ${(measured.wallMs / 1000).toFixed(2)} s  ${perSecond.toFixed(0).padStart(5)} req/s  CPU ${(measured.cpuMs / 1000).toFixed(2)} s (${((measured.cpuMs / count) * 1000).toFixed(0)} µs/request)`,
  );
}

async function drill(withTimeline: boolean): Promise<Measured & { value: DrillResult }> {
  const measured = await measure(() => runDrill({ scenario: scenario(withTimeline), seed: 1 }));
  const result = measured.value;
  print(`drill (router${withTimeline ? ', with faults' : ''})`, measured, result.counts.sent);
  const failed = result.verdicts.filter((v) => !v.passed).map((v) => `${v.name}: ${v.summary}`);
  if (failed.length > 0) console.log(`  assertions failed: ${failed.join('; ')}`);
  if (withTimeline) {
    console.log(
      `  ${result.counts.served} served, ${result.counts.failed} failed, ${result.counts.attempts} attempts, ${result.counts.fallbacks} fallbacks; events: ${result.events.map((e) => e.description).join(' | ')}`,
    );
  }
  return measured;
}

console.log(
  `Drill bench: ${requests} requests, concurrency ${concurrency}, instant simulators (Node ${process.version}, ${process.platform}/${process.arch})\n`,
);
// Warm-up: a small routed run (which also tells the baseline which target serves each
// context), so every measured run starts with loaded modules and a warm JIT.
const warm = await runDrill({
  scenario: { ...scenario(false), workload: { ...scenario(false).workload, total: 1000 } },
});
const servedBy = new Map<string, string>();
for (const record of warm.records) {
  const key = `${record.context.jurisdiction}|${record.context.dataClass}`;
  if (record.servedBy && !servedBy.has(key)) servedBy.set(key, record.servedBy);
}

// Two rounds, alternating, and the lower CPU of each: other processes on the machine add noise.
const routedRuns: Measured[] = [];
const baselineRuns: number[] = [];
for (let round = 0; round < 2; round++) {
  routedRuns.push(await drill(false));
  baselineRuns.push(await baseline(servedBy));
}
await drill(true);

const routed = routedRuns.reduce((best, run) => (run.cpuMs < best.cpuMs ? run : best));
const baselineCpu = Math.min(...baselineRuns);
const routerCpu = routed.cpuMs - baselineCpu;
console.log(
  `\nRouter CPU share (difference method, best of 2): ${((routerCpu / routed.cpuMs) * 100).toFixed(1)} % of the drill's CPU (${((routerCpu / requests) * 1000).toFixed(0)} µs of ${((routed.cpuMs / requests) * 1000).toFixed(0)} µs per request); drill/baseline CPU ratio ${(routed.cpuMs / baselineCpu).toFixed(2)}x`,
);
const slowest = Math.max(...routedRuns.map((run) => run.wallMs));
console.log(
  `${requests}-request drill wall time: ${(Math.min(...routedRuns.map((run) => run.wallMs)) / 1000).toFixed(1)}-${(slowest / 1000).toFixed(1)} s (goal <= 30 s for 10,000: ${slowest * (10_000 / requests) <= 30_000 ? 'met' : 'MISSED'})`,
);
