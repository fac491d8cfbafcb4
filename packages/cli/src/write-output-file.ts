import { writeFile } from 'node:fs/promises';

/**
 * Writes one file a command was asked for (`--json`, `--md`, `--html`), and
 * when it cannot, says which file, what it was and why (`cannot write the
 * JSON report to /dev/full: ENOSPC: no space left on device, write`) instead
 * of the system's bare message. The error maps to exit code 4 (I/O).
 *
 * @param options.path where to write.
 * @param options.what what the file is, for the error (`the JSON report`).
 * @param options.text its content.
 * @throws {Error} naming the file, with the system's error as `cause`.
 * @example
 * ```ts
 * await writeOutputFile({ path: options.json, what: 'the JSON report', text });
 * ```
 */
export async function writeOutputFile(options: { path: string; what: string; text: string }): Promise<void> {
  try {
    await writeFile(options.path, options.text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot write ${options.what} to ${options.path}: ${reason}`, { cause: error });
  }
}
