import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BasisDocument, DecisionRecord } from '@switchyard/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SinkWriteError } from '../errors/sink-write-error.js';
import { jsonlSink } from './jsonl-sink.js';

/**
 * How long a wait on real I/O (a socket, a file) may take: the test's own time, not the 1 s
 * default of `vi.waitFor` and `expect.poll`, which a busy machine can miss.
 */
const ioWait = { timeout: 15_000 };

const record = (requestId: string) => ({ requestId }) as unknown as DecisionRecord;
let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'switchyard-jsonl-'));
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  rmSync(folder, { recursive: true, force: true });
});

describe('jsonlSink', () => {
  describe('writing', () => {
    it('appends one JSON line per record on flush, creating the folder', async () => {
      const sink = jsonlSink({ path: join(folder, 'deep', 'records.jsonl') });
      sink.write(record('a'));
      sink.write(record('b'));
      await sink.flush?.();
      const lines = readFileSync(join(folder, 'deep', 'records.jsonl'), 'utf8')
        .trim()
        .split('\n');
      expect(lines.map((line) => JSON.parse(line).requestId)).toEqual(['a', 'b']);
      expect(sink.stats()).toEqual({ written: 2, pending: 0, dropped: 0, failedWrites: 0 });
      await sink.close?.();
    });
  });

  describe('a full disk (/dev/full)', () => {
    it('keeps the records, reports each failure, and close() says how many were not written', async () => {
      const errors: unknown[] = [];
      const sink = jsonlSink({ path: '/dev/full', onError: (error) => errors.push(error) });
      sink.write(record('a'));
      sink.write(record('b'));
      await expect(sink.flush?.()).rejects.toThrow('jsonl /dev/full: 2 decision records were not written');
      expect(errors).toHaveLength(1);
      expect(SinkWriteError.isInstance(errors[0])).toBe(true);
      expect(((errors[0] as SinkWriteError).cause as NodeJS.ErrnoException).code).toBe('ENOSPC');
      expect(sink.stats()).toMatchObject({ written: 0, pending: 2, failedWrites: 1 });
      const closing = await Promise.resolve(sink.close?.()).catch((error: unknown) => error);
      expect(SinkWriteError.isInstance(closing)).toBe(true);
      expect((closing as SinkWriteError).notWritten).toBe(2);
    });

    it('never throws from its background timer, even with no handler (a process warning instead)', async () => {
      vi.useFakeTimers();
      const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
      const sink = jsonlSink({ path: '/dev/full', flushIntervalMs: 100 });
      sink.write(record('a'));
      await vi.advanceTimersByTimeAsync(100);
      vi.useRealTimers();
      await vi.waitFor(() => expect(warn).toHaveBeenCalled(), ioWait);
      expect(warn.mock.calls[0]?.[0]).toMatch(/jsonl \/dev\/full: 1 decision record was not written/);
      expect(warn.mock.calls[0]?.[1]).toMatchObject({ code: 'SWITCHYARD_SINK_WRITE_FAILED' });
      await expect(sink.close?.()).rejects.toThrow(SinkWriteError);
    });
  });

  describe('recovery', () => {
    it('writes the kept records, in order, once the file can be written again', async () => {
      // `blocked` is a file where the sink's folder should be: writes fail until it is removed.
      const blocker = join(folder, 'blocked');
      writeFileSync(blocker, '');
      const sink = jsonlSink({ path: join(blocker, 'records.jsonl'), onError: () => {} });
      sink.write(record('a'));
      await expect(sink.flush?.()).rejects.toThrow('1 decision record was not written');
      sink.write(record('b'));
      rmSync(blocker);
      await sink.flush?.();
      const lines = readFileSync(join(blocker, 'records.jsonl'), 'utf8').trim().split('\n');
      expect(lines.map((line) => JSON.parse(line).requestId)).toEqual(['a', 'b']);
      expect(sink.stats()).toMatchObject({ written: 2, pending: 0, failedWrites: 1 });
      await sink.close?.();
    });

    it('keeps at most maxPending records while it cannot write, counting the dropped ones', async () => {
      const sink = jsonlSink({ path: '/dev/full', maxPending: 2, onError: () => {} });
      for (const id of ['a', 'b', 'c']) sink.write(record(id));
      await expect(sink.flush?.()).rejects.toThrow('3 decision records were not written');
      expect(sink.stats()).toMatchObject({ pending: 2, dropped: 1 });
      await expect(sink.close?.()).rejects.toThrow(SinkWriteError);
    });

    it('keeps at most maxPending records when the basis documents cannot be written either', async () => {
      const blocker = join(folder, 'not-a-folder');
      writeFileSync(blocker, '');
      const sink = jsonlSink({ path: join(blocker, 'records.jsonl'), maxPending: 2, onError: () => {} });
      sink.basis?.({ kind: 'catalog', version: 'c1' } as unknown as BasisDocument);
      for (const id of ['a', 'b', 'c']) sink.write(record(id));
      await expect(sink.flush?.()).rejects.toThrow('3 decision records were not written');
      expect(sink.stats()).toMatchObject({ pending: 2, dropped: 1 });
      await expect(sink.close?.()).rejects.toThrow(SinkWriteError);
    });
  });

  describe('a read-only directory', () => {
    it('reports the error as a router error event, keeps serving, and close() rejects with the count', () => {
      chmodSync(folder, 0o555);
      expect(statSync(folder).mode & 0o777).toBe(0o555);
      const child = new URL('../test-fixtures/jsonl-sink-child.ts', import.meta.url).pathname;
      // Root writes into read-only folders: the writer becomes an unprivileged user then, once loaded.
      const asUser = process.getuid?.() === 0 ? ['65534'] : [];
      // Bounds only a child that hangs: starting one (tsx compiles its sources) took 9 s on a busy machine.
      const output = execFileSync(
        process.execPath,
        ['--conditions=@switchyard/source', '--import', 'tsx', child, folder, ...asUser],
        { encoding: 'utf8', cwd: new URL('../..', import.meta.url).pathname, timeout: 120_000 },
      );
      const result = JSON.parse(output.trim().split('\n').at(-1) as string) as {
        errors: string[];
        closeError: string;
        stats: { pending: number; written: number };
      };
      expect(result.errors[0]).toMatch(/EACCES/);
      expect(result.closeError).toMatch(/1 decision record was not written/);
      expect(result.stats).toMatchObject({ pending: 1, written: 0 });
    });
  });
});
