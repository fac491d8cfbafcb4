import type { DecisionRecord } from './decision-record.js';

/**
 * Where decision records go. `write` is called on the request path and must
 * not block: buffer and flush in the background.
 */
export interface DecisionSink {
  /** Takes one record. Must return quickly and never throw. */
  write(record: DecisionRecord): void;
  /** Writes out what is buffered. */
  flush?(): Promise<void>;
  /** Flushes and releases resources. */
  close?(): Promise<void>;
}
