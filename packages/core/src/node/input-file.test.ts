import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputFileProblem, notAFileReason, unreadableReason } from './input-file.js';

const scratch = () => mkdtemp(join(tmpdir(), 'input-file-'));

describe('notAFileReason', () => {
  it('refuses a named pipe, whose open would wait for a writer, and a device that never ends', async () => {
    const fifo = join(await scratch(), 'scenario.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(await notAFileReason(fifo)).toBe(
      'it is a named pipe (FIFO), not a file: reading it would wait for a writer; expected a file, or a pipe from the shell such as <(cat FILE)',
    );
    expect(await notAFileReason('/dev/zero')).toBe(
      'it is a device, not a file; expected a file, or a pipe from the shell such as <(cat FILE)',
    );
  });

  it('takes a file, a pipe from the shell, /dev/null, and leaves a missing path or a folder to the read', async () => {
    const folder = await scratch();
    const file = join(folder, 'config.yaml');
    await writeFile(file, 'a: 1\n');
    expect(await notAFileReason(file)).toBeUndefined();
    expect(await notAFileReason('/dev/stdin')).toBeUndefined();
    expect(await notAFileReason('/dev/null')).toBeUndefined();
    expect(await notAFileReason(join(folder, 'missing.yaml'))).toBeUndefined();
    expect(await notAFileReason(folder)).toBeUndefined();
  });
});

describe('inputFileProblem and unreadableReason', () => {
  it('say why in the same words for every command', async () => {
    const folder = await scratch();
    expect(await inputFileProblem(join(folder, 'missing.jsonl'))).toBe('no such file');
    expect(unreadableReason(Object.assign(new Error('EISDIR: illegal operation'), { code: 'EISDIR' }))).toBe(
      'it is a directory',
    );
    const file = join(folder, 'records.jsonl');
    await writeFile(file, '{}\n');
    expect(await inputFileProblem(file)).toBeUndefined();
  });
});
