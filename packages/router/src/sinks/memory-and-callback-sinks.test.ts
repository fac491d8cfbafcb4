import type { DecisionRecord } from '@switchyard/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { callbackSink } from './callback-sink.js';
import { memorySink } from './memory-sink.js';

const record = (requestId: string) => ({ requestId }) as unknown as DecisionRecord;

describe('memorySink', () => {
  it('keeps records in order, at most limit, and forgets them on clear', () => {
    const sink = memorySink({ limit: 2 });
    for (const id of ['a', 'b', 'c']) sink.write(record(id));
    expect(sink.records.map((entry) => entry.requestId)).toEqual(['b', 'c']);
    sink.clear();
    expect(sink.records).toEqual([]);
  });
});

describe('callbackSink', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('hands each record to onRecord, and what it throws to onError, else the host, else a warning', () => {
    const seen: string[] = [];
    const errors: unknown[] = [];
    const failing = () => {
      throw new Error('queue full');
    };
    callbackSink({ onRecord: (entry) => seen.push(entry.requestId) }).write(record('a'));
    expect(seen).toEqual(['a']);
    callbackSink({ onRecord: failing, onError: (error) => errors.push(error) }).write(record('b'));
    const attached = callbackSink({ onRecord: failing });
    attached.attach?.({ reportError: (error) => errors.push(error) });
    attached.write(record('c'));
    expect(errors).toHaveLength(2);
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    expect(() => callbackSink({ onRecord: failing }).write(record('d'))).not.toThrow();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('queue full'), expect.anything());
  });

  it('reports what an async onRecord rejects with, instead of an unhandled rejection, and close waits for it', async () => {
    const errors: unknown[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      let settle: (() => void) | undefined;
      const written: string[] = [];
      const sink = callbackSink({
        onRecord: async (entry) => {
          if (entry.requestId === 'a') throw new Error('database down');
          await new Promise<void>((resolve) => {
            settle = resolve;
          });
          written.push(entry.requestId);
        },
      });
      sink.attach?.({ reportError: (error) => errors.push(error) });
      sink.write(record('a'));
      sink.write(record('b'));
      const closed = sink.close?.();
      await Promise.resolve();
      expect(written).toEqual([]);
      settle?.();
      await closed;
      expect(written).toEqual(['b']);
      await new Promise((resolve) => setImmediate(resolve));
      expect(errors).toEqual([expect.objectContaining({ message: 'database down' })]);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
