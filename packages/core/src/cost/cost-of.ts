import type { TokenUsage } from '../record/decision-record.js';
import type { Price, Target } from '../target/target-schema.js';
import { defaultPrice } from './default-price.js';

/**
 * The cost in USD of `usage` at `price`. Cached input tokens cost the cached
 * price when the price has one, the input price otherwise. No price: 0.
 *
 * @example
 * ```ts
 * costOf({ usage: { inputTokens: 1000, outputTokens: 500, cachedInputTokens: 0, reasoningTokens: 0 },
 *          price: { input: 2.5, output: 15 } }); // 0.01
 * ```
 */
export function costOf(options: { usage: TokenUsage | undefined; price: Price | undefined }): number {
  const { usage, price } = options;
  if (!usage || !price) return 0;
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const fresh = usage.inputTokens - cached;
  return (
    (fresh * price.input + cached * (price.cachedInput ?? price.input) + usage.outputTokens * price.output) /
    1_000_000
  );
}

/**
 * A target's price: its own `price`, else the catalog's list price
 * ({@link defaultPrice}), else `undefined` (its requests then cost 0 in
 * records, and `switchyard validate` says so).
 */
export function resolvePrice(target: Pick<Target, 'provider' | 'model' | 'price'>): Price | undefined {
  return target.price ?? defaultPrice({ provider: target.provider, model: target.model });
}
