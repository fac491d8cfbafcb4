import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testKeys, writeChainedLog } from '../test-fixtures/chained-log.js';
import { verifyRecords } from './verify-records.js';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'switchyard-verify-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('verifyRecords without any checkpoint', () => {
  it('does not call a log verified when its checkpoints file is emptied', async () => {
    const { privateKey, publicKey } = testKeys();
    const { path, checkpoints } = await writeChainedLog({ folder, count: 12, every: 5, privateKey });
    // Without a checkpoint the links alone prove nothing: anyone can edit a record and recompute the chain.
    await writeFile(checkpoints, '');
    const report = await verifyRecords({ files: [path], checkpoints, publicKey });
    expect(report).toMatchObject({
      ok: false,
      signed: 0,
      checkpoints: 0,
      finding: { kind: 'checkpoint', file: checkpoints, line: 0 },
    });
    expect(report.finding?.message).toMatch(
      /^the checkpoints file holds no checkpoint, so none of the log's \d+ records can be verified/,
    );
  });

  it('verifies an empty log with an empty checkpoints file: there is nothing to tie to the key', async () => {
    const { publicKey } = testKeys();
    const path = join(folder, 'records.jsonl');
    const checkpoints = join(folder, 'records.checkpoints.jsonl');
    await writeFile(path, '');
    await writeFile(checkpoints, '');
    expect(await verifyRecords({ files: [path], checkpoints, publicKey })).toMatchObject({
      ok: true,
      records: 0,
    });
  });
});

describe('verifyRecords on re-serialized lines', () => {
  it('names a record edited by a second member of the same name: a line that says two things does not verify', async () => {
    const { privateKey, publicKey } = testKeys();
    const { path, checkpoints } = await writeChainedLog({ folder, count: 12, every: 5, privateKey });
    const lines = (await readFile(path, 'utf8')).split('\n');
    // JSON.parse keeps the last "route" (as written); a first-wins parser, or a reader, sees "evil".
    lines[7] = (lines[7] as string).replace(/^\{/, '{"route":"evil",');
    await writeFile(path, lines.join('\n'));
    const report = await verifyRecords({ files: [path], checkpoints, publicKey });
    expect(report).toMatchObject({ ok: false, finding: { seq: 7, line: 8, kind: 'modified' } });
    expect(report.finding?.message).toContain('a member named twice');
  });
});

describe('verifyRecords on files saved with a byte order mark', () => {
  it('verifies a log whose records and checkpoints files start with a byte order mark', async () => {
    const { privateKey, publicKey } = testKeys();
    const { path, checkpoints } = await writeChainedLog({ folder, count: 12, every: 5, privateKey });
    for (const file of [path, checkpoints]) await writeFile(file, `\uFEFF${await readFile(file, 'utf8')}`);
    expect(await verifyRecords({ files: [path], checkpoints, publicKey })).toMatchObject({
      ok: true,
      records: 12,
      signed: 12,
    });
  });
});
