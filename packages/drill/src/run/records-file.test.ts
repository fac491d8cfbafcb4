import type { DecisionRecord } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { RealWork } from '../virtual-time/real-work.js';
import { RecordsFile } from './records-file.js';

/** A record of about 1 KB: 300 of them pass the 256 KB the file writes at once. */
const record = (index: number) =>
  ({ requestId: `r${index}`, padding: 'x'.repeat(1_000) }) as unknown as DecisionRecord;

describe('RecordsFile', () => {
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
