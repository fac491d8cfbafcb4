import { mkdir, mkdtemp, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodes } from './exit-codes.js';
import { prepareOutputFile, prepareOutputFolder } from './output-path.js';
import { runInProcess as run } from './testing/run-in-process.js';

const scratch = () => mkdtemp(join(tmpdir(), 'output-path-'));

describe('prepareOutputFolder', () => {
  it('makes a folder and its missing parents, and accepts one that exists', async () => {
    const root = await scratch();
    const folder = join(root, 'a', 'b', 'c');
    await prepareOutputFolder({ folder, option: '--out' });
    expect((await stat(folder)).isDirectory()).toBe(true);
    await expect(prepareOutputFolder({ folder, option: '--out' })).resolves.toBeUndefined();
  });

  it('refuses a file in the way, naming the option, the path and the file', async () => {
    const root = await scratch();
    const file = join(root, 'taken');
    await writeFile(file, 'x');
    await expect(prepareOutputFolder({ folder: file, option: '--out' })).rejects.toThrow(
      `--out ${file}: ${file} is a file, not a folder; expected a folder that exists or can be made`,
    );
    await expect(prepareOutputFolder({ folder: join(file, 'sub'), option: '--out' })).rejects.toThrow(
      `--out ${join(file, 'sub')}: ${file} is a file, not a folder`,
    );
  });

  it('refuses at once a folder the file system will not make, where recursive mkdir never returns', async () => {
    const root = await scratch();
    await symlink(join(root, 'gone'), join(root, 'dangling'));
    await expect(
      prepareOutputFolder({ folder: join(root, 'dangling', 'out'), option: '--out' }),
    ).rejects.toThrow(
      /--out .*dangling\/out: cannot make the folder .*dangling: it exists, but is not a folder \(a broken link\?\)/,
    );
    await expect(prepareOutputFolder({ folder: '/proc/switchyard-x', option: '--out' })).rejects.toThrow(
      '--out /proc/switchyard-x: cannot make the folder /proc/switchyard-x: the file system refuses it (ENOENT); expected a folder that exists or can be made',
    );
  });
});

describe('prepareOutputFile', () => {
  it('makes the folder of an output file, and refuses a path that is a folder', async () => {
    const root = await scratch();
    await prepareOutputFile({ file: join(root, 'new', 'report.html'), option: '--html' });
    expect((await stat(join(root, 'new'))).isDirectory()).toBe(true);
    await mkdir(join(root, 'dir'));
    await expect(prepareOutputFile({ file: join(root, 'dir'), option: '--html' })).rejects.toThrow(
      `--html ${join(root, 'dir')}: it is a folder; expected a file path, e.g. ${join(root, 'dir')}/report.html`,
    );
    await expect(prepareOutputFile({ file: '/proc/switchyard-x/r.json', option: '--json' })).rejects.toThrow(
      '--json /proc/switchyard-x/r.json: cannot make the folder /proc/switchyard-x: the file system refuses it (ENOENT); expected a file in a folder that exists or can be made',
    );
  });
});

describe('an empty output path', () => {
  it('is refused, not read as the working folder', async () => {
    await expect(prepareOutputFolder({ folder: '', option: '--out' })).rejects.toThrow(
      '--out "": an empty path names no folder (it would write into the working folder); expected a path such as "out" (or "." for the working folder)',
    );
    await expect(prepareOutputFolder({ folder: '.', option: '--out', named: '' })).rejects.toThrow(
      '--out "": an empty path names no file',
    );
    await expect(prepareOutputFile({ file: '', option: '--md' })).rejects.toThrow(
      '--md "": an empty path names no file; expected a file path, e.g. report.md',
    );
  });

  it('is a usage error of drill --out "" before anything runs', async () => {
    const scenario = new URL('../../../examples/drills/provider-outage.yaml', import.meta.url).pathname;
    const result = await run('drill', scenario, '--out', '');
    expect(result.code).toBe(exitCodes.usage);
    expect(result.stderr).toContain('--out "": an empty path names no folder');
    expect(result.stdout).toBe('');
  });
});
