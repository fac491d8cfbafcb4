import { type Attributes, metrics, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import type { Histogram } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  ParentBasedSampler,
  type ReadableSpan,
  type Sampler,
  SamplingDecision,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { DecisionRecord, SwitchyardConfigInput } from '@switchyard/core';
import { createRouter, memorySink } from '@switchyard/router';
import { providerFailure, scriptedModel } from '@switchyard/router/test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { metricNames } from './metric-names.js';
import { otelSink } from './otel-sink.js';
import { directRecord, failedRecord, fellBackRecord } from './test-fixtures/decision-records.js';
import { hasAttributes, telemetryHarness } from './test-fixtures/telemetry-harness.js';

const harnesses: ReturnType<typeof telemetryHarness>[] = [];

function setup(options: { recordContent?: boolean } = {}) {
  const harness = telemetryHarness();
  harnesses.push(harness);
  const sink = otelSink({
    tracerProvider: harness.tracerProvider,
    meterProvider: harness.meterProvider,
    ...options,
  });
  return { harness, sink };
}

afterEach(async () => {
  metrics.disable();
  await Promise.all(harnesses.splice(0).map((harness) => harness.shutdown()));
});

/** `[seconds, nanoseconds]` of an ISO time plus `offsetMs`, computed by hand from the fixture's times. */
const at = (seconds: string, nanoseconds: number): [number, number] => [
  Date.parse(`${seconds}Z`) / 1000,
  nanoseconds,
];

const byName = (spans: ReadableSpan[], name: string) => spans.filter((span) => span.name === name);

describe('otelSink', () => {
  describe('spans', () => {
    it('emits one request span and one child span per attempt, timed from the record, not the clock', () => {
      const { harness, sink } = setup();
      sink.write(fellBackRecord);
      const spans = harness.spans();
      expect(spans).toHaveLength(4);
      const [request] = byName(spans, 'chat chat');
      const attempts = spans.filter((span) => span !== request);
      expect(request?.kind).toBe(SpanKind.INTERNAL);
      expect(request?.parentSpanContext).toBeUndefined();
      for (const attempt of attempts) {
        expect(attempt.kind).toBe(SpanKind.CLIENT);
        expect(attempt.parentSpanContext?.spanId).toBe(request?.spanContext().spanId);
        expect(attempt.spanContext().traceId).toBe(request?.spanContext().traceId);
      }
      // 09:00:01.250 + 0 / 300 / 400.5 ms; the request lasted 650.5 ms.
      expect(request?.startTime).toEqual(at('2026-06-25T09:00:01', 250_000_000));
      expect(request?.endTime).toEqual(at('2026-06-25T09:00:01', 900_500_000));
      expect(attempts.map((span) => [span.name, span.startTime, span.endTime])).toEqual([
        ['chat claude-eu', at('2026-06-25T09:00:01', 250_000_000), at('2026-06-25T09:00:01', 370_000_000)],
        ['chat claude-eu', at('2026-06-25T09:00:01', 550_000_000), at('2026-06-25T09:00:01', 600_000_000)],
        ['chat llama-local', at('2026-06-25T09:00:01', 650_500_000), at('2026-06-25T09:00:01', 900_500_000)],
      ]);
    });

    it('sets the GenAI and switchyard attributes of a served request', () => {
      const { harness, sink } = setup();
      sink.write(fellBackRecord);
      const [request] = byName(harness.spans(), 'chat chat');
      expect(request?.attributes).toEqual({
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'chat',
        'gen_ai.request.stream': true,
        'gen_ai.provider.name': 'ollama',
        'gen_ai.system': 'ollama',
        'gen_ai.response.model': 'llama-local',
        'gen_ai.usage.input_tokens': 100,
        'gen_ai.usage.output_tokens': 40,
        'gen_ai.usage.cache_read.input_tokens': 20,
        'gen_ai.usage.reasoning.output_tokens': 5,
        'gen_ai.response.time_to_first_chunk': 0.4305,
        'switchyard.request.id': 'req-fell-back',
        'switchyard.route': 'chat',
        'switchyard.operation': 'stream',
        'switchyard.policy.version': 'policy-3f2a',
        'switchyard.outcome': 'served',
        'switchyard.served_by': 'llama-local',
        'switchyard.attempts': 3,
        'switchyard.fallback_depth': 1,
        'switchyard.cost_usd': 0.0003,
        'switchyard.wasted_cost_usd': 0.0003,
        'switchyard.jurisdiction': 'DE',
        'switchyard.data_class': 'regulated',
        'switchyard.tenant': 'acme',
        'switchyard.tags': ['batch'],
        'switchyard.verdicts.allowed': ['claude-eu', 'llama-local'],
        'switchyard.verdicts.denied': ['frontier-us'],
        'switchyard.verdicts.denied_rules': ['export/frontier'],
        'switchyard.label.drill': 'export-control-day',
        'switchyard.label.phase': 'ban',
      });
      expect(request?.status.code).toBe(SpanStatusCode.UNSET);
    });

    it('sets the attributes of each attempt, wasted ones marked', () => {
      const { harness, sink } = setup();
      sink.write(fellBackRecord);
      const [first, retry] = byName(harness.spans(), 'chat claude-eu');
      const [served] = byName(harness.spans(), 'chat llama-local');
      expect(first?.attributes).toEqual({
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'anthropic',
        'gen_ai.system': 'anthropic',
        'gen_ai.request.model': 'claude-eu',
        'gen_ai.request.stream': true,
        'gen_ai.usage.input_tokens': 100,
        'gen_ai.usage.output_tokens': 0,
        'error.type': 'transient',
        'http.response.status_code': 503,
        'switchyard.request.id': 'req-fell-back',
        'switchyard.route': 'chat',
        'switchyard.target': 'claude-eu',
        'switchyard.retry': 0,
        'switchyard.outcome': 'failure',
        'switchyard.failure_kind': 'transient',
        'switchyard.error.code': 'overloaded_error',
        'switchyard.cost_usd': 0.0003,
        'switchyard.wasted': true,
        'switchyard.jurisdiction': 'DE',
      });
      expect(first?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'Overloaded' });
      expect(retry?.attributes['switchyard.retry']).toBe(1);
      expect(retry?.attributes['error.type']).toBe('rate_limited');
      expect(retry?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'rate_limited' });
      expect(served?.attributes).toMatchObject({
        'gen_ai.response.model': 'llama-local',
        'gen_ai.response.time_to_first_chunk': 0.03,
        'gen_ai.usage.input_tokens': 100,
        'gen_ai.usage.output_tokens': 40,
        'switchyard.outcome': 'success',
        'switchyard.wasted': false,
      });
      expect(served?.attributes['error.type']).toBeUndefined();
      expect(served?.status.code).toBe(SpanStatusCode.UNSET);
    });

    it('marks a failed request as an error with the error code as error.type and the last failure kind', () => {
      const { harness, sink } = setup();
      sink.write(failedRecord);
      const [request] = byName(harness.spans(), 'chat chat');
      const [attempt] = byName(harness.spans(), 'chat claude-eu');
      expect(request?.status).toEqual({
        code: SpanStatusCode.ERROR,
        message: 'SWITCHYARD_ALL_TARGETS_FAILED: every allowed target failed',
      });
      expect(request?.attributes).toMatchObject({
        'error.type': 'SWITCHYARD_ALL_TARGETS_FAILED',
        'switchyard.error.code': 'SWITCHYARD_ALL_TARGETS_FAILED',
        'switchyard.failure_kind': 'cutoff',
        'switchyard.outcome': 'failed',
        'switchyard.skipped': ['llama-local:circuit_open'],
        'switchyard.jurisdiction': 'CN',
      });
      for (const key of ['switchyard.served_by', 'gen_ai.provider.name', 'gen_ai.response.model']) {
        expect(request?.attributes[key]).toBeUndefined();
      }
      expect(attempt?.attributes).toMatchObject({
        'error.type': 'cutoff',
        'switchyard.cutoff_reason': 'region_blocked',
        'http.response.status_code': 403,
      });
      expect(attempt?.status.code).toBe(SpanStatusCode.ERROR);
      // 09:00:02.000 + 1 ms, 80 ms long; the request ended at + 82 ms.
      expect(attempt?.startTime).toEqual(at('2026-06-25T09:00:02', 1_000_000));
      expect(attempt?.endTime).toEqual(at('2026-06-25T09:00:02', 81_000_000));
      expect(request?.endTime).toEqual(at('2026-06-25T09:00:02', 82_000_000));
    });

    it('never puts the prompt in an attribute unless recordContent is on', () => {
      const { harness, sink } = setup();
      sink.write(fellBackRecord);
      const everything = JSON.stringify(
        harness.spans().map((span) => [span.name, span.attributes, span.status, span.events]),
      );
      expect(everything).not.toContain('secret prompt');
      expect(everything).not.toContain('gen_ai.input.messages');

      const withContent = setup({ recordContent: true });
      withContent.sink.write(fellBackRecord);
      withContent.sink.write(directRecord);
      const [request, other] = byName(withContent.harness.spans(), 'chat chat');
      expect(request?.attributes['gen_ai.input.messages']).toBe(JSON.stringify(fellBackRecord.prompt));
      // A record without a prompt (recordPrompts off) gets no content attribute.
      expect(other?.attributes['gen_ai.input.messages']).toBeUndefined();
    });

    it('lets a sampler choose by route and outcome, and builds nothing for a trace sampled out', () => {
      const exporter = new InMemorySpanExporter();
      const seen: Attributes[] = [];
      const failedOnly: Sampler = {
        shouldSample: (_context, _traceId, _name, _kind, attributes) => {
          seen.push(attributes);
          return {
            decision:
              attributes['switchyard.outcome'] === 'failed'
                ? SamplingDecision.RECORD_AND_SAMPLED
                : SamplingDecision.NOT_RECORD,
          };
        },
        toString: () => 'failed-only',
      };
      const tracerProvider = new BasicTracerProvider({
        sampler: new ParentBasedSampler({ root: failedOnly }),
        spanProcessors: [new SimpleSpanProcessor(exporter)],
      });
      const tracer = tracerProvider.getTracer('test');
      const startSpan = vi.spyOn(tracer, 'startSpan');
      const sink = otelSink({ tracer });
      for (const record of [directRecord, failedRecord, fellBackRecord]) sink.write(record);
      expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['chat claude-eu', 'chat chat']);
      // Three request spans, and attempt spans only under the one sampled (the failed request's one).
      expect(startSpan).toHaveBeenCalledTimes(4);
      // The root sampler saw the three requests; attempts follow their request's decision.
      expect(seen).toHaveLength(3);
      expect(seen[0]).toEqual({
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'chat',
        'switchyard.route': 'chat',
        'switchyard.outcome': 'served',
      });
    });

    it('reports an error while recording to onError and never throws', () => {
      const failure = new Error('exporter exploded');
      const tracer = {
        startSpan: () => {
          throw failure;
        },
      } as unknown as Tracer;
      const onError = vi.fn();
      const sink = otelSink({ tracer, onError });
      expect(() => sink.write(directRecord)).not.toThrow();
      expect(onError).toHaveBeenCalledWith(failure);
    });

    it('reports an error while recording to the router without onError, else as a process warning: never lost silently', () => {
      const failure = new Error('exporter exploded');
      const tracer = {
        startSpan: () => {
          throw failure;
        },
      } as unknown as Tracer;
      const reported: unknown[] = [];
      const attached = otelSink({ tracer });
      attached.attach?.({ reportError: (error) => reported.push(error) });
      attached.write(directRecord);
      expect(reported).toEqual([failure]);
      const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
      try {
        expect(() => otelSink({ tracer }).write(directRecord)).not.toThrow();
        expect(warn).toHaveBeenCalledWith(
          expect.stringContaining('exporter exploded'),
          expect.objectContaining({ code: 'SWITCHYARD_SINK_WRITE_FAILED' }),
        );
      } finally {
        warn.mockRestore();
      }
    });
  });

  describe('metrics', () => {
    it('counts requests by outcome and served-by target', async () => {
      const { harness, sink } = setup();
      for (const record of [fellBackRecord, failedRecord, directRecord, directRecord]) sink.write(record);
      const points = await harness.points<number>(metricNames.requests);
      const count = (subset: Record<string, string>) =>
        points
          .filter((point) => hasAttributes(point.attributes, subset))
          .reduce((sum, p) => sum + p.value, 0);
      expect(count({})).toBe(4);
      expect(count({ 'switchyard.outcome': 'served' })).toBe(3);
      expect(count({ 'switchyard.served_by': 'frontier-us', 'gen_ai.provider.name': 'openai' })).toBe(2);
      expect(count({ 'switchyard.served_by': 'llama-local', 'switchyard.data_class': 'regulated' })).toBe(1);
      expect(count({ 'switchyard.outcome': 'failed', 'error.type': 'SWITCHYARD_ALL_TARGETS_FAILED' })).toBe(
        1,
      );
      for (const point of points) expect(point.attributes['switchyard.tenant']).toBeUndefined();
      expect(await harness.unit(metricNames.requests)).toBe('{request}');
    });

    it('adds the cost of every attempt, wasted ones marked', async () => {
      const { harness, sink } = setup();
      for (const record of [fellBackRecord, failedRecord, directRecord, directRecord]) sink.write(record);
      const points = await harness.points<number>(metricNames.cost);
      const cost = (subset: Record<string, string | boolean>) =>
        points
          .filter((point) => hasAttributes(point.attributes, subset))
          .reduce((sum, p) => sum + p.value, 0);
      expect(cost({})).toBeCloseTo(0.0003 + 0.006 * 2, 12);
      expect(cost({ 'switchyard.wasted': true })).toBeCloseTo(0.0003, 12);
      expect(cost({ 'switchyard.wasted': true, 'switchyard.target': 'claude-eu' })).toBeCloseTo(0.0003, 12);
      expect(cost({ 'switchyard.wasted': false, 'switchyard.target': 'frontier-us' })).toBeCloseTo(0.012, 12);
      expect(await harness.unit(metricNames.cost)).toBe('USD');
    });

    it('records the duration and time to first chunk of every attempt in seconds', async () => {
      const { harness, sink } = setup();
      for (const record of [fellBackRecord, failedRecord, directRecord]) sink.write(record);
      const durations = await harness.points<Histogram>(metricNames.operationDuration);
      const histogram = (subset: Record<string, string>) => {
        const matching = durations.filter((point) => hasAttributes(point.attributes, subset));
        return {
          count: matching.reduce((sum, point) => sum + point.value.count, 0),
          sum: matching.reduce((sum, point) => sum + (point.value.sum ?? 0), 0),
        };
      };
      expect(histogram({})).toEqual({ count: 5, sum: expect.closeTo(0.12 + 0.05 + 0.25 + 0.08 + 0.9, 9) });
      expect(histogram({ 'error.type': 'cutoff', 'gen_ai.provider.name': 'anthropic' })).toEqual({
        count: 1,
        sum: expect.closeTo(0.08, 9),
      });
      expect(histogram({ 'gen_ai.response.model': 'gpt-frontier' })).toEqual({
        count: 1,
        sum: expect.closeTo(0.9, 9),
      });
      const firstChunk = await harness.points<Histogram>(metricNames.timeToFirstChunk);
      expect(firstChunk.map((point) => [point.attributes['switchyard.target'], point.value.sum])).toEqual([
        ['llama-local', 0.03],
      ]);
      expect(await harness.unit(metricNames.operationDuration)).toBe('s');
    });

    it('records request latency, request time to first chunk and token usage', async () => {
      const { harness, sink } = setup();
      for (const record of [fellBackRecord, failedRecord, directRecord]) sink.write(record);
      const latency = await harness.points<Histogram>(metricNames.requestDuration);
      expect(latency.reduce((sum, point) => sum + point.value.count, 0)).toBe(3);
      expect(latency.reduce((sum, point) => sum + (point.value.sum ?? 0), 0)).toBeCloseTo(
        0.6505 + 0.082 + 0.901,
        9,
      );
      const firstChunk = await harness.points<Histogram>(metricNames.requestTimeToFirstChunk);
      expect(firstChunk.map((point) => point.value.sum)).toEqual([0.4305]);
      const tokens = await harness.points<Histogram>(metricNames.tokenUsage);
      const total = (type: string) =>
        tokens
          .filter((point) => point.attributes['gen_ai.token.type'] === type)
          .reduce((sum, point) => sum + (point.value.sum ?? 0), 0);
      // Failed attempts that used tokens count too: 100 (claude-eu) + 100 (llama) + 1000 (frontier).
      expect(total('input')).toBe(1200);
      expect(total('output')).toBe(540);
    });

    it('uses a global meter provider registered after the sink was created', async () => {
      const harness = telemetryHarness();
      harnesses.push(harness);
      const sink = otelSink({ tracerProvider: harness.tracerProvider });
      metrics.setGlobalMeterProvider(harness.meterProvider);
      sink.write(directRecord);
      const points = await harness.points<number>(metricNames.requests);
      expect(points.map((point) => point.value)).toEqual([1]);
    });
  });

  describe('flush', () => {
    it('force-flushes the providers it was given', async () => {
      const tracerProvider = { getTracer: vi.fn(() => ({})), forceFlush: vi.fn(async () => {}) };
      const meterProvider = { getMeter: vi.fn(), forceFlush: vi.fn(async () => {}) };
      const sink = otelSink({
        tracerProvider: tracerProvider as never,
        meterProvider: meterProvider as never,
      });
      await sink.flush?.();
      await sink.close?.();
      expect(tracerProvider.forceFlush).toHaveBeenCalledTimes(2);
      expect(meterProvider.forceFlush).toHaveBeenCalledTimes(2);
      await expect(otelSink({ tracer: {} as Tracer }).flush?.()).resolves.toBeUndefined();
    });
  });

  describe('with the router', () => {
    const config: SwitchyardConfigInput = {
      targets: [
        {
          id: 'frontier',
          provider: 'openai',
          model: 'gpt-5.4',
          hostedIn: 'US',
          origin: 'US',
          weights: 'closed',
          contextWindow: 100_000,
          price: { input: 2, output: 10 },
        },
        {
          id: 'local',
          provider: 'ollama',
          model: 'llama4',
          hostedIn: 'self',
          origin: 'US',
          weights: 'open',
          contextWindow: 100_000,
          price: { input: 0, output: 0 },
        },
      ],
      routes: { chat: { targets: ['frontier'], lastResort: ['local'] } },
      defaults: { context: { jurisdiction: 'DE', dataClass: 'internal' } },
    };

    it('turns the records of a real routed run into spans matching them', async () => {
      const { harness, sink } = setup();
      const records = memorySink();
      let now = Date.parse('2026-06-25T09:00:00Z');
      const router = createRouter({
        config,
        models: {
          frontier: scriptedModel({
            provider: 'openai.chat',
            modelId: 'gpt-5.4',
            steps: [
              {
                error: providerFailure({
                  kind: 'cutoff',
                  cutoffReason: 'model_withdrawn',
                  scope: 'target',
                  status: 404,
                  message: 'gone',
                }),
              },
            ],
          }),
          local: scriptedModel({
            provider: 'ollama',
            modelId: 'llama4',
            steps: [
              { text: 'first answer', usage: { input: 12, output: 2 } },
              { text: 'second answer', usage: { input: 12, output: 2 } },
            ],
          }),
        },
        sinks: [records, sink],
        health: { maxRetries: 0 },
        // Every reading of the clock moves it 7 ms: attempts get distinct, non-zero times.
        clock: { now: () => (now += 7) },
      });
      const prompt = [
        { role: 'user' as const, content: [{ type: 'text' as const, text: 'a private question' }] },
      ];
      await router.languageModel('chat').doGenerate({ prompt });
      await router.languageModel('chat').doGenerate({ prompt });
      await router.close();

      expect(records.records).toHaveLength(2);
      const spans = harness.spans();
      const requests = byName(spans, 'chat chat');
      expect(requests).toHaveLength(2);
      for (const [index, record] of (records.records as DecisionRecord[]).entries()) {
        const request = requests[index] as ReadableSpan;
        expect(request.attributes['switchyard.request.id']).toBe(record.requestId);
        expect(request.attributes['switchyard.served_by']).toBe('local');
        const startMs = Date.parse(record.time);
        expect(request.startTime[0] * 1000 + request.startTime[1] / 1e6).toBe(startMs);
        expect(request.duration[0] * 1000 + request.duration[1] / 1e6).toBe(record.totals.latencyMs);
        const children = spans.filter(
          (span) => span.parentSpanContext?.spanId === request.spanContext().spanId,
        );
        expect(children.map((span) => span.name)).toEqual(
          record.attempts.map((attempt) => `chat ${attempt.model}`),
        );
        for (const [attemptIndex, attempt] of record.attempts.entries()) {
          const child = children[attemptIndex] as ReadableSpan;
          expect(child.startTime[0] * 1000 + child.startTime[1] / 1e6).toBe(startMs + attempt.startMs);
          expect(child.duration[0] * 1000 + child.duration[1] / 1e6).toBe(attempt.latencyMs);
        }
      }
      // The first request tried the frontier model, which was withdrawn; the second went straight to local.
      const [withdrawn] = byName(spans, 'chat gpt-5.4');
      expect(withdrawn?.attributes).toMatchObject({
        'error.type': 'cutoff',
        'switchyard.cutoff_reason': 'model_withdrawn',
        'switchyard.wasted': true,
      });
      expect(requests[0]?.attributes['switchyard.fallback_depth']).toBe(1);
      expect(requests[1]?.attributes['switchyard.fallback_depth']).toBe(0);
      expect(JSON.stringify(spans.map((span) => span.attributes))).not.toContain('private question');
      const served = await harness.points<number>(metricNames.requests);
      expect(served.map((point) => [point.attributes['switchyard.served_by'], point.value])).toEqual([
        ['local', 2],
      ]);
    });
  });
});
