/**
 * Cost of `otelSink().write` per decision record, against two baselines measured in the same run:
 * a sink that only reads the record (the least any sink does), and otelSink with no SDK registered
 * (the API's no-op tracer and meter). With the SDK: spans go through a SimpleSpanProcessor to an
 * exporter that drops them, metrics into a MeterProvider's aggregation.
 *
 *   pnpm --filter @switchyard/otel bench
 */
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import type { DecisionRecord, DecisionSink } from '@switchyard/core';
import { otelSink } from '../src/otel-sink.js';
import { directRecord, failedRecord, fellBackRecord } from '../src/test-fixtures/decision-records.js';

class DroppingExporter implements SpanExporter {
  exported = 0;
  export(spans: ReadableSpan[], done: (result: { code: 0 }) => void): void {
    this.exported += spans.length;
    done({ code: 0 });
  }
  async shutdown(): Promise<void> {}
}

class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const records: DecisionRecord[] = [directRecord, fellBackRecord, failedRecord];
const iterations = Number(process.env.BENCH_ITERATIONS ?? 20_000);

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes in batches of 100 and yields between them, as the router does between requests: the
 * SDK's span processor settles its export promises there (a tight loop would pile them up).
 */
async function writeMany(sink: DecisionSink, count: number): Promise<void> {
  for (let index = 0; index < count; index++) {
    sink.write(records[index % 3] as DecisionRecord);
    if (index % 100 === 99) await yieldToEventLoop();
  }
}

async function measure(name: string, sink: DecisionSink): Promise<number> {
  await writeMany(sink, 5_000);
  const rounds: number[] = [];
  for (let round = 0; round < 5; round++) {
    const start = process.hrtime.bigint();
    await writeMany(sink, iterations);
    rounds.push(Number(process.hrtime.bigint() - start) / iterations);
  }
  rounds.sort((a, b) => a - b);
  const median = rounds[2] as number;
  console.log(
    `${name.padEnd(44)} ${(median / 1000).toFixed(2).padStart(8)} µs/record (median of 5 × ${iterations})`,
  );
  return median;
}

let seen = 0;
const baseline = await measure('baseline: a sink that reads the record', {
  write(record) {
    seen += record.attempts.length;
  },
});
const noop = await measure('otelSink, no SDK (API no-op)', otelSink());
const exporter = new DroppingExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const meterProvider = new MeterProvider({ readers: [new CollectingReader()] });
const traced = await measure('otelSink, SDK spans only', otelSink({ tracerProvider }));
const full = await measure('otelSink, SDK spans + metrics', otelSink({ tracerProvider, meterProvider }));
console.log(
  `ratios vs no-op otelSink: spans ${(traced / noop).toFixed(1)}×, spans + metrics ${(full / noop).toFixed(1)}×; ` +
    `no-op otelSink vs reading baseline ${(noop / baseline).toFixed(1)}×`,
);
console.log(
  `(records average ${(5 / 3).toFixed(2)} attempts: ${(8 / 3).toFixed(2)} spans each; exported ${exporter.exported} spans; ${seen > 0})`,
);
await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
