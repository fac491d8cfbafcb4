import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodes } from '../exit-codes.js';
import { runInProcess } from '../testing/run-in-process.js';

describe('switchyard keygen', () => {
  it('refuses a prefix that names a folder, which would write hidden .pem files in it', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'switchyard-keygen-'));
    for (const out of [`${folder}/`, `${folder}/.`]) {
      const result = await runInProcess('keygen', '--out', out);
      expect(result.code).toBe(exitCodes.usage);
      expect(result.stderr).toContain(
        `--out ${out}: names a folder, not a file prefix (it would write the hidden files ${out}.pem and ${out}.pub.pem); expected a prefix such as ${join(out, 'evidence')}`,
      );
    }
    expect(await readdir(folder)).toEqual([]);
  });

  it('writes PREFIX.pem and PREFIX.pub.pem', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'switchyard-keygen-'));
    const result = await runInProcess('keygen', '--out', join(folder, 'keys', 'evidence'));
    expect(result.code).toBe(exitCodes.ok);
    expect((await readdir(join(folder, 'keys'))).sort()).toEqual(['evidence.pem', 'evidence.pub.pem']);
  });
});
