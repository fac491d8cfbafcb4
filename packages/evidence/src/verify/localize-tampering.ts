import type { Checkpoint } from '../chain/checkpoint.js';
import { merkleRoot } from '../chain/tree-hash.js';
import type { LogEntry } from './log-entries.js';
import type { TamperFinding } from './tamper-finding.js';

/** Most combinations of candidate hashes tried against a signed root. */
const maxCombinations = 256;

const at = (entry: LogEntry, message: string, kind: TamperFinding['kind'], seq: number): TamperFinding => ({
  kind,
  seq,
  file: entry.file,
  line: entry.line,
  message,
});

/**
 * The original record hashes of a signed interval, recovered from what the
 * lines say and checked against the checkpoint's root: for each position,
 * the candidates are the hashes of the lines claiming it and the `prev` of
 * the lines claiming the next one (and the checkpoint's head for the last);
 * the combination whose Merkle root is the signed one is the original.
 *
 * @returns the hashes by position from `checkpoint.from`, or undefined when no combination (of at most 256) matches.
 */
export function recoverInterval(options: {
  checkpoint: Checkpoint;
  entries: readonly LogEntry[];
}): string[] | undefined {
  const { checkpoint, entries } = options;
  const { from, size } = checkpoint;
  const candidates: Set<string>[] = Array.from({ length: size }, () => new Set<string>());
  for (const entry of entries) {
    const link = entry.link;
    if (link === undefined) continue;
    const position = link.seq - from;
    if (position >= 0 && position < size) {
      candidates[position]?.add(entry.hash);
      if (entry.canonical !== null) candidates[position]?.add(entry.canonical);
    }
    if (link.prev !== undefined && position - 1 >= 0 && position - 1 < size)
      candidates[position - 1]?.add(link.prev);
  }
  if (checkpoint.head !== undefined && size > 0) candidates[size - 1]?.add(checkpoint.head);
  let combinations = 1;
  for (const set of candidates) {
    if (set.size === 0) return undefined;
    combinations *= set.size;
    if (combinations > maxCombinations) return undefined;
  }
  const lists = candidates.map((set) => [...set]);
  const choice = new Array<number>(size).fill(0);
  for (let tried = 0; tried < combinations; tried++) {
    const leaves = lists.map((list, index) => list[choice[index] as number] as string);
    if (
      merkleRoot(leaves) === checkpoint.root &&
      (checkpoint.head === undefined || leaves[size - 1] === checkpoint.head)
    )
      return leaves;
    for (let index = 0; index < size; index++) {
      const next = (choice[index] as number) + 1;
      if (next < (lists[index] as string[]).length) {
        choice[index] = next;
        break;
      }
      choice[index] = 0;
    }
  }
  return undefined;
}

/**
 * Names the first record of a signed interval that is not as written, given
 * its original hashes: walking the lines in file order against them, the
 * first line that is not the next original record is a modified, removed,
 * reordered or inserted one.
 */
