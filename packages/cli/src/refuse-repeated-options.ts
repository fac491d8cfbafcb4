import type { EventEmitter } from 'node:events';
import type { Command, Option } from 'commander';
import { UsageError } from './exit-codes.js';

/** Options declared with {@link repeatable}: each occurrence adds a value. */
const repeatables = new WeakSet<Option>();

/** What the first occurrence of an option set, per command and option value (commander's attribute name). */
const firstGiven = new WeakMap<Command, Map<string, { flag: string; value: string | null | undefined }>>();

/**
 * Marks `option` as meant to be given more than once (its parser collects
 * every value, e.g. `--tag a --tag b`); say so in its description
 * (`(repeatable)`). Variadic options (`<files...>`) repeat without it.
 *
 * @param option the option, before it is added.
 * @returns the same option.
 * @example
 * ```ts
 * command.addOption(repeatable(new Option('--tag <tag>', 'request tag (repeatable)').argParser(collect).default([])));
 * ```
 */
export function repeatable(option: Option): Option {
  repeatables.add(option);
  return option;
}

/** Whether `option` may be given more than once: marked {@link repeatable}, or variadic. */
export function isRepeatable(option: Option): boolean {
  return repeatables.has(option) || option.variadic;
}

const shown = (value: string | null | undefined) => (value == null ? '' : ` ${JSON.stringify(value)}`);

/**
 * Makes every option of `command` that is not {@link isRepeatable} a usage
 * error when given twice: commander keeps the last value without a word
 * (`--seed 1 --seed 2` ran seed 2, `report --md x.md --md y.md` wrote only
 * `y.md`). The check runs at the second occurrence, before its value is
 * parsed; an option pair that sets one value (`--report` and `--no-report`)
 * counts as one option. Call it once the command's options are all added.
 *
 * @param command the command (not its subcommands).
 * @throws {UsageError} at parse time, naming the option, both values and to give it once.
 */
export function refuseRepeatedOptions(command: Command): void {
  for (const option of command.options) {
    if (isRepeatable(option)) continue;
    const key = option.attributeName();
    const flag = option.long ?? option.short ?? option.flags;
    // Prepended: it runs before commander's own listener has set (and parsed) this occurrence's value.
    // A Command is an EventEmitter (commander's typings declare only `on`).
    (command as unknown as EventEmitter).prependListener(
      `option:${option.name()}`,
      (value: string | null | undefined) => {
        const given =
          firstGiven.get(command) ?? new Map<string, { flag: string; value: string | null | undefined }>();
        firstGiven.set(command, given);
        const first = given.get(key);
        if (command.getOptionValueSource(key) !== 'cli' || first === undefined) {
          given.set(key, { flag, value });
          return;
        }
        throw new UsageError(
          first.flag !== flag
            ? `${first.flag}${shown(first.value)} and ${flag}${shown(value)} set one value: give one of them, once`
            : first.value == null && value == null
              ? `${flag} was given twice: give it once`
              : `${flag} was given twice (${shown(first.value).trim() || 'no value'}, then ${shown(value).trim() || 'no value'}): it takes one value; give it once`,
        );
      },
    );
  }
}
