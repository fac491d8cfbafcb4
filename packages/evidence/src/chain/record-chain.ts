import { createPublicKey, type KeyObject } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type BasisDocument, type DecisionRecord, errorCodes, SwitchyardError } from '@switchyard/core';
import { makeOutputFolder } from '@switchyard/core/node';
import type { RecordChain } from '@switchyard/router';
import { keyId as keyIdOf } from '../keys/signing-keys.js';
import { canonicalJson } from './canonical-json.js';
import {
  type Checkpoint,
  checkpointHash,
  checkpointLine,
  checkpointType,
  signCheckpoint,
} from './checkpoint.js';
import { checkpointsPathFor } from './checkpoints-path.js';
import { readCheckpoints } from './read-checkpoints.js';
import { readLogTail } from './read-log-tail.js';
import { leafHash, merkleRoot } from './tree-hash.js';

/** The longest interval a checkpoint may close: 10,000 records or 60 s. */
export const maxCheckpointInterval = { records: 10_000, ms: 60_000 } as const;

/** A {@link RecordChain} with where its checkpoints go and what it has sealed. */
export interface EvidenceChain extends RecordChain {
  /** The checkpoints file. */
  readonly checkpointsPath: string;
  /** The signing key's id (each checkpoint's `log`). */
  readonly keyId: string;
  /** `seq` the next record gets. */
  readonly nextSeq: number;
}

/** Options of {@link recordChain}. */
export interface RecordChainOptions {
  /** The records file the chain is written to (the sink's `path`); a log already there is continued. */
  readonly path: string;
  /** The checkpoints file (default `checkpointsPathFor(path)`, e.g. `records.checkpoints.jsonl`). */
  readonly checkpointsPath?: string;
  /** The Ed25519 key that signs checkpoints (`readPrivateKey()`); it never reaches a record. */
  readonly privateKey: KeyObject;
  /** Close an interval after this many records or ms, whichever comes first (each at most 10,000 and 60,000). */
  readonly every?: { readonly records?: number; readonly ms?: number };
}

/**
 * A tamper-evident chain for `jsonlSink({ chain })`. Each record's line is
 * its RFC 8785 canonical JSON with `chain: { seq, prev }`, where `prev` is
 * the hash of the record before (the RFC 6962 leaf hash of its line), so a
 * record cannot be modified, removed, reordered or inserted without breaking
 * the chain. Over what reached the disk, a checkpoint is appended to the
 * checkpoints file at the latest every 10,000 records or 60 s (and on
 * close): the RFC 6962 Merkle root of the interval's record hashes, the last
 * record's hash, the previous checkpoint's hash and the digests of the basis
 * documents written, signed with Ed25519. `switchyard verify` checks it all
 * with the public key alone. Rotation (`maxFileBytes`) does not break the
 * chain: `seq` runs on across files.
 *
 * A log already at `path` is continued: the last checkpoint is checked with
 * the key, the records written after it are read back (the newest files of a
 * rotated log first) and joined to the next interval.
 *
 * @param options.path the records file (the sink's `path`).
 * @param options.privateKey the signing key (from a file or the environment, `readPrivateKey`).
 * @param options.every interval bounds (default and maximum: 10,000 records, 60,000 ms).
 * @returns the chain, to pass to `jsonlSink({ path, chain })`.
 * @throws {SwitchyardError} `SWITCHYARD_CONFIG_INVALID` for bounds past the maximum; `SWITCHYARD_EVIDENCE_TAMPERED` when the log there does not verify from its last checkpoint (never extended silently).
 * @example
 * ```ts
 * const chain = await recordChain({ path: 'records.jsonl', privateKey: await readPrivateKey() });
 * const router = createRouter({ config, models, sinks: [jsonlSink({ path: 'records.jsonl', chain })] });
 * ```
 */
