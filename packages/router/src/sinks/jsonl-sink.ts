import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DecisionRecord, DecisionSink, SinkHost } from '@switchyard/core';
import { SinkWriteError } from '../errors/sink-write-error.js';

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
  /** What was written, is waiting and was dropped. */
  stats(): JsonlSinkStats;
}

/**
 * Appends every decision record as one JSON line to a file. `write` only
 * buffers (it never blocks the request); the buffer is written out when it
 * holds `maxBuffered` records, every `flushIntervalMs`, on `flush()`, and on
 * `close()` (which `router.close()` calls).
 *
 * A write that fails (a read-only directory, a full disk) never throws in the
 * host, not even from the background timer: the records are kept, in order,
 * and written at the next flush once the file can be written again; at most
 * `maxPending` wait (the oldest are dropped beyond, and counted). Each failure
 * is reported to `onError`, else to the router the sink is attached to (its
 * `error` event), else as a process warning. `flush()` and `close()` reject
 * with a {@link SinkWriteError} saying how many records were not written.
 *
 * @param options.path the file; its folder is created.
 * @param options.maxBuffered records held before a write is started (default 256).
 * @param options.flushIntervalMs background flush period (default 1,000 ms).
 * @param options.maxPending records kept while the file cannot be written (default 100,000).
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
  onError?: (error: unknown) => void;
}): JsonlSink {
  const maxBuffered = options.maxBuffered ?? 256;
  const maxPending = options.maxPending ?? 100_000;
  const name = `jsonl ${options.path}`;
  let pending: string[] = [];
  let written = 0;
  let dropped = 0;
  let failedWrites = 0;
  let lastError: unknown;
  let folderReady = false;
  let writing: Promise<void> | undefined;
  let host: SinkHost | undefined;
  let closed = false;

  const report = (error: unknown) => {
    try {
      if (options.onError) options.onError(error);
      else if (host) host.reportError(error);
      else
        process.emitWarning(`${name}: ${error instanceof Error ? error.message : String(error)}`, {
          type: 'SwitchyardWarning',
          code: 'SWITCHYARD_SINK_WRITE_FAILED',
        });
    } catch {
      // Reporting never throws into the host.
    }
  };

  const writeBatch = async (): Promise<void> => {
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      try {
        if (!folderReady) {
          await mkdir(dirname(options.path), { recursive: true });
          folderReady = true;
        }
        await appendFile(options.path, batch.join(''));
        written += batch.length;
        lastError = undefined;
      } catch (error) {
        failedWrites++;
        lastError = error;
        // Keep them, in order, ahead of what arrived meanwhile; retried at the next flush.
        pending = batch.concat(pending);
        if (pending.length > maxPending) {
          const excess = pending.length - maxPending;
          pending.splice(0, excess);
          dropped += excess;
        }
        report(
          new SinkWriteError({
            sink: name,
            notWritten: pending.length + dropped,
            detail: 'kept for the next flush',
            cause: error,
          }),
        );
        return;
      }
    }
  };

  /** Starts a write unless one runs; resolves when the buffer was tried once. Never rejects. */
  const drain = (): Promise<void> => {
    if (writing) return writing;
    if (pending.length === 0) return Promise.resolve();
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
    void drain();
  }, options.flushIntervalMs ?? 1_000);
  timer.unref?.();

  return {
    name,
    path: options.path,
    write(record: DecisionRecord) {
      pending.push(`${JSON.stringify(record)}\n`);
      if (closed) {
        void drain();
        return;
      }
      if (pending.length >= maxBuffered && !writing) void drain();
    },
    attach(routerHost) {
      host = routerHost;
    },
    stats() {
      return { written, pending: pending.length, dropped, failedWrites };
    },
    async flush() {
      await drain();
      // A write that started before this flush may have left records behind: try once more.
      if (pending.length > 0 && lastError === undefined) await drain();
      const error = unwritten();
      if (error) throw error;
    },
    async close() {
      closed = true;
      clearInterval(timer);
      await drain();
      if (pending.length > 0 && lastError === undefined) await drain();
      const error = unwritten();
      if (error) throw error;
    },
  };
}
