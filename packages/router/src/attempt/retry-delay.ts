/**
 * How long to wait before retrying the same target: what the provider asked
 * (`retry-after`) when it asked, else exponential backoff with jitter,
 * `min(maxBackoffMs, initialBackoffMs * 2^retry) * (0.5 + random * 0.5)`.
 *
 * @param options.retry 0 before the first retry, 1 before the second, ...
 * @returns the delay in ms.
 * @example
 * ```ts
 * retryDelay({ retry: 1, retryAfterMs: undefined, initialBackoffMs: 100, maxBackoffMs: 5000, random: () => 0.5 }); // 150
 * ```
 */
export function retryDelay(options: {
  retry: number;
  retryAfterMs: number | undefined;
  initialBackoffMs: number;
  maxBackoffMs: number;
  random: () => number;
}): number {
  if (options.retryAfterMs !== undefined) return options.retryAfterMs;
  const exponential = Math.min(options.maxBackoffMs, options.initialBackoffMs * 2 ** options.retry);
  return exponential * (0.5 + options.random() * 0.5);
}
