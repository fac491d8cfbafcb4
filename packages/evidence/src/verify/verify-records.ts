import type { KeyObject } from 'node:crypto';
import type { Checkpoint } from '../chain/checkpoint.js';
import { readCheckpoints } from '../chain/read-checkpoints.js';
import { merkleRoot } from '../chain/tree-hash.js';
import { keyId as keyIdOf } from '../keys/signing-keys.js';
import { classifyAgainst, classifyByLinks, recoverInterval } from './localize-tampering.js';
import { LogEntries, type LogEntry } from './log-entries.js';
import type { TamperFinding, VerifyReport } from './tamper-finding.js';
import { verifyBasis } from './verify-basis.js';

/** Options of {@link verifyRecords}. */
export interface VerifyRecordsOptions {
  /** The log's files, in order (a rotated log: `logSegments(path)`). */
  readonly files: readonly string[];
  /** The checkpoints file. */
  readonly checkpoints: string;
  /** The Ed25519 public key the checkpoints were signed with (`readPublicKey`): from a file or the environment, never from the records. */
  readonly publicKey: KeyObject;
  /** The basis documents file, to check against the checkpoints too. */
  readonly basis?: string;
}

/** Lines read past an anomaly (beyond the rest of its interval) to tell a reorder from a removal. */
const lookAhead = 1_000;

/**
 * Verifies a tamper-evident records log (written by `jsonlSink` with a
 * `recordChain`): every checkpoint's Ed25519 signature and its link to the
 * one before; every record's link to the one before, in `seq` order across
 * files; every interval's records against its signed Merkle root and head;
 * that no record a checkpoint covers is missing; and, with a basis file,
 * that every basis document is one a checkpoint signed. It stops at the
 * first problem and names the first record that is not as written
 * (modified, removed, reordered or inserted) by its `seq`, file and line:
 * exactly for a single change (the signed root settles which of two
 * neighbours changed); with several, the first one the chain shows. Records
 * after the last checkpoint are linked but not signed: they are counted as
 * `unsigned`, and removing them from the end cannot be told. A log with
 * records and no checkpoint at all is not verified (finding `checkpoint`):
 * nothing in it is tied to the key.
 *
 * A line re-serialized by another tool (same JSON, other formatting) still
 * verifies: hashes are over its RFC 8785 canonical form. Only I-JSON is
 * canonicalized (RFC 7493): a line naming a member twice, or bytes that are
 * not UTF-8, is not the line that was written.
 *
 * @returns the report; `ok` when nothing was found.
 * @example
 * ```ts
 * const report = await verifyRecords({ files: await logSegments('records.jsonl'),
 *   checkpoints: 'records.checkpoints.jsonl', publicKey: await readPublicKey({ file: 'evidence.pub.pem' }) });
 * if (!report.ok) console.error(report.finding?.message);
 * ```
 */
