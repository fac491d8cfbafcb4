import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DecisionRecord } from '@switchyard/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonlSink } from './jsonl-sink.js';

vi.mock('node:fs/promises', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:fs/promises')>();
  return { ...original, appendFile: vi.fn(original.appendFile) };
});

const record = (requestId: string) => ({ requestId }) as unknown as DecisionRecord;
let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'switchyard-jsonl-backlog-'));
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('jsonlSink', () => {
  describe('a backlog (records arriving faster than the disk takes them)', () => {
    it('writes a large backlog in bounded writes, never one string of every pending line', async () => {
      const appendFile = vi.mocked(fs.appendFile);
      appendFile.mockClear();
      const path = join(folder, 'records.jsonl');
      const sink = jsonlSink({ path, maxBuffered: 1_000_000 });
      for (let index = 0; index < 10_000; index++) sink.write(record(`r${index}`));
      await sink.close?.();
      const writes = appendFile.mock.calls.map(([, data]) => String(data).split('\n').length - 1);
      expect(writes.length).toBeGreaterThanOrEqual(3);
      expect(Math.max(...writes)).toBeLessThanOrEqual(4_096);
      const lines = readFileSync(path, 'utf8').trim().split('\n');
      expect(lines).toHaveLength(10_000);
      expect(JSON.parse(lines[9_999] as string).requestId).toBe('r9999');
      expect(sink.stats()).toEqual({ written: 10_000, pending: 0, dropped: 0, failedWrites: 0 });
    });
  });
});
