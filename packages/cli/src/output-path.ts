import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from './exit-codes.js';

/** Why a path cannot be used, from an fs error's code. */
function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return `permission denied (${code})`;
  if (code === 'EROFS') return 'the file system is read-only (EROFS)';
  if (code === 'ENOENT') return 'the file system refuses it (ENOENT)';
  if (code === 'ENOTDIR') return 'a part of the path is a file (ENOTDIR)';
  return (error as Error).message;
}

/** Whether `path` exists: a folder, something else, or nothing (`undefined`). */
async function kindOf(path: string): Promise<'folder' | 'other' | undefined> {
  try {
    return (await stat(path)).isDirectory() ? 'folder' : 'other';
  } catch (error) {
    // ENOTDIR: a file further up is in the way, which the walk up names.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/**
 * Makes the folder an output option names, and its missing parents, one at a
 * time: Node's `mkdir(..., { recursive: true })` never returns for a path it
 * cannot make whose parent exists (under `/proc`, or below a broken link), so
 * the CLI makes its output folders itself before anything runs.
 *
 * @param options.folder the folder.
 * @param options.option the option that named it, for the message (`--out`).
 * @param options.named what the option named, when it is a file in the folder.
 * @throws {UsageError} naming the option, the path and why: a file in the way, permission, a file system that refuses it.
 * @example
 * ```ts
 * await makeOutputFolder({ folder: flags.out, option: '--out' });
 * ```
 */
export async function makeOutputFolder(options: {
  folder: string;
  option: string;
  /** What the option named, when not the folder itself (an output file in it). */
  named?: string;
}): Promise<void> {
  const { folder, option } = options;
  const fail = (message: string) =>
    new UsageError(
      `${option} ${options.named ?? folder}: ${message}; expected ${options.named === undefined ? 'a folder' : 'a file in a folder'} that exists or can be made`,
    );
  const missing: string[] = [];
  let path = resolve(folder);
  for (;;) {
    let kind: Awaited<ReturnType<typeof kindOf>>;
    try {
      kind = await kindOf(path);
    } catch (error) {
      throw fail(`cannot use ${path}: ${reason(error)}`);
    }
    if (kind === 'folder') break;
    if (kind === 'other') throw fail(`${path} is a file, not a folder`);
    missing.unshift(path);
    const parent = dirname(path);
    if (parent === path) break;
    path = parent;
  }
  for (const part of missing) {
    try {
      await mkdir(part);
    } catch (error) {
      // Made meanwhile by someone else: fine if it is a folder (a broken link is not).
      if (
        (error as NodeJS.ErrnoException).code === 'EEXIST' &&
        (await kindOf(part).catch(() => undefined)) === 'folder'
      )
        continue;
      const broken = (error as NodeJS.ErrnoException).code === 'EEXIST';
      throw fail(
        `cannot make the folder ${part}: ${broken ? 'it exists, but is not a folder (a broken link?)' : reason(error)}`,
      );
    }
  }
}

/**
 * Prepares the path of an output file: makes its folder ({@link makeOutputFolder})
 * and refuses a path that is a folder.
 *
 * @param options.file the file.
 * @param options.option the option that named it (`--html`).
 * @throws {UsageError} naming the option, the path and why.
 */
export async function prepareOutputFile(options: { file: string; option: string }): Promise<void> {
  const { file, option } = options;
  if ((await kindOf(resolve(file)).catch(() => undefined)) === 'folder') {
    throw new UsageError(
      `${option} ${file}: it is a folder; expected a file path, e.g. ${file.replace(/\/+$/, '')}/report${option === '--md' ? '.md' : option === '--json' ? '.json' : '.html'}`,
    );
  }
  await makeOutputFolder({ folder: dirname(file), option, named: file });
}
