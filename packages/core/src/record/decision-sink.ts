import type { BasisDocument } from './basis-document.js';
import type { DecisionRecord } from './decision-record.js';

/** What a router tells a sink when it is attached: where to report errors that happen later. */
export interface SinkHost {
  /**
   * Reports a write error that happened outside `write` (a background flush):
   * the router turns it into an `error` event and counts it. Never throws.
   */
  reportError(error: unknown): void;
}

/**
 * Where decision records go. `write` is called on the request path and must
 * not block: buffer and flush in the background. A sink never loses a record
 * silently: what it cannot write it keeps (bounded) and retries, reports
 * through its host, and `close()` rejects saying how many were not written.
 */
export interface DecisionSink {
  /** A short name for errors and warnings, e.g. `jsonl records.jsonl`. */
  readonly name?: string;
  /** Takes one record. Must return quickly; a throw is caught, reported and counted by the router. */
  write(record: DecisionRecord): void;
  /**
   * Takes a document of the basis the decisions are made on (the catalog,
   * the price table, each policy put in force), before the first record that
   * names it; a sink that keeps records keeps these once, beside them, so a
   * record can be replayed (`switchyard replay`). Optional; a throw is
   * reported like a write error.
   */
  basis?(document: BasisDocument): void;
  /** Writes out what is buffered; rejects when records remain unwritten. */
  flush?(): Promise<void>;
  /** Flushes and releases resources; rejects with how many records were not written, if any. */
  close?(): Promise<void>;
  /** Called once by the router that uses the sink, with where to report background errors. */
  attach?(host: SinkHost): void;
}
