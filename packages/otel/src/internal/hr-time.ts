import type { HrTime } from '@opentelemetry/api';

/** Epoch milliseconds (fractions kept) as an OpenTelemetry `[seconds, nanoseconds]` time. */
export function hrTimeOf(epochMs: number): HrTime {
  const seconds = Math.floor(epochMs / 1000);
  const nanoseconds = Math.round((epochMs - seconds * 1000) * 1e6);
  // Rounding can reach a whole second.
  return nanoseconds >= 1e9 ? [seconds + 1, nanoseconds - 1e9] : [seconds, nanoseconds];
}
