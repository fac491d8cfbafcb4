import { mkdtemp, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeOutputFolder } from './make-output-folder.js';

const scratch = () => mkdtemp(join(tmpdir(), 'make-output-folder-'));
// Recursive mkdir never returns on these paths: a regression fails here rather than hanging CI.
const bounded = 5_000;

describe('makeOutputFolder', () => {
  it('makes a folder and its missing parents, and accepts one that exists', async () => {
    const folder = join(await scratch(), 'a', 'b', 'c');
    await makeOutputFolder({ folder });
    expect((await stat(folder)).isDirectory()).toBe(true);
    await expect(makeOutputFolder({ folder })).resolves.toBeUndefined();
  });

  it('refuses a file in the way, naming the folder and the file', async () => {
    const file = join(await scratch(), 'taken');
    await writeFile(file, 'x');
    await expect(makeOutputFolder({ folder: join(file, 'sub') })).rejects.toMatchObject({
      message: `cannot make the output folder ${join(file, 'sub')}: ${file} is a file, not a folder`,
      folder: join(file, 'sub'),
      reason: `${file} is a file, not a folder`,
      code: 'ENOTDIR',
    });
  });

  it(
    'refuses at once a folder under /proc, where recursive mkdir never returns',
    async () => {
      await expect(makeOutputFolder({ folder: '/proc/switchyard-x/out' })).rejects.toMatchObject({
        message:
          'cannot make the output folder /proc/switchyard-x/out: cannot make the folder /proc/switchyard-x: the file system refuses it (ENOENT)',
        code: 'ENOENT',
      });
    },
    bounded,
  );

  it(
    'refuses at once a folder below a broken link, where recursive mkdir never returns',
    async () => {
      const root = await scratch();
      await symlink(join(root, 'gone'), join(root, 'dangling'));
      await expect(makeOutputFolder({ folder: join(root, 'dangling', 'out') })).rejects.toThrow(
        `cannot make the output folder ${join(root, 'dangling', 'out')}: cannot make the folder ${join(root, 'dangling')}: it exists, but is not a folder (a broken link?)`,
      );
    },
    bounded,
  );
});