export function classifyAgainst(options: {
  from: number;
  original: readonly string[];
  entries: readonly LogEntry[];
  end: { file: string; line: number };
}): TamperFinding | undefined {
  const { from, original, entries } = options;
  const positionOf = new Map<string, number>();
  original.forEach((hash, index) => {
    positionOf.set(hash, from + index);
  });
  const matched = new Set<number>();
  const positionOfEntry = (entry: LogEntry) =>
    positionOf.get(entry.hash) ?? (entry.canonical === null ? undefined : positionOf.get(entry.canonical));
  let position = from;
  const end = from + original.length;
  for (let index = 0; index < entries.length && position < end; index++) {
    const entry = entries[index] as LogEntry;
    if (entry.hashes(original[position - from])) {
      matched.add(position);
      position++;
      continue;
    }
    const rest = entries.slice(index + 1);
    const appearsLater = (seq: number) => rest.some((later) => later.hashes(original[seq - from]));
    const copiedLater = rest.some((later) => later.hash === entry.hash);
    const claimed = positionOfEntry(entry);
    if (claimed !== undefined && matched.has(claimed))
      return at(
        entry,
        `a copy of record seq ${claimed} was inserted where seq ${position} belongs`,
        'inserted',
        position,
      );
    if (copiedLater)
      return at(
        entry,
        `a copy of a later record was inserted where seq ${position} belongs`,
        'inserted',
        position,
      );
    if (claimed === undefined && entry.link !== undefined && entry.link.seq < from)
      // Every record before this interval was already found in its place: this one is extra.
      return at(
        entry,
        `a record claiming seq ${entry.link.seq} (already verified) was inserted where seq ${position} belongs`,
        'inserted',
        position,
      );
    if (
      claimed !== undefined ||
      (entry.isJson && entry.link !== undefined && (entry.link.seq < from || entry.link.seq >= end))
    ) {
      const seq = claimed ?? (entry.link?.seq as number);
      if (appearsLater(position))
        return at(
          entry,
          `record seq ${seq} appears where seq ${position} belongs: reordered`,
          'reordered',
          position,
        );
      if (claimed === undefined)
        return at(
          entry,
          `record seq ${position} was removed (seq ${seq} follows seq ${position - 1})`,
          'removed',
          position,
        );
      let last = position;
      while (last + 1 < claimed && !appearsLater(last + 1)) last++;
      return at(
        entry,
        last === position
          ? `record seq ${position} was removed (seq ${claimed} follows seq ${position - 1})`
          : `records seq ${position} to ${last} were removed`,
        'removed',
        position,
      );
    }
    if (appearsLater(position))
      return at(
        entry,
        `a record that was never written was inserted where seq ${position} belongs`,
        'inserted',
        position,
      );
    return at(
      entry,
      entry.isJson
        ? `record seq ${position} was modified: it is not what its checkpoint signed`
        : `record seq ${position} was modified: the line is no longer I-JSON (bytes changed, lines merged, a member named twice, or bytes that are not UTF-8)`,
      'modified',
      position,
    );
  }
  if (position < end)
    return {
      kind: 'removed',
      seq: position,
      file: options.end.file,
      line: options.end.line,
      message:
        position === end - 1
          ? `record seq ${position} was removed (the log ends before it)`
          : `records seq ${position} to ${end - 1} were removed (the log ends before them)`,
    };
  return undefined;
}

/**
 * Names the first tampered record from the links alone, where no signed
 * root can settle it (records after the last checkpoint, or when the root
 * cannot be matched): `anomaly` is the first line that does not link to the
 * record before it (`previous`, accepted), `next` the line after it.
 */
export function classifyByLinks(options: {
  expected: number;
  previous: LogEntry | undefined;
  anomaly: LogEntry;
  next: LogEntry | undefined;
  later: readonly LogEntry[];
  signed: boolean;
}): TamperFinding {
  const { expected, previous, anomaly, next } = options;
  const link = anomaly.link;
  const note = options.signed ? '' : ' (after the last checkpoint: linked, not signed)';
  if (link === undefined) {
    if (next?.link?.seq === expected && previous !== undefined && previous.hashes(next.link.prev))
      return at(
        anomaly,
        `a line that is not a chained record was inserted where seq ${expected} belongs${note}`,
        'inserted',
        expected,
      );
    return at(
      anomaly,
      `record seq ${expected} was modified: the line is not a chained record any more${note}`,
      'modified',
      expected,
    );
  }
  if (link.seq === expected) {
    // It claims the right place but does not link back: either it changed (its `prev`), or the record before it did.
    if (
      previous !== undefined &&
      next !== undefined &&
      next.link?.seq === expected + 1 &&
      anomaly.hashes(next.link.prev)
    )
      return at(
        previous,
        `record seq ${expected - 1} was modified: the next record's link names another hash${note}`,
        'modified',
        expected - 1,
      );
    return at(
      anomaly,
      `record seq ${expected} was modified: its link does not name the record before it${note}`,
      'modified',
      expected,
    );
  }
  if (link.seq > expected) {
    if (previous !== undefined && !previous.isJson)
      return at(
        previous,
        `record seq ${expected - 1} was modified: the line is no longer I-JSON (bytes changed, lines merged, a member named twice, or bytes that are not UTF-8)${note}`,
        'modified',
        expected - 1,
      );
    if (options.later.some((entry) => entry.link?.seq === expected))
      return at(
        anomaly,
        `record seq ${link.seq} appears where seq ${expected} belongs: reordered${note}`,
        'reordered',
        expected,
      );
    return at(
      anomaly,
      link.seq === expected + 1
        ? `record seq ${expected} was removed${note}`
        : `records seq ${expected} to ${link.seq - 1} were removed${note}`,
      'removed',
      expected,
    );
  }
  return at(
    anomaly,
    `record seq ${link.seq} appears again where seq ${expected} belongs: inserted${note}`,
    'inserted',
    expected,
  );
}
