import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { readTextFile } from './read-text-file.js';

async function refusal(file: string): Promise<string> {
  try {
    await readTextFile({ file, what: 'config', hint: 'check the --config path' });
  } catch (error) {
    if (ConfigError.isInstance(error)) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('readTextFile', () => {
  it('refuses a named pipe before opening it (the open would wait for a writer), in the words of a missing file', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'read-text-file-'));
    const fifo = join(folder, 'switchyard.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(await refusal(fifo)).toBe(
      `${fifo}: 1 problem\n${fifo} (file): cannot read the config: it is a named pipe (FIFO), not a file: reading it would wait for a writer; expected a file, or a pipe from the shell such as <(cat FILE); check the --config path`,
    );
    expect(await refusal(join(folder, 'missing.yaml'))).toContain(
      'cannot read the config: no such file; check the --config path',
    );
  });
});
