import { errorCodes, SwitchyardError } from '@switchyard/core';

/**
 * Refuses an `out` that names no folder before a drill runs: `''` or only whitespace would
 * otherwise write `records.jsonl` and the reports into the working folder without a word.
 *
 * @throws {SwitchyardError} `SWITCHYARD_CONFIG_INVALID` naming the option and what to give.
 * @example
 * ```ts
 * checkOutOption(options.out); // passes for undefined and 'drill-out'
 * ```
 */
export function checkOutOption(out: string | undefined): void {
  if (out === undefined || out.trim() !== '') return;
  throw new SwitchyardError({
    code: errorCodes.CONFIG_INVALID,
    message: `out ${JSON.stringify(out)}: expected a folder for the drill's files, e.g. "drill-out" (give "." for the working folder, or leave out to write nothing)`,
  });
}
