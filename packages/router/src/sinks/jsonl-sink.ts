import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { DecisionRecord, DecisionSink } from '@switchyard/core';

/**
 * Appends every decision record as one JSON line to a file. `write` only
 * buffers (it never blocks the request); the buffer is written out when it
 * holds `maxBuffered` records, every `flushIntervalMs`, on `flush()`, and on
 * `close()` (which `router.close()` calls).
 *
 * @param options.path the file; its folder is created.
 * @param options.maxBuffered records held before writing (default 256).
 * @param options.flushIntervalMs background flush period (default 1,000 ms).
 * @param options.onError called when the file cannot be written (default: rethrown on flush/close).
 */
export function jsonlSink(options: {
  path: string;
  maxBuffered?: number;
  flushIntervalMs?: number;
  onError?: (error: unknown) => void;
}): DecisionSink & { readonly path: string } {
  const maxBuffered = options.maxBuffered ?? 256;
  let buffer: string[] = [];
  let stream: WriteStream | undefined;
  let failure: unknown;
  let pending: Promise<void> = Promise.resolve();
  const open = () => {
    if (!stream) {
      mkdirSync(dirname(options.path), { recursive: true });
      stream = createWriteStream(options.path, { flags: 'a' });
      stream.on('error', (error) => {
        failure = error;
        options.onError?.(error);
      });
    }
    return stream;
  };
  const drain = (): Promise<void> => {
    if (buffer.length === 0) return pending;
    const chunk = buffer.join('');
    buffer = [];
    const target = open();
    pending = pending.then(
      () =>
        new Promise<void>((resolve) => {
          if (!target.write(chunk)) target.once('drain', resolve);
          else resolve();
        }),
    );
    return pending;
  };
  const timer = setInterval(() => void drain(), options.flushIntervalMs ?? 1_000);
  timer.unref();
  return {
    path: options.path,
    write(record: DecisionRecord) {
      buffer.push(`${JSON.stringify(record)}\n`);
      if (buffer.length >= maxBuffered) void drain();
    },
    async flush() {
      await drain();
      if (failure && !options.onError) throw failure;
    },
    async close() {
      clearInterval(timer);
      await drain();
      const current = stream;
      stream = undefined;
      if (current) await new Promise<void>((resolve) => current.end(resolve));
      if (failure && !options.onError) throw failure;
    },
  };
}
