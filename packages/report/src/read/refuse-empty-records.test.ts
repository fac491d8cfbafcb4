import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorCodes } from '@switchyard/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReportInputError } from '../errors/report-input-error.js';
import { emptyRecordsError, refuseEmptyRecords } from './refuse-empty-records.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchyard-empty-records-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

async function refusal(files: string[]): Promise<string | undefined> {
  try {
    await refuseEmptyRecords({ files });
  } catch (error) {
    if (ReportInputError.isInstance(error)) return error.message;
    throw error;
  }
  return undefined;
}

describe('refuseEmptyRecords', () => {
  it('refuses an empty file, naming it, as invalid input', async () => {
    const empty = await file('records.jsonl', '');
    expect(await refusal([empty])).toBe(
      `${empty} holds no decision records (empty, or only blank lines); expected decision records, one JSON object per line, as jsonlSink and switchyard drill write them`,
    );
  });

  it('refuses files of blank lines only, however long, naming them all', async () => {
    const blank = await file('a.jsonl', ' \n\r\n\t\n'.repeat(30_000));
    const empty = await file('b.jsonl', '');
    expect(await refusal([blank, empty])).toMatch(/^\S+a\.jsonl, \S+b\.jsonl hold no decision records/);
  });

  it('accepts an empty file beside one with text (a log just rotated), and text after a long blank run', async () => {
    const empty = await file('records.jsonl', '');
    const rotated = await file('records.1.jsonl', `${'\n'.repeat(100_000)}{"not":"checked here"}\n`);
    expect(await refusal([empty, rotated])).toBeUndefined();
  });

  it('leaves a file it cannot open to the reader', async () => {
    expect(await refusal([join(dir, 'missing.jsonl')])).toBeUndefined();
    expect(await refusal([dir])).toBeUndefined();
  });
});

describe('emptyRecordsError', () => {
  it('is an invalid-input error naming the source', () => {
    const error = emptyRecordsError({ sources: ['stdin'] });
    expect(error.code).toBe(errorCodes.CONFIG_INVALID);
    expect(error.source).toBe('stdin');
    expect(error.message).toMatch(/^stdin holds no decision records/);
  });
});

describe('refuseEmptyRecords, on a pipe', () => {
  it('leaves a named pipe unopened (its open would wait for a writer; the reader refuses it)', async () => {
    const fifo = join(dir, 'records.jsonl');
    execFileSync('mkfifo', [fifo]);
    await expect(refuseEmptyRecords({ files: [fifo] })).resolves.toBeUndefined();
  });
});
