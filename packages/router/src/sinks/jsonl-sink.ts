import { appendFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  type BasisDocument,
  type DecisionRecord,
  type DecisionSink,
  reportSinkError,
  type SinkHost,
} from '@switchyard/core';
import { makeOutputFolder } from '@switchyard/core/node';
import { SinkWriteError } from '../errors/sink-write-error.js';
import type { RecordChain } from './record-chain.js';
import { basisPathFor } from './segment-path.js';
import { SegmentWriter } from './segment-writer.js';

/** Lines per file write, at most (the rest of a larger backlog goes in the next writes). */
const maxWriteLines = 4_096;

/** Counters of a {@link jsonlSink}. */
export interface JsonlSinkStats {
  /** Records written to the file. */
  readonly written: number;
  /** Records waiting to be written (buffered, or kept after a failed write). */
  readonly pending: number;
  /** Records dropped because `maxPending` were already waiting while the file could not be written. */
  readonly dropped: number;
  /** Writes that failed (each is retried at the next flush). */
  readonly failedWrites: number;
}

/** A JSONL sink: a {@link DecisionSink} with its path and counters. */
export interface JsonlSink extends DecisionSink {
  readonly path: string;
  /** Where the basis documents go, or undefined when they are not kept. */
  readonly basisPath: string | undefined;
  /** What was written, is waiting and was dropped. */
  stats(): JsonlSinkStats;
}

/**
 * Appends every decision record as one JSON line to a file. `write` only
 * buffers (it never blocks the request); the buffer is written out when it
 * holds `maxBuffered` records, every `flushIntervalMs`, on `flush()`, and on
 * `close()` (which `router.close()` calls).
 *
 * Beside the records it keeps the basis of the decisions, each document once
 * (the catalog and routes, the price table, each policy put in force; by
 * default `records.basis.jsonl` beside `records.jsonl`): what `switchyard
 * replay` needs to reproduce a record. With `maxFileBytes` it rotates to
 * `records.1.jsonl`, `records.2.jsonl`, ... With `chain` (`recordChain()` of
 * `@switchyard/evidence`) every record carries its place in a hash chain, as
 * canonical JSON, and signed checkpoints are written over what reached the
 * disk; records are then sealed when they are written out, off the request
 * path.
 *
 * A write that fails (a read-only directory, a full disk) never throws in the
 * host, not even from the background timer: the records are kept, in order,
 * and written at the next flush once the file can be written again; at most
 * `maxPending` wait (the oldest are dropped beyond, and counted; a record
 * already sealed into the chain is never dropped). Each failure is reported
 * to `onError`, else to the router the sink is attached to (its `error`
 * event), else as a process warning. `flush()` and `close()` reject with a
 * {@link SinkWriteError} saying how many records were not written.
 *
 * @param options.path the file; its folder is created.
 * @param options.maxBuffered records held before a write is started (default 256).
 * @param options.flushIntervalMs background flush period (default 1,000 ms).
 * @param options.maxPending records kept while the file cannot be written (default 100,000).
 * @param options.maxFileBytes start the next file before one would pass this size (default: never).
 * @param options.basisPath where the basis documents go (default `basisPathFor(path)`); `false`: not kept.
 * @param options.chain a tamper-evident chain to seal records into (default: none).
 * @param options.onError called with each write error (default: the router's `error` event).
 * @returns the sink.
 * @example
 * ```ts
 * const sink = jsonlSink({ path: '.switchyard/records.jsonl' });
 * const router = createRouter({ config, models, sinks: [sink] });
 * // ...
 * await router.close(); // writes what is buffered; rejects if records could not be written
 * ```
 */
