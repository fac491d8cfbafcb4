import type { BasisDocument, DecisionRecord } from '@switchyard/core';

/**
 * What a {@link jsonlSink} asks of a tamper-evident chain (`recordChain()` of
 * `@switchyard/evidence` implements it): the line of each record, with its
 * place in the chain, and checkpoints over what reached the disk.
 */
export interface RecordChain {
  /**
   * The line of `record` in the log: its canonical JSON (RFC 8785) with its
   * chain link (`seq`, hash of the previous record), newline-terminated.
   * Advances the chain: called once per record, in the order lines are
   * appended.
   */
  seal(record: DecisionRecord): string;
  /** The line of a basis document (canonical JSON, newline-terminated); its digest goes into the next checkpoint. */
  sealBasis(document: BasisDocument): string;
  /**
   * Says that `records` more sealed record lines and `basis` more basis
   * lines, oldest first, are on disk; writes a checkpoint when an interval is
   * complete (by count, or by time at `now`, epoch ms). Call with zeros to
   * let time close an interval. Rejects when a checkpoint could not be
   * written: it is kept and written at the next call.
   */
  written(progress: { records: number; basis: number; now: number }): Promise<void>;
  /** Writes the last checkpoint, over everything written. Rejects when it could not be written. */
  close(now: number): Promise<void>;
}
