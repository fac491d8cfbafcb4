import { stat } from 'node:fs/promises';

/** Paths through which the shell hands a process a pipe it writes to: `<(command)`, `/dev/stdin`. */
const shellPipe = /^\/(?:dev\/(?:fd\/\d+|stdin)|proc\/(?:self|\d+)\/fd\/\d+)$/;

/**
 * Why a file given to read cannot be read, in the words every command uses:
 * `no such file`, `it is a directory`, `permission denied`, else Node's message.
 *
 * @param error what reading or `stat` threw.
 */
export function unreadableReason(error: unknown): string {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Why `path` is not a file that can be read to its end, checked before it is
 * opened: a named pipe (FIFO) waits for a writer that may never come (opening
 * it would hang), and a socket or a device is not a file. `undefined` for a
 * file, a path that does not exist (reading it says so), and a pipe from the
 * shell (`<(command)`, `/dev/stdin`), which has its writer.
 *
 * @param path the path as given.
 * @returns the reason, e.g. `it is a named pipe (FIFO), not a file; expected a file, or a pipe from the shell such as <(cat FILE)`.
 */
export async function notAFileReason(path: string): Promise<string | undefined> {
  let stats: Awaited<ReturnType<typeof stat>>;
  try {
    stats = await stat(path);
  } catch {
    return undefined;
  }
  // What the shell or the parent process hands over (a pipe, a socket, a terminal) is read as it comes.
  if (stats.isFile() || stats.isDirectory() || shellPipe.test(path) || path === '/dev/null') return undefined;
  const expected = 'expected a file, or a pipe from the shell such as <(cat FILE)';
  if (stats.isFIFO())
    return `it is a named pipe (FIFO), not a file: reading it would wait for a writer; ${expected}`;
  if (stats.isSocket()) return `it is a socket, not a file; ${expected}`;
  return `it is a device, not a file; ${expected}`;
}

/**
 * Why a file given to read cannot be read: {@link notAFileReason}, checked
 * first, else what reading it throws, in {@link unreadableReason}'s words.
 * `undefined` when it can be read.
 *
 * @param path the path as given.
 */
export async function inputFileProblem(path: string): Promise<string | undefined> {
  const special = await notAFileReason(path);
  if (special !== undefined) return special;
  try {
    await stat(path);
    return undefined;
  } catch (error) {
    return unreadableReason(error);
  }
}
