import { resolve } from 'node:path';
import { UsageError } from './exit-codes.js';

/**
 * Refuses a list of input files that names one file twice (`report a.jsonl
 * a.jsonl`, `budgets --records a.jsonl ./a.jsonl`): its records would be
 * counted twice (report, budgets) or checked twice (replay, verify),
 * without a word. Paths are compared resolved against the working folder;
 * `-` (stdin) counts as one file.
 *
 * @param options.files the files, as given.
 * @param options.what what names them in the message (`records file`, `--records`).
 * @throws {UsageError} naming the file, both spellings and to give it once.
 * @example
 * ```ts
 * refuseRepeatedFiles({ files: records, what: 'records file' });
 * ```
 */
export function refuseRepeatedFiles(options: { files: readonly string[]; what: string }): void {
  const seen = new Map<string, string>();
  for (const file of options.files) {
    const key = file === '-' ? '-' : resolve(file);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, file);
      continue;
    }
    const spelled = first === file ? `${file}` : `${file} (as ${first}, then ${file})`;
    throw new UsageError(
      `${options.what} ${spelled} was given twice: its records would be read twice; give it once`,
    );
  }
}
