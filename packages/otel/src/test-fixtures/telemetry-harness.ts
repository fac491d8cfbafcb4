import type { Attributes } from '@opentelemetry/api';
import { type DataPoint, type Histogram, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** A metric reader that keeps nothing and exports nothing: tests call `collect()`. */
class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** Tracer and meter providers over in-memory exporters, with readers for tests. */
export function telemetryHarness() {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const reader = new CollectingReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    tracerProvider,
    meterProvider,
    /** Finished spans, in the order they ended. */
    spans: (): ReadableSpan[] => exporter.getFinishedSpans(),
    /** Data points of one metric (empty when it was never recorded). */
    async points<T = number | Histogram>(name: string): Promise<DataPoint<T>[]> {
      const { resourceMetrics } = await reader.collect();
      for (const scope of resourceMetrics.scopeMetrics) {
        for (const metric of scope.metrics) {
          if (metric.descriptor.name === name) return metric.dataPoints as DataPoint<T>[];
        }
      }
      return [];
    },
    /** The unit of one metric. */
    async unit(name: string): Promise<string | undefined> {
      const { resourceMetrics } = await reader.collect();
      for (const scope of resourceMetrics.scopeMetrics) {
        for (const metric of scope.metrics)
          if (metric.descriptor.name === name) return metric.descriptor.unit;
      }
      return undefined;
    },
    async shutdown() {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    },
  };
}

/** Whether every key of `subset` is in `attributes` with the same value. */
export function hasAttributes(attributes: Attributes, subset: Attributes): boolean {
  return Object.entries(subset).every(([key, value]) => attributes[key] === value);
}
