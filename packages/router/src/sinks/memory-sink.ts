import type { BasisDocument, DecisionRecord, DecisionSink } from '@switchyard/core';

/** A sink that keeps records in memory, for tests and drills. */
export interface MemorySink extends DecisionSink {
  /** Every record written, oldest first. */
  readonly records: readonly DecisionRecord[];
  /** Every basis document (catalog, prices, policies) the router handed over, oldest first. */
  readonly documents: readonly BasisDocument[];
  /** Forgets every record (the basis documents stay: later records name them). */
  clear(): void;
}

/**
 * Keeps every decision record in an array.
 *
 * @param options.limit keep at most this many (oldest dropped); default unlimited.
 * @example
 * ```ts
 * const sink = memorySink();
 * const router = createRouter({ config, models, sinks: [sink] });
 * // ... sink.records
 * ```
 */
export function memorySink(options: { limit?: number } = {}): MemorySink {
  const records: DecisionRecord[] = [];
  const documents: BasisDocument[] = [];
  return {
    name: 'memory',
    records,
    documents,
    write(record) {
      records.push(record);
      if (options.limit !== undefined && records.length > options.limit) records.shift();
    },
    basis(document) {
      documents.push(document);
    },
    clear() {
      records.length = 0;
    },
  };
}