export function jsonlSink(options: {
  path: string;
  maxBuffered?: number;
  flushIntervalMs?: number;
  maxPending?: number;
  maxFileBytes?: number;
  basisPath?: string | false;
  chain?: RecordChain;
  onError?: (error: unknown) => void;
}): JsonlSink {
  const maxBuffered = options.maxBuffered ?? 256;
  const maxPending = options.maxPending ?? 100_000;
  const name = `jsonl ${options.path}`;
  const chain = options.chain;
  const basisPath =
    options.basisPath === false ? undefined : (options.basisPath ?? basisPathFor(options.path));
  const segments = new SegmentWriter(options.path, options.maxFileBytes);
  // Lines, or (with a chain) records not sealed yet: a record is sealed when it is written out.
  let pending: (string | DecisionRecord)[] = [];
  let basisLines: string[] = [];
  const basisSeen = new Set<string>();
  let written = 0;
  let dropped = 0;
  let failedWrites = 0;
  let lastError: unknown;
  let writing: Promise<void> | undefined;
  let host: SinkHost | undefined;
  let closed = false;

  const report = (error: unknown) => reportSinkError(error, { onError: options.onError, host, what: name });

  const failed = (error: unknown, detail: string) => {
    failedWrites++;
    lastError = error;
    report(new SinkWriteError({ sink: name, notWritten: pending.length + dropped, detail, cause: error }));
  };

  /** Drops the oldest records beyond `maxPending`; sealed lines are kept (the chain runs through them). */
  const bound = () => {
    const excess = pending.length - maxPending;
    if (excess <= 0) return;
    let sealed = 0;
    if (chain) while (sealed < pending.length && typeof pending[sealed] === 'string') sealed++;
    const removable = Math.min(excess, pending.length - sealed);
    pending.splice(sealed, removable);
    dropped += removable;
  };

  const tellChain = async (progress: { records: number; basis: number }) => {
    if (!chain) return;
    try {
      await chain.written({ ...progress, now: Date.now() });
    } catch (error) {
      report(error);
    }
  };

  const writeBatch = async (): Promise<void> => {
    while (pending.length > 0 || basisLines.length > 0) {
      let basisWritten = 0;
      if (basisLines.length > 0 && basisPath !== undefined) {
        const lines = basisLines;
        try {
          await makeOutputFolder({ folder: dirname(basisPath) });
          await appendFile(basisPath, lines.join(''));
          basisLines = basisLines.slice(lines.length);
          basisWritten = lines.length;
        } catch (error) {
          bound();
          failed(error, 'the basis documents could not be written; kept for the next flush');
          return;
        }
      }
      // At most `maxWriteLines` per file write: one string of every pending line would outgrow what
      // V8 can build (~512 MiB) when records arrive faster than the disk takes them.
      const batch = pending.length <= maxWriteLines ? pending : pending.splice(0, maxWriteLines);
      if (batch === pending) pending = [];
      if (chain)
        for (let index = 0; index < batch.length; index++) {
          const entry = batch[index] as string | DecisionRecord;
          if (typeof entry !== 'string') batch[index] = chain.seal(entry);
        }
      let done = 0;
      try {
        if (batch.length > 0)
          await segments.append(batch as string[], (count) => {
            done += count;
          });
        written += batch.length;
        lastError = undefined;
      } catch (error) {
        written += done;
        // Keep the rest, in order, ahead of what arrived meanwhile; retried at the next flush.
        pending = batch.slice(done).concat(pending);
        bound();
        await tellChain({ records: done, basis: basisWritten });
        failed(error, 'kept for the next flush');
        return;
      }
      await tellChain({ records: batch.length, basis: basisWritten });
    }
  };

  /** Starts a write unless one runs; resolves when the buffer was tried once. Never rejects. */
  const drain = (): Promise<void> => {
    if (writing) return writing;
    if (pending.length === 0 && basisLines.length === 0) return Promise.resolve();
    writing = writeBatch().finally(() => {
      writing = undefined;
    });
    return writing;
  };

  const unwritten = () =>
    pending.length + dropped > 0
      ? new SinkWriteError({ sink: name, notWritten: pending.length + dropped, cause: lastError })
      : undefined;

  const timer = setInterval(() => {
    if (pending.length > 0 || basisLines.length > 0) void drain();
    else if (chain && !writing) void tellChain({ records: 0, basis: 0 });
  }, options.flushIntervalMs ?? 1_000);
  timer.unref?.();

  const finish = async () => {
    await drain();
    // A write that started before this call may have left records behind: try once more.
    if ((pending.length > 0 || basisLines.length > 0) && lastError === undefined) await drain();
  };

  return {
    name,
    path: options.path,
    basisPath,
    write(record: DecisionRecord) {
      pending.push(chain ? record : `${JSON.stringify(record)}\n`);
      if (closed) {
        void drain();
        return;
      }
      if (pending.length >= maxBuffered && !writing) {
        // With a chain, records are sealed when written: not on the request that fills the buffer.
        if (chain) setImmediate(() => void drain());
        else void drain();
      }
    },
    basis(document: BasisDocument) {
      if (basisPath === undefined) return;
      const key = `${document.kind}:${document.version}`;
      if (basisSeen.has(key)) return;
      basisSeen.add(key);
      basisLines.push(chain ? chain.sealBasis(document) : `${JSON.stringify(document)}\n`);
    },
    attach(routerHost) {
      host = routerHost;
    },
    stats() {
      return { written, pending: pending.length, dropped, failedWrites };
    },
    async flush() {
      await finish();
      const error = unwritten();
      if (error) throw error;
    },
    async close() {
      closed = true;
      clearInterval(timer);
      await finish();
      if (chain) await chain.close(Date.now());
      const error = unwritten();
      if (error) throw error;
    },
  };
}
