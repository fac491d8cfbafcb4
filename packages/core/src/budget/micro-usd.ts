import type { TokenUsage } from '../record/decision-record.js';
import type { Price } from '../target/target-schema.js';

/**
 * Rounds a micro-dollar figure up to a whole micro-dollar, ignoring the last
 * bits of floating-point noise (`10 × 0.3` is 3, not 4).
 *
 * @example
 * ```ts
 * ceilMicroUsd(2.0000000000000004); // 2
 * ceilMicroUsd(2.1);                // 3
 * ```
 */
export function ceilMicroUsd(microUsd: number): number {
  if (microUsd <= 0) return 0;
  return Math.ceil(microUsd - microUsd * 1e-12);
}

/**
 * USD as integer micro-dollars, rounded to the nearest (a limit has at most 6 decimals).
 *
 * @example
 * ```ts
 * usdToMicroUsd(0.1); // 100_000
 * ```
 */
export function usdToMicroUsd(usd: number): number {
  return Math.round(usd * 1_000_000);
}

/**
 * Integer micro-dollars as USD.
 *
 * @example
 * ```ts
 * microUsdToUsd(2_500); // 0.0025
 * ```
 */
export function microUsdToUsd(microUsd: number): number {
  return microUsd / 1_000_000;
}

/**
 * What `usage` costs at `price`, in whole micro-dollars rounded up: a price in
 * USD per million tokens is micro-dollars per token, so this is the
 * micro-dollar form of `costOf` (cached input tokens at the cached price when
 * there is one). No usage or no price: 0.
 *
 * @example
 * ```ts
 * costMicroUsd({ usage: { inputTokens: 1000, outputTokens: 500, cachedInputTokens: 0, reasoningTokens: 0 },
 *                price: { input: 2.5, output: 15 } }); // 10_000
 * ```
 */
export function costMicroUsd(options: { usage: TokenUsage | undefined; price: Price | undefined }): number {
  const { usage, price } = options;
  if (!usage || !price) return 0;
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const fresh = usage.inputTokens - cached;
  return ceilMicroUsd(
    fresh * price.input + cached * (price.cachedInput ?? price.input) + usage.outputTokens * price.output,
  );
}
