import { formatDuration } from './duration-schema.js';

/**
 * A duration as written in scenarios, exact to the millisecond: `5m`, `3m19.75s`, `5900ms`.
 *
 * @example
 * ```ts
 * readableOffset(199_750); // '3m19.75s'
 * ```
 */
export function readableOffset(ms: number): string {
  const whole = Math.floor(ms);
  if (whole % 1000 === 0 || whole < 1000) return formatDuration(whole);
  const minutes = Math.floor(whole / 60_000);
  const seconds = (whole % 60_000) / 1000;
  return `${minutes > 0 ? `${minutes}m` : ''}${seconds}s`;
}
