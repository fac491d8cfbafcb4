import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * The error {@link makeOutputFolder} throws: a plain `Error` (as the file
 * system's own) whose message names the folder asked for and why it cannot be
 * made, with the parts apart for a caller that words its own message.
 */
export interface OutputFolderError extends Error {
  /** The folder asked for. */
  readonly folder: string;
  /** Why it cannot be made, naming the part of the path at fault (`/a/b is a file, not a folder`). */
  readonly reason: string;
  /** The file system's code (`ENOENT`, `EACCES`, `ENOTDIR`, `EEXIST` ...). */
  readonly code: string | undefined;
}

/** Why a path cannot be used, from an fs error's code. */
function reasonOf(error: unknown): string {
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

function outputFolderError(folder: string, reason: string, code: string | undefined, cause?: unknown) {
  const error = new Error(
    `cannot make the output folder ${folder}: ${reason}`,
    cause === undefined ? undefined : { cause },
  ) as Error & { folder: string; reason: string; code: string | undefined };
  error.folder = folder;
  error.reason = reason;
  error.code = code;
  return error as OutputFolderError;
}

/**
 * Makes a folder and its missing parents, one level at a time. Node's
 * `mkdir(path, { recursive: true })` never returns for a path it cannot make
 * whose parent exists (under `/proc`, or below a broken link); this returns or
 * throws at once.
 *
 * @param options.folder the folder (relative to the working directory, or absolute).
 * @returns once the folder exists (made now, or before).
 * @throws {OutputFolderError} naming the folder and why: a file in the way, a broken link,
 *   permission, a file system that refuses it.
 * @example
 * ```ts
 * import { makeOutputFolder } from '@switchyard/core/node';
 * await makeOutputFolder({ folder: 'out/drill' });
 * ```
 */
export async function makeOutputFolder(options: { folder: string }): Promise<void> {
  const { folder } = options;
  const missing: string[] = [];
  let path = resolve(folder);
  for (;;) {
    let kind: Awaited<ReturnType<typeof kindOf>>;
    try {
      kind = await kindOf(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw outputFolderError(folder, `cannot use ${path}: ${reasonOf(error)}`, code, error);
    }
    if (kind === 'folder') break;
    if (kind === 'other') throw outputFolderError(folder, `${path} is a file, not a folder`, 'ENOTDIR');
    missing.unshift(path);
    const parent = dirname(path);
    if (parent === path) break;
    path = parent;
  }
  for (const part of missing) {
    try {
      await mkdir(part);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Made meanwhile by someone else: fine if it is a folder (a broken link is not).
      if (code === 'EEXIST' && (await kindOf(part).catch(() => undefined)) === 'folder') continue;
      const why = code === 'EEXIST' ? 'it exists, but is not a folder (a broken link?)' : reasonOf(error);
      throw outputFolderError(folder, `cannot make the folder ${part}: ${why}`, code, error);
    }
  }
}
