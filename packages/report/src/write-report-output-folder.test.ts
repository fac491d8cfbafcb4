import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureJsonl } from './test-fixtures/fixture-records.js';
import { writeReport } from './write-report.js';

// Recursive mkdir never returns on these paths: a regression fails here rather than hanging CI.
const bounded = 10_000;

describe('writeReport', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'switchyard-report-folder-'));
    await writeFile(join(folder, 'records.jsonl'), fixtureJsonl);
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  describe('output folders', () => {
    it(
      'refuses at once a folder under /proc, naming it and why',
      async () => {
        await expect(
          writeReport({
            records: join(folder, 'records.jsonl'),
            files: { md: '/proc/switchyard-x/report.md' },
          }),
        ).rejects.toThrow(
          'cannot make the output folder /proc/switchyard-x: cannot make the folder /proc/switchyard-x: the file system refuses it (ENOENT)',
        );
      },
      bounded,
    );

    it(
      'refuses at once a folder below a broken link',
      async () => {
        await symlink(join(folder, 'gone'), join(folder, 'dangling'));
        await expect(
          writeReport({ records: join(folder, 'records.jsonl'), outDir: join(folder, 'dangling', 'out') }),
        ).rejects.toThrow(
          `cannot make the folder ${join(folder, 'dangling')}: it exists, but is not a folder (a broken link?)`,
        );
      },
      bounded,
    );
  });
});
