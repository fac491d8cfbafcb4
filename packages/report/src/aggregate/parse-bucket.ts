import { ReportInputError } from '../errors/report-input-error.js';

const units: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const pattern = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;

/**
 * Parses a bucket width such as `10s`, `1m`, `1h`, `1d` or `500ms` into
 * milliseconds.
 *
 * @throws {ReportInputError} when the text is not a positive duration.
 */
export function parseBucket(text: string): number {
  const match = pattern.exec(text.trim());
  const value = match ? Number(match[1]) * (units[match[2] as string] as number) : Number.NaN;
  if (!(value >= 1))
    throw new ReportInputError({
      source: '--bucket',
      unreadable: false,
      message: match
        ? `bucket "${text}" is shorter than 1ms; expected a width of at least 1ms, e.g. 10s, 1m, 1h or 1d`
        : `bucket "${text}" is not a duration; use e.g. 10s, 1m, 1h or 1d`,
    });
  return Math.round(value);
}
