import type { KeyObject } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../chain/canonical-json.js';
import { testKeys, writeChainedLog } from '../test-fixtures/chained-log.js';
import { verifyRecords } from './verify-records.js';

/** One tampering of a log of lines, and what verify must name: the first `seq` that is not as written, and how. */
type Tampering =
  | { op: 'flip'; line: number; offset: number; xor: number }
  | { op: 'delete'; line: number }
  | { op: 'swap'; line: number; distance: number }
  | { op: 'insert-copy'; line: number; from: number }
  | { op: 'insert-forged'; line: number };

const count = 10_000;
let folder: string;
let lines: string[];
let checkpoints: string;
let publicKey: KeyObject;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'switchyard-tamper-'));
  const keys = testKeys();
  publicKey = keys.publicKey;
  const log = await writeChainedLog({
    folder: join(folder, 'log'),
    count,
    every: 1_000,
    privateKey: keys.privateKey,
  });
  lines = log.lines;
  checkpoints = log.checkpoints;
}, 60_000);
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Applies a tampering to the file's text; returns the text and what verify must find (undefined: the JSON is unchanged). */
function tamper(tampering: Tampering): { text: string; expected?: { seq: number; kind: string } } {
  const copy = [...lines];
  switch (tampering.op) {
    case 'flip': {
      // A byte anywhere in the line or its newline, XOR a non-zero value.
      const text = `${copy.join('\n')}\n`;
      const bytes = Buffer.from(text);
      const lineStart = Buffer.byteLength(
        `${copy.slice(0, tampering.line).join('\n')}${tampering.line > 0 ? '\n' : ''}`,
      );
      const lineBytes = Buffer.byteLength(copy[tampering.line] as string) + 1;
      const at = lineStart + (tampering.offset % lineBytes);
      bytes[at] = (bytes[at] as number) ^ tampering.xor;
      const tampered = bytes.toString('latin1') === text ? undefined : bytes;
      // Whitespace that JSON ignores (e.g. a trailing space) changes no record: nothing to find.
      const same = (() => {
        try {
          const after = (tampered ?? bytes)
            .toString('utf8')
            .split('\n')
            .filter((line) => line.trim() !== '');
          // Only the flipped line (or the two a flipped newline joins or splits) can differ.
          return (
            after.length === copy.length &&
            canonicalJson(JSON.parse(after[tampering.line] as string)) === copy[tampering.line]
          );
        } catch {
          return false;
        }
      })();
      return {
        text: bytes.toString('latin1'),
        ...(same ? {} : { expected: { seq: tampering.line, kind: 'modified' } }),
      };
    }
    case 'delete':
      copy.splice(tampering.line, 1);
      return { text: `${copy.join('\n')}\n`, expected: { seq: tampering.line, kind: 'removed' } };
    case 'swap': {
      const other = Math.min(count - 1, tampering.line + tampering.distance);
      const [a, b] = [copy[tampering.line] as string, copy[other] as string];
      copy[tampering.line] = b;
      copy[other] = a;
      return { text: `${copy.join('\n')}\n`, expected: { seq: tampering.line, kind: 'reordered' } };
    }
    case 'insert-copy': {
      const from =
        tampering.from === tampering.line || tampering.from === tampering.line - 1
          ? (tampering.line + 7) % count
          : tampering.from;
      copy.splice(tampering.line, 0, copy[from] as string);
      return { text: `${copy.join('\n')}\n`, expected: { seq: tampering.line, kind: 'inserted' } };
    }
    case 'insert-forged': {
      // A well-formed record claiming this place, linked to the record before: all but a signature.
      const model = JSON.parse(copy[tampering.line] as string);
      model.servedBy = 'forged-target';
      copy.splice(tampering.line, 0, canonicalJson(model));
      return { text: `${copy.join('\n')}\n`, expected: { seq: tampering.line, kind: 'inserted' } };
    }
  }
}

const tamperings: fc.Arbitrary<Tampering> = fc.oneof(
  fc.record({
    op: fc.constant('flip' as const),
    line: fc.integer({ min: 0, max: count - 1 }),
    offset: fc.nat(),
    xor: fc.integer({ min: 1, max: 255 }),
  }),
  fc.record({ op: fc.constant('delete' as const), line: fc.integer({ min: 0, max: count - 1 }) }),
  fc.record({
    op: fc.constant('swap' as const),
    line: fc.integer({ min: 0, max: count - 2 }),
    distance: fc.integer({ min: 1, max: 50 }),
  }),
  fc.record({
    op: fc.constant('insert-copy' as const),
    line: fc.integer({ min: 0, max: count - 1 }),
    from: fc.integer({ min: 0, max: count - 1 }),
  }),
  fc.record({ op: fc.constant('insert-forged' as const), line: fc.integer({ min: 0, max: count - 1 }) }),
);

describe('verifyRecords', () => {
  it('verifies the untouched log of 10,000 records', async () => {
    const path = join(folder, 'log', 'records.jsonl');
    const report = await verifyRecords({ files: [path], checkpoints, publicKey });
    expect(report).toMatchObject({ ok: true, records: count, signed: count, unsigned: 0, checkpoints: 10 });
  });

  it('detects every flip, deletion, reorder and insertion at random positions in 10,000 records, naming the first tampered record', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(tamperings, async (tampering) => {
        const { text, expected } = tamper(tampering);
        const path = join(folder, `tampered-${run++}.jsonl`);
        await writeFile(path, text, 'latin1');
        const report = await verifyRecords({ files: [path], checkpoints, publicKey });
        await rm(path);
        if (expected === undefined) {
          expect(report.ok).toBe(true);
          return;
        }
        expect(report.ok).toBe(false);
        expect({ seq: report.finding?.seq, kind: report.finding?.kind }).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  }, 180_000);
});
