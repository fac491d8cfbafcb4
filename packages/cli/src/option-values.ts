import { InvalidArgumentError } from 'commander';

/** The bounds a number option takes: `above` excludes its value, `min` includes it. */
export interface NumberOptionBounds {
  integer?: boolean;
  min?: number;
  above?: number;
  max?: number;
}

function rangeText({ min, above, max }: NumberOptionBounds): string {
  if (max !== undefined && above !== undefined) return `> ${above} and at most ${max}`;
  if (max !== undefined) return `from ${min ?? 0} to ${max}`;
  return above !== undefined ? `> ${above}` : `>= ${min ?? 0}`;
}

/**
 * A commander parser for a number option, refusing what is not a finite number within its bounds
 * with a usage error that names the option, the range and what was given (`--seed must be an
 * integer from 0 to 4294967295; got "1.5".`). With no bounds a number must be at least 0.
 *
 * @example
 * ```ts
 * command.option('--port <n>', 'port', parseNumberOption('--port', { integer: true, max: 65_535 }));
 * ```
 */
export function parseNumberOption(name: string, bounds: NumberOptionBounds = {}) {
  const min = bounds.above === undefined ? (bounds.min ?? 0) : Number.NEGATIVE_INFINITY;
  const max = bounds.max ?? Number.POSITIVE_INFINITY;
  return (value: string): number => {
    const number = Number(value);
    if (
      value.trim() === '' ||
      !Number.isFinite(number) ||
      number < min ||
      (bounds.above !== undefined && number <= bounds.above) ||
      number > max ||
      (bounds.integer === true && !Number.isInteger(number))
    ) {
      throw new InvalidArgumentError(
        `${name} must be ${bounds.integer === true ? 'an integer' : 'a finite number'} ${rangeText(bounds)}; got ${JSON.stringify(value)}.`,
      );
    }
    return number;
  };
}

/** A commander parser for a Redis URL option: `redis://` or `rediss://` with a host. */
export function parseRedisUrl(value: string): string {
  if (!/^rediss?:\/\/[^/]/.test(value))
    throw new InvalidArgumentError('expected a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379');
  return value;
}
