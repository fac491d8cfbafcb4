import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureJsonl, fixtureRecords } from './test-fixtures/fixture-records.js';
import { writeReport } from './write-report.js';

describe('writeReport', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'switchyard-report-write-'));
    await writeFile(join(folder, 'records.jsonl'), fixtureJsonl);
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  describe('outDir', () => {
    it('writes report.html, report.md and report.json next to the records, with the events', async () => {
      const records = join(folder, 'records.jsonl');
      const written = await writeReport({
        records,
        outDir: folder,
        events: [{ at: '2026-06-25T10:01:00Z', label: 'ban oa-gpt' }],
      });
      expect(written.files).toEqual({
        html: join(folder, 'report.html'),
        md: join(folder, 'report.md'),
        json: join(folder, 'report.json'),
      });
      expect(written.report.by).toEqual(['provider']);
      const json = JSON.parse(await readFile(join(folder, 'report.json'), 'utf8'));
      expect(json.report.total.requests).toBe(6);
      expect(json.report.events).toEqual([{ at: Date.parse('2026-06-25T10:01:00Z'), label: 'ban oa-gpt' }]);
      expect(await readFile(join(folder, 'report.html'), 'utf8')).toContain('ban oa-gpt');
      expect(await readFile(join(folder, 'report.md'), 'utf8')).toContain('## Traffic by provider');
    });
  });

  describe('files and compare', () => {
    it('writes only the files asked for, with the comparison', async () => {
      const before = join(folder, 'before.jsonl');
      await writeFile(before, `${JSON.stringify(fixtureRecords[0])}\n`);
      const md = join(folder, 'nested', 'out.md');
      const written = await writeReport({
        records: [join(folder, 'records.jsonl')],
        files: { md },
        compare: before,
      });
      expect(written.files).toEqual({ md });
      expect(written.comparison?.total.delta.requests).toBe(5);
      expect(await readFile(md, 'utf8')).toContain(`Compared with ${before}`);
    });

    it('rejects events that are not { at, label }', async () => {
      await expect(
        writeReport({ records: join(folder, 'records.jsonl'), events: [{ at: 'yesterday', label: 'x' }] }),
      ).rejects.toThrow('events[0].at: expected an ISO 8601 date or epoch milliseconds, got "yesterday"');
    });
  });
});