export async function verifyRecords(options: VerifyRecordsOptions): Promise<VerifyReport> {
  const keyId = keyIdOf(options.publicKey);
  const read = await readCheckpoints({ path: options.checkpoints, publicKey: options.publicKey, keyId });
  const checkpoints = read.checkpoints.map((entry) => entry.checkpoint);
  const log = new LogEntries(options.files);
  let records = 0;
  let signed = 0;
  const report = (finding: TamperFinding | undefined, basis = 0): VerifyReport => {
    const signedEnd =
      checkpoints.length === 0
        ? 0
        : (checkpoints.at(-1) as Checkpoint).from + (checkpoints.at(-1) as Checkpoint).size;
    return {
      ok: finding === undefined,
      records,
      signed,
      unsigned: Math.max(0, expected - signedEnd),
      checkpoints: checkpoints.length,
      basis,
      bytes: log.bytes,
      ...(finding ? { finding } : {}),
    };
  };
  let expected = 0;
  if (read.problem)
    return report({
      kind: 'checkpoint',
      file: options.checkpoints,
      line: read.problem.line,
      message: `checkpoint line ${read.problem.line}: ${read.problem.message}`,
    });
  const signedEnd =
    checkpoints.length === 0
      ? 0
      : (checkpoints.at(-1) as Checkpoint).from + (checkpoints.at(-1) as Checkpoint).size;

  let interval = 0;
  const skipEmpty = () => {
    while (interval < checkpoints.length && (checkpoints[interval] as Checkpoint).size === 0) interval++;
  };
  skipEmpty();
  let intervalEntries: LogEntry[] = [];
  let previous: LogEntry | undefined;
  let previousHash: string | undefined;

  const localize = async (anomaly: LogEntry): Promise<TamperFinding> => {
    const checkpoint = checkpoints[interval];
    const inSigned = checkpoint !== undefined && expected < checkpoint.from + checkpoint.size;
    // Read the rest of the interval (and a little past it) to settle the anomaly against its signed root.
    const wanted = inSigned ? checkpoint.from + checkpoint.size - expected + lookAhead : lookAhead;
    // A line that claims a place further on: read on to it, to tell a moved record from a copied one.
    const claimed = anomaly.link !== undefined && anomaly.link.seq > expected ? anomaly.link.seq : -1;
    const later: LogEntry[] = [];
    let passed = claimed === -1;
    while (later.length < wanted || !passed) {
      const next = await log.next();
      if (next === undefined) break;
      records++;
      later.push(next);
      if (next.link !== undefined && next.link.seq >= claimed) passed = true;
    }
    if (inSigned) {
      const entries = [...intervalEntries, anomaly, ...later];
      const original = recoverInterval({ checkpoint, entries });
      if (original) {
        const finding = classifyAgainst({ from: checkpoint.from, original, entries, end: log.end });
        if (finding) return finding;
      }
    }
    return classifyByLinks({ expected, previous, anomaly, next: later[0], later, signed: inSigned });
  };

  for (;;) {
    const entry = await log.next();
    if (entry === undefined) break;
    records++;
    const link = entry.link;
    let linked = link !== undefined && link.seq === expected && link.prev === previousHash;
    if (
      !linked &&
      link !== undefined &&
      link.seq === expected &&
      previous !== undefined &&
      previous.canonical === link.prev
    ) {
      // The record before was re-serialized by another tool: same JSON, other bytes.
      previousHash = previous.canonical;
      linked = true;
    }
    if (!linked) return report(await localize(entry));
    intervalEntries.push(entry);
    previous = entry;
    previousHash = entry.hash;
    expected++;
    const checkpoint = checkpoints[interval];
    if (checkpoint !== undefined && expected === checkpoint.from + checkpoint.size) {
      let root = merkleRoot(intervalEntries.map((item) => item.hash));
      if (root !== checkpoint.root || !entry.hashes(checkpoint.head)) {
        // Re-serialized lines hash by their canonical form.
        root = merkleRoot(intervalEntries.map((item) => item.canonical ?? item.hash));
        if (root !== checkpoint.root || !entry.hashes(checkpoint.head)) {
          // Read a little on: the record that belongs here may follow an inserted one.
          const entries = [...intervalEntries];
          for (let count = 0; count < lookAhead; count++) {
            const next = await log.next();
            if (next === undefined) break;
            records++;
            entries.push(next);
          }
          const original = recoverInterval({ checkpoint, entries });
          const finding = original
            ? classifyAgainst({ from: checkpoint.from, original, entries, end: log.end })
            : undefined;
          return report(
            finding ?? {
              kind: 'rewritten',
              seq: checkpoint.from,
              file: (intervalEntries[0] as LogEntry).file,
              line: (intervalEntries[0] as LogEntry).line,
              message: `records seq ${checkpoint.from} to ${expected - 1} link up but do not match the root checkpoint ${checkpoint.index} signed: the chain was recomputed somewhere in that range`,
            },
          );
        }
        if (entry.canonical !== null) previousHash = entry.canonical;
      }
      signed += intervalEntries.length;
      intervalEntries = [];
      interval++;
      skipEmpty();
    }
  }
  if (expected < signedEnd) {
    const checkpoint = checkpoints[interval];
    if (checkpoint !== undefined && intervalEntries.length > 0) {
      const original = recoverInterval({ checkpoint, entries: intervalEntries });
      const finding = original
        ? classifyAgainst({ from: checkpoint.from, original, entries: intervalEntries, end: log.end })
        : undefined;
      if (finding) return report(finding);
    }
    return report({
      kind: 'removed',
      seq: expected,
      file: log.end.file,
      line: log.end.line,
      message:
        expected === signedEnd - 1
          ? `record seq ${expected} was removed (the log ends before it; checkpoints cover up to seq ${signedEnd - 1})`
          : `records seq ${expected} to ${signedEnd - 1} were removed (the log ends before them; checkpoints cover them)`,
    });
  }
  if (checkpoints.length === 0 && records > 0)
    // Fail closed: with no checkpoint, nothing ties the records to the key (anyone can recompute a chain).
    return report({
      kind: 'checkpoint',
      file: options.checkpoints,
      line: 0,
      message: `the checkpoints file holds no checkpoint, so none of the log's ${records} records can be verified: a log closed by its sink always has one (an emptied, wrong or lost checkpoints file looks like this; a log still open before its first checkpoint too)`,
    });
  if (options.basis === undefined) return report(undefined);
  const basis = await verifyBasis({ path: options.basis, checkpoints });
  return report(basis.finding, basis.documents);
}
