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
 * and `bucket` are accepted for `dataClass` and `time`).
 *
 * @throws {ReportInputError} naming the unknown dimension and the known ones.
 */
export function parseDimensions(text: string): Dimension[] {
  const result: Dimension[] = [];
  for (const raw of text.split(',')) {
    const name = raw.trim();
    if (name === '') continue;
    const dimension = (dimensions as readonly string[]).includes(name)
      ? (name as Dimension)
      : aliases[name.toLowerCase()];
    if (dimension === undefined)
      throw new ReportInputError({
        source: '--by',
        unreadable: false,
        message: `unknown dimension "${name}"; use any of ${dimensions.join(', ')}`,
      });
    if (!result.includes(dimension)) result.push(dimension);
  }
  return result;
}
