import { formatDuration } from './duration-schema.js';

/**
 * A duration as written in scenarios, exact to the millisecond: `5m`, `3m19.75s`, `5900ms`,
 * `2h5m0.5s`.
 *
 * @example
 * ```ts
 * readableOffset(199_750); // '3m19.75s'
 * ```
 */
export function readableOffset(ms: number): string {
  const whole = Math.floor(ms);
  if (whole % 1000 === 0 || whole < 1000) return formatDuration(whole);
  const minutes = whole - (whole % 60_000);
  const seconds = (whole % 60_000) / 1000;
  return `${minutes > 0 ? formatDuration(minutes) : ''}${seconds}s`;
}
