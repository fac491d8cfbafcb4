import { open, stat } from 'node:fs/promises';
import { ReportInputError } from '../errors/report-input-error.js';

/** Bytes read at a time while looking for a file's first non-blank byte. */
const probeBytes = 64 * 1024;

/** Whether a byte is blank in JSONL: space, tab, CR, LF (and the other ASCII controls). */
const blank = (byte: number) => byte <= 0x20;

/**
 * The error for records input that holds no decision record at all: an
 * empty file, or only blank lines. Code `SWITCHYARD_CONFIG_INVALID` (the
 * CLI exits with 3). A report, replay or verification of nothing would
 * print zeros and exit 0, as if it had checked a run.
 *
 * @param options.sources the files (or `stdin`) given, all of them empty.
 * @returns the error to throw.
 * @example
 * ```ts
 * throw emptyRecordsError({ sources: ['records.jsonl'] });
 * ```
 */
export function emptyRecordsError(options: { sources: readonly string[] }): ReportInputError {
  const given = options.sources.join(', ');
  const what = options.sources.length === 1 ? 'holds' : 'hold';
  return new ReportInputError({
    source: given,
    unreadable: false,
    message: `${given} ${what} no decision records (empty, or only blank lines); expected decision records, one JSON object per line, as jsonlSink and switchyard drill write them`,
  });
}

/**
 * Refuses records files that, all together, hold nothing but blank lines
 * (one empty file beside others is fine: a log's current file is empty
 * right after it rotates). Reads each file only up to its first non-blank
 * byte; whether that starts a valid record is left to the reader. A file
 * that cannot be opened is left to the reader too, which names it.
 *
 * @param options.files the records files, as given.
 * @throws {ReportInputError} from {@link emptyRecordsError} when none holds a non-blank byte.
 * @example
 * ```ts
 * await refuseEmptyRecords({ files: ['out/records.jsonl'] });
 * ```
 */
export async function refuseEmptyRecords(options: { files: readonly string[] }): Promise<void> {
  for (const file of options.files) if (await holdsText(file)) return;
  throw emptyRecordsError({ sources: options.files });
}

async function holdsText(file: string): Promise<boolean> {
  // Only a file is probed: a pipe's first bytes, once read here, would be lost to the reader
  // (`<(cat records.jsonl)`), and a named pipe nothing writes to would hang the open.
  if (!(await isFile(file))) return true;
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch {
    return true; // the reader reports it, with its own message
  }
  try {
    const buffer = Buffer.alloc(probeBytes);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, probeBytes, null);
      if (bytesRead === 0) return false;
      for (let index = 0; index < bytesRead; index++) if (!blank(buffer[index] as number)) return true;
    }
  } catch {
    return true; // a folder, or a read error: the reader reports it
  } finally {
    await handle.close();
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false; // the reader reports it, with its own message
  }
}
