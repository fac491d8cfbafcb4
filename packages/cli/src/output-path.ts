import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { makeOutputFolder, type OutputFolderError } from '@switchyard/core/node';
import { UsageError } from './exit-codes.js';

/** Whether `path` is a folder that exists. */
async function isFolder(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() === true;
}

/**
 * Makes the folder an output option names, and its missing parents, before
 * anything runs ({@link makeOutputFolder}, which never hangs where Node's
 * recursive `mkdir` would), and words its refusal as a usage error.
 *
 * @param options.folder the folder.
 * @param options.option the option that named it, for the message (`--out`).
 * @param options.named what the option named, when it is a file in the folder.
 * @throws {UsageError} naming the option, the path and why: a file in the way, permission, a file system that refuses it.
 * @example
 * ```ts
 * await prepareOutputFolder({ folder: flags.out, option: '--out' });
 * ```
 */
export async function prepareOutputFolder(options: {
  folder: string;
  option: string;
  /** What the option named, when not the folder itself (an output file in it). */
  named?: string;
}): Promise<void> {
  const { folder, option } = options;
  if ((options.named ?? folder) === '')
    throw new UsageError(
      `${option} "": an empty path names no ${options.named === undefined ? 'folder' : 'file'} (it would write into the working folder); expected a path such as ${options.named === undefined ? '"out" (or "." for the working folder)' : '"keys/evidence"'}`,
    );
  try {
    await makeOutputFolder({ folder });
  } catch (error) {
    throw new UsageError(
      `${option} ${options.named ?? folder}: ${(error as OutputFolderError).reason ?? (error as Error).message}; expected ${options.named === undefined ? 'a folder' : 'a file in a folder'} that exists or can be made`,
    );
  }
}

/**
 * Prepares the path of an output file: makes its folder ({@link prepareOutputFolder})
 * and refuses a path that is a folder.
 *
 * @param options.file the file.
 * @param options.option the option that named it (`--html`).
 * @throws {UsageError} naming the option, the path and why.
 */
export async function prepareOutputFile(options: { file: string; option: string }): Promise<void> {
  const { file, option } = options;
  const extension = option === '--md' ? '.md' : option === '--json' ? '.json' : '.html';
  if (file === '')
    throw new UsageError(
      `${option} "": an empty path names no file; expected a file path, e.g. report${extension}`,
    );
  if (await isFolder(resolve(file))) {
    throw new UsageError(
      `${option} ${file}: it is a folder; expected a file path, e.g. ${file.replace(/\/+$/, '')}/report${extension}`,
    );
  }
  await prepareOutputFolder({ folder: dirname(file), option, named: file });
}
