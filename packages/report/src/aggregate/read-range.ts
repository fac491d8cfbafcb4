import { open } from 'node:fs/promises';
import type { ReadStats, RecordValidation } from '../read/read-records.js';
import type { AggregateOptions, AggregatorState } from './report-aggregator.js';

/** One byte range of a records file for a worker thread: `[start, end)`, both at line starts. */
export interface RangeTask {
  readonly path: string;
  readonly start: number;
  readonly end: number;
  readonly validation: RecordValidation;
  readonly maxBadLineSamples: number;
  readonly aggregate: Omit<AggregateOptions, 'events'>;
}

/** What a worker sends back. */
export interface RangeResult {
  readonly state: AggregatorState;
  readonly stats: ReadStats;
}

/**
 * Splits a file of `size` bytes into at most `parts` ranges that start at a
 * line start (just after a newline), reading only a few bytes around each cut.
 */
export async function splitAtLines(options: {
  path: string;
  size: number;
  parts: number;
}): Promise<[number, number][]> {
  const handle = await open(options.path, 'r');
  try {
    const cuts = [0];
    const probe = Buffer.alloc(64 * 1024);
    for (let part = 1; part < options.parts; part++) {
      let position = Math.max(
        Math.floor((options.size * part) / options.parts),
        cuts[cuts.length - 1] as number,
      );
      let cut = -1;
      while (cut === -1 && position < options.size) {
        const { bytesRead } = await handle.read(probe, 0, probe.length, position);
        if (bytesRead === 0) break;
        const newline = probe.subarray(0, bytesRead).indexOf(0x0a);
        if (newline === -1) position += bytesRead;
        else cut = position + newline + 1;
      }
      if (cut === -1 || cut >= options.size) break;
      if (cut > (cuts[cuts.length - 1] as number)) cuts.push(cut);
    }
    cuts.push(options.size);
    const ranges: [number, number][] = [];
    for (let index = 0; index + 1 < cuts.length; index++)
      ranges.push([cuts[index] as number, cuts[index + 1] as number]);
    return ranges;
  } finally {
    await handle.close();
  }
}
