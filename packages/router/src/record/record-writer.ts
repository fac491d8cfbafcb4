import type { BasisDocument, DecisionRecord, DecisionSink } from '@switchyard/core';
import { thrownMessage } from '@switchyard/core/failure';
import { SinkWriteError } from '../errors/sink-write-error.js';
import type { RouterEventBus } from '../router-event-bus.js';

/** Counters of the router's sinks. */
export interface SinkCounters {
  /** Records handed to the sinks. */
  readonly records: number;
  /** Errors sinks reported or threw (each also an `error` event). */
  readonly errors: number;
}

/**
 * Hands every decision record to the router's sinks and keeps their errors
 * out of requests and the host: a sink that throws in `write`, or reports a
 * background failure, becomes an `error` event (or a process warning with no
 * listener) and a counter.
 */
export class RecordWriter {
  readonly #sinks: readonly DecisionSink[];
  readonly #events: RouterEventBus;
  records = 0;
  errors = 0;

  constructor(sinks: readonly DecisionSink[], events: RouterEventBus) {
    this.#sinks = sinks;
    this.#events = events;
    for (const sink of sinks) sink.attach?.({ reportError: (error) => this.#report(sink, error) });
  }

  /** Whether there is any sink. */
  get active(): boolean {
    return this.#sinks.length > 0;
  }

  write(record: DecisionRecord): void {
    this.records++;
    for (const sink of this.#sinks) {
      try {
        sink.write(record);
      } catch (error) {
        this.#report(sink, error);
      }
    }
  }

  /** Hands a basis document (catalog, prices, a policy) to every sink that keeps them. */
  basis(document: BasisDocument): void {
    for (const sink of this.#sinks) {
      if (sink.basis === undefined) continue;
      try {
        sink.basis(document);
      } catch (error) {
        this.#report(sink, error);
      }
    }
  }

  #report(sink: DecisionSink, error: unknown): void {
    this.errors++;
    const origin = sink.name ?? 'sink';
    const said = thrownMessage(error);
    this.#events.emit('error', {
      source: 'sink',
      origin,
      // A sink's own error may name it already (`jsonl <path>: ...`): named once.
      message: said.startsWith(`${origin}: `) ? said : `${origin}: ${said}`,
      error,
    });
  }

  /**
   * Closes every sink (each flushes first).
   *
   * @throws {SinkWriteError} saying how many records were not written, when a sink could not write them all.
   */
  async close(): Promise<void> {
    // Each sink closed on its own: one whose `close` throws at once neither stops the others' nor escapes as is.
    const results = await Promise.allSettled(this.#sinks.map(async (sink) => sink.close?.()));
    const failures: { sink: DecisionSink; error: unknown }[] = [];
    results.forEach((result, index) => {
      if (result.status === 'rejected')
        failures.push({ sink: this.#sinks[index] as DecisionSink, error: result.reason });
    });
    if (failures.length === 0) return;
    if (failures.length === 1) {
      const [{ sink, error }] = failures as [{ sink: DecisionSink; error: unknown }];
      if (SinkWriteError.isInstance(error)) throw error;
      throw new SinkWriteError({
        sink: sink.name ?? 'sink',
        notWritten: 0,
        closeFailed: [sink.name ?? 'sink'],
        cause: error,
      });
    }
    const notWritten = failures.reduce(
      (sum, failure) => sum + (SinkWriteError.isInstance(failure.error) ? failure.error.notWritten : 0),
      0,
    );
    throw new SinkWriteError({
      sink: failures.map((failure) => failure.sink.name ?? 'sink').join(', '),
      notWritten,
      closeFailed: failures
        .filter((failure) => !SinkWriteError.isInstance(failure.error))
        .map((failure) => failure.sink.name ?? 'sink'),
      cause: new AggregateError(
        failures.map((failure) => failure.error),
        'several sinks failed',
      ),
    });
  }
}