export async function recordChain(options: RecordChainOptions): Promise<EvidenceChain> {
  const everyRecords = options.every?.records ?? maxCheckpointInterval.records;
  const everyMs = options.every?.ms ?? maxCheckpointInterval.ms;
  if (
    !Number.isInteger(everyRecords) ||
    everyRecords < 1 ||
    everyRecords > maxCheckpointInterval.records ||
    !(everyMs > 0) ||
    everyMs > maxCheckpointInterval.ms
  ) {
    throw new SwitchyardError({
      code: errorCodes.CONFIG_INVALID,
      message: `recordChain every: expected at most ${maxCheckpointInterval.records} records (a whole number from 1) and at most ${maxCheckpointInterval.ms} ms (above 0); got ${everyRecords} records and ${everyMs} ms`,
    });
  }
  const privateKey = options.privateKey;
  const publicKey = createPublicKey(privateKey);
  const keyId = keyIdOf(publicKey);
  const checkpointsPath = options.checkpointsPath ?? checkpointsPathFor(options.path);

  const read = await readCheckpoints({ path: checkpointsPath, publicKey, keyId });
  if (read.problem) {
    throw new SwitchyardError({
      code: errorCodes.EVIDENCE_TAMPERED,
      message: `${checkpointsPath}:${read.problem.line}: ${read.problem.message}; refusing to extend the log (run \`switchyard verify\`)`,
    });
  }
  const last = read.checkpoints.at(-1)?.checkpoint;
  const tail = await readLogTail({
    path: options.path,
    from: last ? last.from + last.size : 0,
    head: last?.head,
  });

  let seq = tail.nextSeq;
  let prev: string | undefined = tail.prev;
  let head: string | undefined = tail.prev ?? last?.head;
  let index = last ? last.index + 1 : 0;
  let previousHash = last ? checkpointHash(last) : undefined;
  let from = last ? last.from + last.size : 0;
  // Sealed, not yet on disk (oldest first); on disk, not yet in a checkpoint.
  const sealed: string[] = [];
  const sealedBasis: string[] = [];
  let leaves: string[] = [...tail.leaves];
  let basisDigests: string[] = [];
  let intervalStartedAt: number | undefined = leaves.length > 0 ? Date.now() : undefined;
  const unwritten: string[] = [];
  let folderReady = false;
  let queue: Promise<void> = Promise.resolve();

  const close = (count: number, now: number) => {
    const intervalLeaves = leaves.slice(0, count);
    leaves = leaves.slice(count);
    const checkpointHead = intervalLeaves.length > 0 ? intervalLeaves.at(-1) : head;
    const checkpoint: Checkpoint = signCheckpoint(
      {
        type: checkpointType,
        log: keyId,
        index,
        from,
        size: intervalLeaves.length,
        root: merkleRoot(intervalLeaves),
        ...(checkpointHead === undefined ? {} : { head: checkpointHead }),
        ...(previousHash === undefined ? {} : { previous: previousHash }),
        ...(basisDigests.length > 0 ? { basis: basisDigests } : {}),
        time: new Date(now).toISOString(),
      },
      privateKey,
    );
    basisDigests = [];
    index++;
    from += intervalLeaves.length;
    previousHash = checkpointHash(checkpoint);
    intervalStartedAt = leaves.length > 0 ? now : undefined;
    unwritten.push(checkpointLine(checkpoint));
  };

  const flush = async () => {
    if (unwritten.length === 0) return;
    if (!folderReady) {
      await makeOutputFolder({ folder: dirname(checkpointsPath) });
      folderReady = true;
    }
    const lines = unwritten.slice();
    await appendFile(checkpointsPath, lines.join(''));
    unwritten.splice(0, lines.length);
  };

  const failure = (error: unknown) =>
    new SwitchyardError({
      code: errorCodes.SINK_WRITE_FAILED,
      message: `${checkpointsPath}: ${unwritten.length} checkpoint(s) could not be written (kept for the next try): ${(error as Error).message}`,
      cause: error,
    });

  const serial = (step: () => Promise<void>): Promise<void> => {
    const run = queue.then(step);
    queue = run.catch(() => {});
    return run;
  };

  return {
    checkpointsPath,
    keyId,
    get nextSeq() {
      return seq;
    },
    seal(record: DecisionRecord): string {
      const { chain: _old, ...rest } = record;
      const line = canonicalJson({ ...rest, chain: prev === undefined ? { seq } : { seq, prev } });
      const recordHash = leafHash(Buffer.from(line));
      sealed.push(recordHash);
      prev = recordHash;
      seq++;
      return `${line}\n`;
    },
    sealBasis(document: BasisDocument): string {
      const line = canonicalJson(document);
      sealedBasis.push(leafHash(Buffer.from(line)));
      return `${line}\n`;
    },
    written({ records, basis, now }) {
      return serial(async () => {
        if (records > 0 || basis > 0) intervalStartedAt ??= now;
        for (const recordHash of sealed.splice(0, records)) {
          leaves.push(recordHash);
          head = recordHash;
        }
        basisDigests.push(...sealedBasis.splice(0, basis));
        while (leaves.length >= everyRecords) close(everyRecords, now);
        if (
          (leaves.length > 0 || basisDigests.length > 0) &&
          intervalStartedAt !== undefined &&
          now - intervalStartedAt >= everyMs
        )
          close(leaves.length, now);
        try {
          await flush();
        } catch (error) {
          throw failure(error);
        }
      });
    },
    close(now: number) {
      return serial(async () => {
        if (leaves.length > 0 || basisDigests.length > 0) close(leaves.length, now);
        try {
          await flush();
        } catch (error) {
          throw failure(error);
        }
      });
    },
  };
}
