import { closestName } from '@switchyard/core';
import { ReportInputError } from '../errors/report-input-error.js';

/**
 * What a report can group by. `provider` and `target` attribute each attempt
 * to its own target (so wasted attempts land on the provider that failed)
 * and each request to the target that served it (failed requests: the last
 * target tried, or `(none)`). `time` groups by time bucket.
 */
export const dimensions = [
  'provider',
  'target',
  'route',
  'jurisdiction',
  'dataClass',
  'tenant',
  'time',
] as const;

/** One of {@link dimensions}. */
export type Dimension = (typeof dimensions)[number];

const aliases: Record<string, Dimension> = {
  'data-class': 'dataClass',
  dataclass: 'dataClass',
  bucket: 'time',
  'served-by': 'target',
};

/**
 * Parses a comma-separated list such as `provider,jurisdiction` (`data-class`
 * and `bucket` are accepted for `dataClass` and `time`; blank entries are
 * skipped). A list that names no dimension at all (`--by ""`, `--by ,`)
 * would silently report the totals only: it is refused.
 *
 * @throws {ReportInputError} naming `--by`, the unknown dimension (with the closest known one) or
 *   the empty list, and the known dimensions.
 * @example
 * ```ts
 * parseDimensions('provider,data-class'); // ['provider', 'dataClass']
 * ```
 */
export function parseDimensions(text: string): Dimension[] {
  const result: Dimension[] = [];
  const known = `use any of ${dimensions.join(', ')}`;
  const refuse = (message: string) =>
    new ReportInputError({ source: '--by', unreadable: false, message: `--by: ${message}` });
  for (const raw of text.split(',')) {
    const name = raw.trim();
    if (name === '') continue;
    const dimension = (dimensions as readonly string[]).includes(name)
      ? (name as Dimension)
      : aliases[name.toLowerCase()];
    if (dimension === undefined) {
      const suggestion = closestName(name, [...dimensions, ...Object.keys(aliases)]);
      throw refuse(
        `unknown dimension "${name}"; ${known}${suggestion === undefined ? '' : `; did you mean "${suggestion}"?`}`,
      );
    }
    if (!result.includes(dimension)) result.push(dimension);
  }
  if (result.length === 0) throw refuse(`${JSON.stringify(text)} names no dimension; ${known}`);
  return result;
}
