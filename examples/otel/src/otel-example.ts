import { type Histogram, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { SwitchyardConfigInput } from '@switchyard/core';
import { metricNames, otelSink } from '@switchyard/otel';
import { createRouter } from '@switchyard/router';
import { providerFailure, type ScriptedStep, scriptedModel } from '@switchyard/router/test';
import { generateText, streamText } from 'ai';

const config: SwitchyardConfigInput = {
  targets: [
    {
      id: 'frontier',
      provider: 'openai',
      model: 'gpt-5.4',
      hostedIn: 'US',
      origin: 'US',
      weights: 'closed',
      contextWindow: 400_000,
      price: { input: 2.5, output: 15 },
    },
    {
      id: 'eu',
      provider: 'mistral',
      model: 'mistral-large',
      hostedIn: 'FR',
      origin: 'FR',
      weights: 'open',
      contextWindow: 128_000,
      price: { input: 2, output: 6 },
    },
    {
      id: 'local',
      provider: 'ollama',
      model: 'llama4',
      hostedIn: 'self',
      origin: 'US',
      weights: 'open',
      contextWindow: 128_000,
      price: { input: 0, output: 0 },
    },
  ],
  routes: { chat: { targets: ['frontier', 'eu'], lastResort: ['local'] } },
  defaults: { context: { jurisdiction: 'US', dataClass: 'internal' } },
};

/** A metric reader that exports nothing: the example reads with `collect()`. */
class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** What the example traced and measured. */
export interface OtelExampleResult {
  /** Every finished span. */
  readonly spans: readonly ReadableSpan[];
  /** The span tree, one line per span. */
  readonly tree: readonly string[];
  /** Sums of the main metrics. */
  readonly metrics: {
    readonly requests: number;
    readonly costUsd: number;
    readonly wastedCostUsd: number;
    readonly attemptDurations: number;
  };
}

const ms = (duration: [number, number]) => duration[0] * 1000 + duration[1] / 1e6;

/**
 * Sends five requests (the last one streamed) through the `chat` route with
 * scripted models and a simulated clock: the frontier model serves two, then
 * answers "model withdrawn" (a cut-off), the EU model takes over with one
 * 503 retried on the way. `otelSink` turns each decision record into a
 * request span with one child span per attempt, and into metrics; both go to
 * in-memory exporters here (use OTLP exporters in an app).
 */
export async function otelExample(): Promise<OtelExampleResult> {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const reader = new CollectingReader();
  const meterProvider = new MeterProvider({ readers: [reader] });

  const frontierSteps: ScriptedStep[] = [
    { text: 'Answer 0 from the frontier model.', usage: { input: 800, output: 300 } },
    { text: 'Answer 1 from the frontier model.', usage: { input: 800, output: 300 } },
    {
      error: providerFailure(
        {
          kind: 'cutoff',
          cutoffReason: 'model_withdrawn',
          scope: 'target',
          status: 404,
          code: 'model_not_found',
          message: 'The model gpt-5.4 has been withdrawn',
        },
        'openai',
        'gpt-5.4',
      ),
    },
  ];
  const euSteps: ScriptedStep[] = [
    { text: 'Answer 2 from the EU model.', usage: { input: 800, output: 350 } },
    { error: providerFailure({ kind: 'transient', status: 503, message: 'Service Unavailable' }) },
    { text: 'Answer 3 from the EU model.', usage: { input: 800, output: 350 } },
    { text: 'Answer 4 from the EU model, streamed word by word.', usage: { input: 800, output: 350 } },
  ];

  // A simulated clock: each reading moves 40 ms on, so spans have visible durations.
  let now = Date.parse('2026-06-25T09:00:00Z');
  const router = createRouter({
    config,
    clock: { now: () => (now += 40) },
    models: {
      frontier: scriptedModel({ provider: 'openai.chat', modelId: 'gpt-5.4', steps: frontierSteps }),
      eu: scriptedModel({ provider: 'mistral.chat', modelId: 'mistral-large', steps: euSteps }),
      local: scriptedModel({ provider: 'ollama.chat', modelId: 'llama4', steps: [] }),
    },
    health: { maxRetries: 1, initialBackoffMs: 1, maxBackoffMs: 2 },
    sinks: [otelSink({ tracerProvider, meterProvider })],
  });
  const chat = router.languageModel('chat');
  const jurisdictions = ['DE', 'US', 'SG', 'BR'];
  for (let index = 0; index < 4; index++) {
    await generateText({
      model: chat,
      prompt: `Question ${index}`,
      providerOptions: { switchyard: { jurisdiction: jurisdictions[index] as string, tenant: 'acme' } },
    });
  }
  const streamed = streamText({ model: chat, prompt: 'Question 4' });
  await streamed.consumeStream();
  await router.close();

  const spans = exporter.getFinishedSpans();
  const tree: string[] = [];
  for (const request of spans.filter((span) => span.parentSpanContext === undefined)) {
    const a = request.attributes;
    const servedBy = a['switchyard.served_by'] ?? 'nobody';
    tree.push(
      `${request.name}  ${a['switchyard.jurisdiction']}  served by ${servedBy}` +
        `  depth ${a['switchyard.fallback_depth']}  $${Number(a['switchyard.cost_usd']).toFixed(6)}` +
        `  ${ms(request.duration)} ms`,
    );
    const attempts = spans.filter((span) => span.parentSpanContext?.spanId === request.spanContext().spanId);
    for (const [index, attempt] of attempts.entries()) {
      const b = attempt.attributes;
      const how = b['error.type'] === undefined ? 'ok' : `error ${b['error.type']}`;
      tree.push(
        `  ${index === attempts.length - 1 ? '└' : '├'} ${attempt.name}  ${b['gen_ai.provider.name']}  ${how}` +
          `${b['switchyard.wasted'] ? '  (wasted)' : ''}  ${ms(attempt.duration)} ms`,
      );
    }
  }

  const { resourceMetrics } = await reader.collect();
  const all = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics);
  const points = (name: string) => all.find((metric) => metric.descriptor.name === name)?.dataPoints ?? [];
  const sum = (name: string, wasted?: boolean) =>
    points(name)
      .filter((point) => wasted === undefined || point.attributes['switchyard.wasted'] === wasted)
      .reduce((total, point) => total + (point.value as number), 0);
  const metrics = {
    requests: sum(metricNames.requests),
    costUsd: sum(metricNames.cost),
    wastedCostUsd: sum(metricNames.cost, true),
    attemptDurations: points(metricNames.operationDuration).reduce(
      (total, point) => total + (point.value as Histogram).count,
      0,
    ),
  };
  await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
  return { spans, tree, metrics };
}
