import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { DecisionRecord } from '@switchyard/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureJsonl, fixtureRecords } from '../test-fixtures/fixture-records.js';
import type { BadLine } from './bad-line.js';
import { readRecords } from './read-records.js';

async function collect(reader: AsyncIterable<DecisionRecord>): Promise<DecisionRecord[]> {
  const records: DecisionRecord[] = [];
  for await (const record of reader) records.push(record);
  return records;
}

const [first, second] = fixtureRecords as [DecisionRecord, DecisionRecord];
const { totals: _totals, ...withoutTotals } = first;
const badFile = [
  JSON.stringify(first),
  '{"schemaVersion": 1, "requestId": ',
  '',
  JSON.stringify(withoutTotals),
  JSON.stringify({ ...first, schemaVersion: 3 }),
  `${JSON.stringify(second)}\r`,
  JSON.stringify({ ...first, totals: { ...first.totals, costUsd: '0.01' } }),
  '   ',
].join('\n');

describe('readRecords', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'switchyard-report-read-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  describe('files', () => {
    it('reads every record of a JSONL file in order', async () => {
      const path = join(folder, 'records.jsonl');
      await writeFile(path, fixtureJsonl);
      const reader = readRecords({ sources: [path] });
      expect(await collect(reader)).toEqual(fixtureRecords);
      expect(reader.stats).toMatchObject({ lines: 6, records: 6, badLines: 0 });
    });

    it('reads the first record of a file that starts with a byte order mark, and of files with one joined', async () => {
      const path = join(folder, 'bom.jsonl');
      const [head, ...tail] = fixtureJsonl.split('\n');
      await writeFile(path, `\uFEFF${head}\n\uFEFF${tail.join('\n')}`);
      const reader = readRecords({ sources: [path] });
      expect(await collect(reader)).toEqual(fixtureRecords);
      expect(reader.stats).toMatchObject({ records: 6, badLines: 0 });
    });

    it('says where a line stops being JSON without quoting any of it, which may hold a prompt', async () => {
      const path = join(folder, 'prompt.jsonl');
      const [head] = fixtureJsonl.split('\n');
      await writeFile(path, `${head}\n{"prompt": "my password is hunter2-SECRET" oops}\n`);
      const seen: BadLine[] = [];
      await collect(readRecords({ sources: [path], onBadLine: (badLine) => seen.push(badLine) }));
      expect(seen).toEqual([
        {
          source: path,
          line: 2,
          message: 'invalid JSON at column 44: expected a "," or "}" after a property value, found a letter',
        },
      ]);
    });

    it.each(['fast', 'full'] as const)(
      'counts bad lines with file, line and what was wrong, and goes on (%s validation)',
      async (validation) => {
        const path = join(folder, 'bad.jsonl');
        await writeFile(path, badFile);
        const seen: BadLine[] = [];
        const reader = readRecords({
          sources: [path],
          validation,
          onBadLine: (badLine) => seen.push(badLine),
        });
        const records = await collect(reader);
        expect(records.map((record) => record.requestId)).toEqual(['r1', 'r2']);
        expect(reader.stats).toMatchObject({ lines: 6, records: 2, badLines: 4 });
        expect(reader.stats.badLineSamples).toEqual(seen);
        expect(seen.map((badLine) => [badLine.source, badLine.line])).toEqual([
          [path, 2],
          [path, 4],
          [path, 5],
          [path, 7],
        ]);
        expect(seen[0]?.message).toMatch(/^invalid JSON at column \d+: expected /);
        expect(seen[1]?.message).toMatch(/^totals: /);
        expect(seen[2]?.message).toMatch(/^schemaVersion: /);
        expect(seen[3]?.message).toMatch(/^totals\.costUsd: .*number/);
        // In the words of config errors: the path with indices, what is wrong, what was expected.
        for (const badLine of seen.slice(1)) expect(badLine.message).not.toMatch(/Invalid input|received/);
      },
    );

    it('keeps only the first maxBadLineSamples bad lines but counts all', async () => {
      const path = join(folder, 'bad.jsonl');
      await writeFile(path, 'x\ny\nz\n');
      const reader = readRecords({ sources: [path], maxBadLineSamples: 1 });
      await collect(reader);
      expect(reader.stats.badLines).toBe(3);
      expect(reader.stats.badLineSamples).toHaveLength(1);
    });

    it('rejects, in full validation, an unknown key the fast check lets through', async () => {
      const path = join(folder, 'extra.jsonl');
      await writeFile(path, `${JSON.stringify({ ...first, extra: true })}\n`);
      const fast = readRecords({ sources: [path] });
      expect(await collect(fast)).toHaveLength(1);
      const full = readRecords({ sources: [path], validation: 'full' });
      expect(await collect(full)).toHaveLength(0);
      expect(full.stats.badLineSamples[0]?.message).toMatch(/extra/);
    });

    it.each(['fast', 'full'] as const)(
      'refuses a fallback depth deeper than the attempts, or unsafe, as a bad line, not a histogram of that size (%s)',
      async (validation) => {
        const path = join(folder, 'deep.jsonl');
        const deep = (fallbackDepth: number) =>
          JSON.stringify({ ...first, totals: { ...first.totals, fallbackDepth } });
        await writeFile(path, [deep(1e9), deep(2 ** 53 + 1), deep(first.attempts.length)].join('\n'));
        const reader = readRecords({ sources: [path], validation });
        expect(await collect(reader)).toHaveLength(1);
        expect(reader.stats.badLineSamples.map((badLine) => badLine.message)).toEqual([
          `totals.fallbackDepth: 1000000000 targets tried before the serving one, but the record has ${first.attempts.length} attempt(s); expected at most ${first.attempts.length}`,
          expect.stringMatching(/^totals\.fallbackDepth: /),
        ]);
      },
    );

    it.each(['fast', 'full'] as const)(
      'refuses a skipped entry or an attempt budget the report could not read, as a bad line naming it (%s)',
      async (validation) => {
        const path = join(folder, 'budgets.jsonl');
        const attempt = first.attempts[0] as (typeof first.attempts)[number];
        const amount = { microUsd: 1, tokens: 2, requests: 1 };
        const budget = { counted: [{ budgetId: 'daily', key: 'daily' }], reserved: amount, charged: amount };
        const withSkipped = (skipped: unknown[]) => JSON.stringify({ ...first, skipped });
        const withBudget = (value: unknown) =>
          JSON.stringify({ ...first, attempts: [{ ...attempt, budget: value }, ...first.attempts.slice(1)] });
        await writeFile(
          path,
          [
            withSkipped([null]),
            withSkipped([{ targetId: 'x', reason: 'budget', detail: 'd', budgetIds: [7] }]),
            withBudget({ ...budget, charged: null }),
            withBudget({ ...budget, counted: [null] }),
            withBudget(budget),
            withSkipped([{ targetId: 'x', reason: 'budget', detail: 'd', budgetIds: ['daily'] }]),
          ].join('\n'),
        );
        const reader = readRecords({ sources: [path], validation });
        expect(await collect(reader)).toHaveLength(2);
        expect(reader.stats.badLineSamples.map((badLine) => badLine.message)).toEqual([
          expect.stringMatching(/^skipped\[0\]/),
          expect.stringMatching(/^skipped\[0\]\.budgetIds\[0\]/),
          expect.stringMatching(/^attempts\[0\]\.budget\.charged/),
          expect.stringMatching(/^attempts\[0\]\.budget\.counted\[0\]/),
        ]);
      },
    );

    it.each(['fast', 'full'] as const)(
      'refuses a cost or duration whose sum over two records would be Infinity, as a bad line (%s)',
      async (validation) => {
        const path = join(folder, 'huge.jsonl');
        const costly = JSON.stringify({ ...first, totals: { ...first.totals, costUsd: 1e308 } });
        const slow = JSON.stringify({
          ...first,
          attempts: first.attempts.map((attempt) => ({ ...attempt, latencyMs: 1e300 })),
        });
        await writeFile(path, [costly, costly, slow, JSON.stringify(first)].join('\n'));
        const reader = readRecords({ sources: [path], validation });
        expect(await collect(reader)).toHaveLength(1);
        expect(reader.stats.badLineSamples.map((badLine) => badLine.message)).toEqual([
          'totals.costUsd: 1e+308 for one request; expected at most 1000000000000000 (a sum of such records would not be a number)',
          'totals.costUsd: 1e+308 for one request; expected at most 1000000000000000 (a sum of such records would not be a number)',
          expect.stringMatching(/^attempts\[0\]\.latencyMs: 1e\+300 for one request/),
        ]);
      },
    );

    it('reads several files one after the other, numbering lines per file', async () => {
      const a = join(folder, 'a.jsonl');
      const b = join(folder, 'b.jsonl');
      await writeFile(a, fixtureJsonl);
      await writeFile(b, `${JSON.stringify(first)}\nnope\n`);
      const reader = readRecords({ sources: [a, b] });
      expect(await collect(reader)).toHaveLength(7);
      expect(reader.stats.badLineSamples).toEqual([
        { source: b, line: 2, message: expect.stringMatching(/invalid JSON/) },
      ]);
    });

    it('throws a ReportInputError naming a file that cannot be read', async () => {
      const missing = join(folder, 'missing.jsonl');
      await expect(collect(readRecords({ sources: [missing] }))).rejects.toMatchObject({
        name: 'ReportInputError',
        code: 'SWITCHYARD_CONFIG_UNREADABLE',
        source: missing,
        message: expect.stringContaining(missing),
      });
    });
  });

  describe('streams', () => {
    it('joins lines and multi-byte characters split across chunks', async () => {
      const text = `${JSON.stringify({ ...first, route: 'chät-ü' })}\n${JSON.stringify(second)}`;
      const bytes = Buffer.from(text, 'utf8');
      const split = bytes.indexOf(Buffer.from('ä')) + 1; // in the middle of the two bytes of ä
      const chunks = [
        bytes.subarray(0, split),
        bytes.subarray(split, split + 10),
        bytes.subarray(split + 10),
      ];
      const reader = readRecords({ sources: [{ name: 'stdin', stream: Readable.from(chunks) }] });
      const records = await collect(reader);
      expect(records.map((record) => record.route)).toEqual(['chät-ü', 'chat']);
    });

    it('names the stream in bad-line reports', async () => {
      const reader = readRecords({ sources: [{ name: 'stdin', stream: Readable.from(['{}\n']) }] });
      await collect(reader);
      expect(reader.stats.badLineSamples[0]).toMatchObject({ source: 'stdin', line: 1 });
    });
  });
});
