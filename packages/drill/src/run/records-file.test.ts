import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DecisionRecord } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { RealWork } from '../virtual-time/real-work.js';
import { RecordsFile } from './records-file.js';

/** A record of about 1 KB: 300 of them pass the 256 KB the file writes at once. */
const record = (index: number) =>
  ({ requestId: `r${index}`, padding: 'x'.repeat(1_000) }) as unknown as DecisionRecord;

describe('RecordsFile', () => {
  it('lets the clock go on while up to 16 chunks of 64 KB are on their way to disk, and waits for the disk past them', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'records-file-'));
    try {
      const work = new RealWork();
      const file = await RecordsFile.create({ path: join(folder, 'records.jsonl'), realWork: work });
      // Written in the same turn: no write has finished. About 1 MB blocks nothing; the chunk past
      // 16 makes the clock wait until the oldest is written.
      let written = 0;
      let bytes = 0;
      while (work.size === 0) {
        const next = record(written++);
        bytes += JSON.stringify(next).length + 1;
        file.write(next);
      }
      expect(bytes).toBeGreaterThan(16 * 64 * 1024);
      // A chunk is sent when the next line does not fit in its 64 KB (a line here is under 1 KB).
      expect(bytes).toBeLessThan(17 * (64 * 1024 + 1024));
      expect(work.size).toBe(1);
      await work.settled();
      expect(work.size).toBe(0);
      await file.close();
      const lines = (await readFile(file.path, 'utf8')).trimEnd().split('\n');
      expect(lines).toHaveLength(written);
      expect(lines.map((line) => (JSON.parse(line) as { requestId: string }).requestId)).toEqual(
        Array.from({ length: written }, (_, index) => `r${index}`),
      );
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('writes every line whole and in order when lines of multi-byte text fill chunks and one is larger than a chunk', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'records-file-'));
    try {
      const file = await RecordsFile.create({ path: join(folder, 'records.jsonl') });
      // 3 and 4 bytes a character in UTF-8, of varied lengths: lines end near a chunk's end, and one takes 120 KB.
      const records = Array.from(
        { length: 300 },
        (_, index) =>
          ({
            requestId: `r${index}`,
            text: index === 70 ? '€'.repeat(40_000) : `${'€'.repeat(200 + ((index * 53) % 700))}😀`,
          }) as unknown as DecisionRecord,
      );
      for (const each of records) file.write(each);
      await file.close();
      expect(await readFile(file.path, 'utf8')).toBe(
        records.map((each) => `${JSON.stringify(each)}\n`).join(''),
      );
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('fails close() with how many records were lost when the disk is full, instead of waiting for ever', async () => {
    const work = new RealWork();
    const file = await RecordsFile.create({ path: '/dev/full', realWork: work });
    for (let index = 0; index < 600; index++) file.write(record(index));
    await expect(file.close()).rejects.toThrow(
      /\/dev\/full: could not write the decision records \(600 record\(s\)\): .*ENOSPC/,
    );
    // Nothing is left tracked: a drill on virtual time is not held by a write that will never drain.
    expect(work.size).toBe(0);
  });
});
