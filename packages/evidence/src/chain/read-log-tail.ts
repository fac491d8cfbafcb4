import { stat } from 'node:fs/promises';
import { errorCodes, SwitchyardError } from '@switchyard/core';
import { segmentPath } from '@switchyard/router';
import { chainLinkOf } from './chain-link-of.js';
import { readLines } from './read-lines.js';
import { leafHash } from './tree-hash.js';

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** The files of a records log that rotates: segment 0 (the path), 1, 2, ... while they exist. */
export async function logSegments(path: string): Promise<string[]> {
  const files: string[] = [];
  while (await exists(segmentPath(path, files.length))) files.push(segmentPath(path, files.length));
  return files;
}

async function firstSeq(path: string): Promise<number | undefined> {
  for await (const batch of readLines({ path, chunkBytes: 64 * 1024 })) {
    const first = batch.lines[0];
    if (first) return chainLinkOf(first.bytes)?.seq;
  }
  return undefined;
}

function tampered(message: string): SwitchyardError {
  return new SwitchyardError({
    code: errorCodes.EVIDENCE_TAMPERED,
    message: `${message}; refusing to extend the log (run \`switchyard verify\`)`,
  });
}

/**
 * Reads back the end of a chained records log to continue it: the records
 * from `seq` `from` on (written after the last checkpoint), checked link by
 * link from the record the last checkpoint names as `head`.
 *
 * @returns the next `seq`, the last record's hash and the hashes of the records not yet in a checkpoint.
 * @throws {SwitchyardError} `SWITCHYARD_EVIDENCE_TAMPERED` when a line is not a chained record, a link breaks, the head does not match, records the checkpoints name are gone, or the last line is incomplete.
 */
export async function readLogTail(options: {
  path: string;
  from: number;
  head: string | undefined;
}): Promise<{ nextSeq: number; prev: string | undefined; leaves: string[] }> {
  const { from } = options;
  const segments = await logSegments(options.path);
  let start = segments.length - 1;
  while (start > 0) {
    const seq = await firstSeq(segments[start] as string);
    if (seq !== undefined && seq <= from - 1) break;
    start--;
  }
  const leaves: string[] = [];
  let prev: string | undefined;
  let last = -1;
  for (const file of segments.slice(Math.max(0, start))) {
    for await (const batch of readLines({ path: file })) {
      if (batch.partialLast)
        throw tampered(
          `${file}:${batch.lines[0]?.line}: the last line is incomplete (a write cut short?); move it aside to continue`,
        );
      for (const { bytes, line } of batch.lines) {
        const link = chainLinkOf(bytes);
        if (link === undefined) throw tampered(`${file}:${line}: not a chained record`);
        if (link.seq < from - 1 && last === -1) continue;
        const hash = leafHash(bytes);
        if (link.seq === from - 1 && last === -1) {
          if (options.head !== undefined && hash !== options.head)
            throw tampered(
              `${file}:${line}: record seq ${link.seq} is not the one the last checkpoint signed`,
            );
        } else {
          const expected = last === -1 ? from : last + 1;
          if (link.seq !== expected || link.prev !== prev)
            throw tampered(
              `${file}:${line}: record seq ${link.seq} does not follow seq ${expected - 1} in the chain`,
            );
          leaves.push(hash);
        }
        prev = hash;
        last = link.seq;
      }
    }
  }
  if (from > 0 && last < from - 1)
    throw tampered(
      `${options.path}: the checkpoints cover records up to seq ${from - 1}, which are not there`,
    );
  return { nextSeq: last + 1, prev, leaves };
}
