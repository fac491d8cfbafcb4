import {
  type Meter,
  type MeterProvider,
  metrics,
  context as otelContext,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import {
  type AttemptRecord,
  type DecisionRecord,
  type DecisionSink,
  reportSinkError,
  type SinkHost,
} from '@switchyard/core';
import { genAiAttributes as gen } from './gen-ai-attributes.js';
import { hrTimeOf } from './internal/hr-time.js';
import {
  attemptAttributes,
  operationName,
  requestAttributes,
  servingAttemptIndex,
} from './internal/record-attributes.js';
import { createInstruments, type Instruments, recordMetrics } from './internal/record-metrics.js';
import { switchyardAttributes as sy } from './switchyard-attributes.js';

/** Options of {@link otelSink}. */
export interface OtelSinkOptions {
  /** Tracer for the spans (default: from `tracerProvider`, else the global one, scope `@switchyard/otel`). */
  tracer?: Tracer;
  /** Meter for the metrics (default: from `meterProvider`, else the global one, scope `@switchyard/otel`). */
  meter?: Meter;
  /** Tracer provider to take the tracer from; its `forceFlush` (if any) runs on `flush`. */
  tracerProvider?: TracerProvider;
  /** Meter provider to take the meter from; its `forceFlush` (if any) runs on `flush`. */
  meterProvider?: MeterProvider;
  /**
   * Put the prompt in `gen_ai.input.messages` on the request span, when the
   * router recorded it (`recordPrompts: true`). Default `false`: no prompt
   * text ever reaches a span.
   */
  recordContent?: boolean;
  /**
   * Called with an error thrown while recording; the request never sees it. Default: the router's
   * `error` event (source `sink`), or a process warning (`SWITCHYARD_SINK_WRITE_FAILED`) when
   * the sink is not attached to a router.
   */
  onError?: (error: unknown) => void;
}

const instrumentationScope = '@switchyard/otel';

interface Flushable {
  forceFlush?: () => Promise<void>;
}

async function forceFlush(provider: unknown): Promise<void> {
  const flush = (provider as Flushable | undefined)?.forceFlush;
  if (typeof flush === 'function') await flush.call(provider);
}

/**
 * A decision sink that turns each decision record into OpenTelemetry spans and
 * metrics, following the GenAI semantic conventions.
 *
 * Spans: one `chat <route>` span per request (kind internal, the parent is the
 * context active when the router writes the record) and, under it, one
 * `chat <model>` client span per attempt. Start and end times come from the
 * record (`time`, each attempt's `startMs` and `latencyMs`), not from the
 * clock when the record is written. A failed request or attempt has status
 * error and `error.type` (the caller's error code, or the failure kind).
 * Attributes: `gen_ai.*` (operation, provider, request and response model,
 * token usage, time to first chunk) and `switchyard.*` (route, caller
 * context, policy version, verdicts, failure kind, served-by, cost, wasted
 * cost, fallback depth; see `switchyardAttributes`).
 *
 * Metrics (see `metricNames`): `switchyard.requests` and `switchyard.cost`
 * counters, `switchyard.request.duration` and time-to-first-chunk histograms
 * per request, and per attempt the conventions' `gen_ai.client.operation.duration`,
 * `gen_ai.client.operation.time_to_first_chunk` and `gen_ai.client.token.usage`.
 * The instruments are created at the first record, so a global meter
 * provider registered after the sink is created is still used.
 *
 * Prompts and keys never reach an attribute unless `recordContent` is on
 * (and the router recorded the prompt). Depends only on `@opentelemetry/api`:
 * without a registered SDK everything is a no-op.
 *
 * @param options see {@link OtelSinkOptions}.
 * @returns a `DecisionSink` for `createRouter({ sinks })`. `flush` and `close`
 *   force-flush the given providers (they are yours: never shut down here).
 *
 * @example
 * ```ts
 * const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new ConsoleSpanExporter())] });
 * const router = createRouter({ config, models, sinks: [otelSink({ tracerProvider: provider })] });
 * ```
 */
export function otelSink(options: OtelSinkOptions = {}): DecisionSink {
  const recordContent = options.recordContent ?? false;
  const tracer = options.tracer ?? (options.tracerProvider ?? trace).getTracer(instrumentationScope);
  let instruments: Instruments | undefined;

  const write = (record: DecisionRecord) => {
    const startMs = Date.parse(record.time);
    const servedIndex = servingAttemptIndex(record);
    const served = servedIndex >= 0 ? (record.attempts[servedIndex] as AttemptRecord) : undefined;
    const parent = otelContext.active();
    // Samplers see the operation, route and outcome at the start; the rest is set only when the
    // span records (nothing is built for a no-op tracer or a trace sampled out).
    const requestSpan = tracer.startSpan(
      `${operationName} ${record.route}`,
      {
        kind: SpanKind.INTERNAL,
        startTime: hrTimeOf(startMs),
        attributes: {
          [gen.operationName]: operationName,
          [gen.requestModel]: record.route,
          [sy.route]: record.route,
          [sy.outcome]: record.outcome,
        },
      },
      parent,
    );
    if (requestSpan.isRecording()) {
      requestSpan.setAttributes(requestAttributes(record, served, recordContent));
      const requestContext = trace.setSpan(parent, requestSpan);
      for (let index = 0; index < record.attempts.length; index++) {
        const attempt = record.attempts[index] as AttemptRecord;
        const attemptStartMs = startMs + attempt.startMs;
        const span: Span = tracer.startSpan(
          `${operationName} ${attempt.model}`,
          {
            kind: SpanKind.CLIENT,
            startTime: hrTimeOf(attemptStartMs),
            attributes: {
              [gen.operationName]: operationName,
              [gen.providerName]: attempt.provider,
              [gen.requestModel]: attempt.model,
            },
          },
          requestContext,
        );
        if (span.isRecording()) {
          span.setAttributes(attemptAttributes(record, attempt, index !== servedIndex));
          if (attempt.outcome !== 'success') {
            span.setStatus({
              code: SpanStatusCode.ERROR,
              message: attempt.message ?? attempt.failureKind ?? attempt.outcome,
            });
          }
        }
        span.end(hrTimeOf(attemptStartMs + attempt.latencyMs));
      }
      if (record.outcome === 'failed') {
        requestSpan.setStatus({
          code: SpanStatusCode.ERROR,
          message: record.error ? `${record.error.code}: ${record.error.message}` : 'request failed',
        });
      }
    }
    requestSpan.end(hrTimeOf(startMs + record.totals.latencyMs));

    instruments ??= createInstruments(
      options.meter ?? (options.meterProvider ?? metrics).getMeter(instrumentationScope),
    );
    recordMetrics(instruments, record, servedIndex);
  };

  const flush = async () => {
    await Promise.all([forceFlush(options.tracerProvider), forceFlush(options.meterProvider)]);
  };

  let host: SinkHost | undefined;
  const report = (error: unknown) =>
    reportSinkError(error, {
      onError: options.onError,
      host,
      what: 'otel sink: could not record a decision record',
    });

  return {
    name: 'otel',
    write(record) {
      try {
        write(record);
      } catch (error) {
        report(error);
      }
    },
    flush,
    close: flush,
    attach(routerHost) {
      host = routerHost;
    },
  };
}
