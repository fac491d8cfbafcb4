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
  .transform((value) => {
    if (typeof value === 'number') return value;
    let ms = 0;
    for (const match of value.matchAll(partPattern)) {
      ms += Number(match[1]) * unitMs[match[2] as keyof typeof unitMs];
    }
    return ms;
  })
  .describe('A duration: "250ms", "30s", "5m", "1h", "7d", "5m30s", or a number of milliseconds');

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
