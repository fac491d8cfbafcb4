import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DecisionRecord } from '@switchyard/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SinkWriteError } from '../errors/sink-write-error.js';
import { jsonlSink } from './jsonl-sink.js';

// Recursive mkdir never returns on these paths: a regression fails here rather than hanging CI.
const bounded = 10_000;

const record = (requestId: string) => ({ requestId }) as unknown as DecisionRecord;
let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'switchyard-jsonl-folder-'));
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

/** Writes one record to a sink at `path` and returns what its flush and the error it reported. */
async function flushOne(path: string, options: { maxFileBytes?: number } = {}) {
  const errors: unknown[] = [];
  const sink = jsonlSink({ path, ...options, onError: (error) => errors.push(error) });
  sink.write(record('a'));
  const flushed = await Promise.resolve(sink.flush?.()).catch((error: unknown) => error);
  await Promise.resolve(sink.close?.()).catch(() => {});
  return { flushed, cause: (errors[0] as SinkWriteError | undefined)?.cause as Error | undefined };
}

describe('jsonlSink', () => {
  describe('the records folder', () => {
    for (const maxFileBytes of [undefined, 1_000]) {
      it(
        `refuses at once a folder under /proc, naming it and why (maxFileBytes ${maxFileBytes})`,
        async () => {
          const { flushed, cause } = await flushOne('/proc/switchyard-x/records.jsonl', { maxFileBytes });
          expect(SinkWriteError.isInstance(flushed)).toBe(true);
          expect(cause?.message).toBe(
            'cannot make the output folder /proc/switchyard-x: cannot make the folder /proc/switchyard-x: the file system refuses it (ENOENT)',
          );
        },
        bounded,
      );

      it(
        `refuses at once a folder below a broken link (maxFileBytes ${maxFileBytes})`,
        async () => {
          symlinkSync(join(folder, 'gone'), join(folder, 'dangling'));
          const { flushed, cause } = await flushOne(join(folder, 'dangling', 'out', 'records.jsonl'), {
            maxFileBytes,
          });
          expect(SinkWriteError.isInstance(flushed)).toBe(true);
          expect(cause?.message).toContain(
            `cannot make the folder ${join(folder, 'dangling')}: it exists, but is not a folder (a broken link?)`,
          );
        },
        bounded,
      );
    }
  });
});
