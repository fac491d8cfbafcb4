import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodes, UsageError } from './exit-codes.js';
import { refuseRepeatedFiles } from './refuse-repeated-files.js';
import { runInProcess as run } from './testing/run-in-process.js';

describe('refuseRepeatedFiles', () => {
  it('refuses a file given twice, in any spelling, naming both', () => {
    expect(() =>
      refuseRepeatedFiles({ files: ['a.jsonl', 'b.jsonl', 'a.jsonl'], what: 'records file' }),
    ).toThrow(
      new UsageError('records file a.jsonl was given twice: its records would be read twice; give it once'),
    );
    expect(() => refuseRepeatedFiles({ files: ['a.jsonl', './x/../a.jsonl'], what: '--records' })).toThrow(
      '--records ./x/../a.jsonl (as a.jsonl, then ./x/../a.jsonl) was given twice',
    );
    expect(() => refuseRepeatedFiles({ files: ['-', '-'], what: 'records file' })).toThrow(
      'records file - was given twice',
    );
  });

  it('takes distinct files', () => {
    expect(() =>
      refuseRepeatedFiles({ files: ['a.jsonl', 'b.jsonl', '-'], what: 'records file' }),
    ).not.toThrow();
  });
});

describe('switchyard', () => {
  const records = async () => {
    const folder = await mkdtemp(join(tmpdir(), 'switchyard-repeated-files-'));
    const file = join(folder, 'records.jsonl');
    await writeFile(file, '');
    return file;
  };

  it.each([
    ['report', (file: string) => ['report', file, relative(process.cwd(), file), '-q']],
    ['replay', (file: string) => ['replay', file, file, '--self-check']],
    ['verify', (file: string) => ['verify', file, file]],
  ])(
    '%s refuses a records file given twice (its records would be counted twice) with exit 2',
    async (_, argv) => {
      const file = await records();
      const result = await run(...argv(file));
      expect(result.code).toBe(exitCodes.usage);
      expect(result.stderr).toContain(`was given twice: its records would be read twice; give it once`);
      expect(result.stdout).toBe('');
    },
  );

  it('budgets refuses --records given the same file twice', async () => {
    const file = await records();
    const config = new URL('../../../examples/config/switchyard.yaml', import.meta.url).pathname;
    const result = await run('budgets', '-c', config, '--records', file, file);
    expect(result.code).toBe(exitCodes.usage);
    expect(result.stderr).toContain(`--records ${file} was given twice`);
  });
});
