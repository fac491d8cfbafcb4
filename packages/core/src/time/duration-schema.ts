import { z } from 'zod';

const durationPattern = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;
const partPattern = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;
const unitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** The form every duration takes, shown in error messages. */
export const durationExample = 'a duration such as "250ms", "30s", "5m", "1h", "7d" or "5m30s"';

/**
 * A duration written as `250ms`, `30s`, `5m`, `1h`, `7d` (a day is 24 hours),
 * or combined as `5m30s` (or a number of milliseconds), parsed to
 * milliseconds. Drill timelines and rolling budget windows use it.
 *
 * @example
 * ```ts
 * DurationSchema.parse('1h30m'); // 5_400_000
 * ```
 */
export const DurationSchema = z
  .union([z.number().nonnegative(), z.string().regex(durationPattern, durationExample)])
  .transform((value, context) => {
    if (typeof value === 'number') return value;
    let ms = 0;
    for (const match of value.matchAll(partPattern)) {
      ms += Number(match[1]) * unitMs[match[2] as keyof typeof unitMs];
    }
    if (!Number.isFinite(ms)) {
      // Digits past a number's range read as infinity: refuse them here, where the file and line are known.
      context.issues.push({
        code: 'custom',
        input: value,
        message: `too long to be a number of milliseconds (${value.length} characters); expected ${durationExample}`,
      });
      return z.NEVER;
    }
    return ms;
  })
  .describe('A duration: "250ms", "30s", "5m", "1h", "7d", "5m30s", or a number of milliseconds');

/** Unit words people write, to the unit a duration takes. */
const unitWords: Record<string, string> = {
  ms: 'ms',
  msec: 'ms',
  msecs: 'ms',
  millis: 'ms',
  millisecond: 'ms',
  milliseconds: 'ms',
  s: 's',
  sec: 's',
  secs: 's',
  second: 's',
  seconds: 's',
  m: 'm',
  min: 'm',
  mins: 'm',
  minute: 'm',
  minutes: 'm',
  h: 'h',
  hr: 'h',
  hrs: 'h',
  hour: 'h',
  hours: 'h',
  d: 'd',
  day: 'd',
  days: 'd',
};

/**
 * The duration a text that is not one most likely means, written as
 * {@link DurationSchema} reads it: `"2 s"` → `"2s"`, `"5sec"` → `"5s"`,
 * `"90S"` → `"90s"`, `"1 hour 30 min"` → `"1h30m"`, `"5000"` → `"5000ms"`; a negative one
 * (`"-5s"`, `"-5 sec"`), which no duration is, is closest to `"0s"`; `undefined` when there is
 * no such reading (`"soon"`).
 *
 * With `accepts` (whether the field takes a written duration), the suggestion is one the field
 * takes: the reading if it does, else the smallest of `1ms`, `1s`, `1m`, `1h`, `1d` above the
 * reading that it takes (`"-5s"` where a duration must be above 0 → `"1ms"`; where it must be at
 * least a minute → `"1m"`), else `undefined`.
 *
 * @param text what was written.
 * @param options.accepts whether the field takes a written duration; default: any duration.
 * @example
 * ```ts
 * closestDuration('10 seconds'); // '10s'
 * closestDuration('-5s'); // '0s'
 * closestDuration('-5s', { accepts: (written) => written !== '0s' }); // '1ms'
 * ```
 */
export function closestDuration(
  text: string,
  options: { accepts?: (written: string) => boolean } = {},
): string | undefined {
  const reading = durationReading(text);
  const { accepts } = options;
  if (reading === undefined || accepts === undefined || accepts(reading)) return reading;
  // Below the field's minimum (0s where it must be above 0): the smallest valid step above the reading.
  const readingMs = millisecondsOf(reading);
  return smallestSteps.find((step) => millisecondsOf(step) > readingMs && accepts(step));
}

/** Steps tried, smallest first, for a reading below a field's minimum. */
const smallestSteps = ['1ms', '1s', '1m', '1h', '1d'] as const;

/** The milliseconds of a duration as {@link DurationSchema} writes it (`5m30s`). */
function millisecondsOf(written: string): number {
  let ms = 0;
  for (const match of written.matchAll(partPattern))
    ms += Number(match[1]) * unitMs[match[2] as keyof typeof unitMs];
  return ms;
}

/** The duration a text most likely means, whatever the field: {@link closestDuration} without `accepts`. */
function durationReading(text: string): string | undefined {
  const trimmed = text.trim().toLowerCase();
  const negative = /^-\s*(.+)$/.exec(trimmed)?.[1];
  if (negative !== undefined) {
    return durationPattern.test(negative) || durationReading(negative) !== undefined ? '0s' : undefined;
  }
  if (/^\d+(\.\d+)?$/.test(trimmed)) return `${trimmed}ms`;
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)\s*([a-z]+)\s*,?\s*(?:and\s*)?/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== trimmed) return undefined;
  let written = '';
  for (const [, count, word] of parts) {
    const unit = unitWords[word as string];
    if (unit === undefined) return undefined;
    written += `${count}${unit}`;
  }
  return durationPattern.test(written) && written !== text ? written : undefined;
}

/**
 * Formats milliseconds as `250ms`, `45s`, `1m30s`, `2h5m`, `30d`, `1d6h`:
 * days, hours, minutes and seconds as such, in whole seconds above one
 * second: the form {@link DurationSchema} reads back. Past about 31,000
 * years (10^15 ms), in whole days only.
 *
 * @example
 * ```ts
 * formatDuration(90_000); // '1m30s'
 * formatDuration(30 * 86_400_000); // '30d'
 * ```
 */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms >= 1e15) return `${Math.round(ms / unitMs.d)}d`;
  const seconds = Math.round(ms / 1000);
  const parts = [
    [Math.floor(seconds / 86_400), 'd'],
    [Math.floor((seconds % 86_400) / 3600), 'h'],
    [Math.floor((seconds % 3600) / 60), 'm'],
    [seconds % 60, 's'],
  ] as const;
  return parts
    .filter(([count]) => count > 0)
    .map(([count, unit]) => `${count}${unit}`)
    .join('');
}
