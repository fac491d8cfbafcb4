import type { TokenUsage } from '../record/decision-record.js';
import type { Price } from '../target/target-schema.js';
import { defaultPrice } from './default-price.js';

/**
 * The cost in USD of `usage` at `price`, every bucket at its own rate:
 * input tokens neither read from nor written to the cache at `input`, cache
 * reads at `cachedInput`, cache writes at `cacheWrite` (each defaulting to
 * `input`), output tokens (reasoning included) at `output`, plus
 * `perRequest`. When the input exceeds a tier's `aboveInputTokens`, the
 * highest such tier's rates apply to every token (long-context pricing);
 * a rate the tier leaves out is the base one. No price or no usage: 0.
 *
 * @param options.usage the tokens of one attempt.
 * @param options.price the target's price.
 * @returns USD.
 * @example
 * ```ts
 * costOf({ usage: { inputTokens: 1000, outputTokens: 500, cachedInputTokens: 0, reasoningTokens: 0 },
 *          price: { input: 2.5, output: 15 } }); // 0.01
 * ```
 */
export function costOf(options: { usage: TokenUsage | undefined; price: Price | undefined }): number {
  const { usage, price } = options;
  if (!usage || !price) return 0;
  const cacheRead = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const cacheWrite = Math.min(usage.cacheWriteInputTokens ?? 0, usage.inputTokens - cacheRead);
  const fresh = usage.inputTokens - cacheRead - cacheWrite;
  let input = price.input;
  let output = price.output;
  let cachedInput = price.cachedInput ?? price.input;
  let cacheWriteRate = price.cacheWrite ?? price.input;
  if (price.tiers !== undefined) {
    let chosen: NonNullable<Price['tiers']>[number] | undefined;
    for (const tier of price.tiers) {
      if (
        usage.inputTokens > tier.aboveInputTokens &&
        (chosen === undefined || tier.aboveInputTokens > chosen.aboveInputTokens)
      )
        chosen = tier;
    }
    if (chosen !== undefined) {
      input = chosen.input ?? input;
      output = chosen.output ?? output;
      cachedInput = chosen.cachedInput ?? cachedInput;
      cacheWriteRate = chosen.cacheWrite ?? cacheWriteRate;
    }
  }
  return (
    (fresh * input + cacheRead * cachedInput + cacheWrite * cacheWriteRate + usage.outputTokens * output) /
      1_000_000 +
    (price.perRequest ?? 0)
  );
}

/**
 * A target's price: its own `price`, else the catalog's list price
 * ({@link defaultPrice}), else `undefined` (its requests then cost 0 in
 * records, and `switchyard validate` says so).
 */
export function resolvePrice(target: {
  provider: string;
  model: string;
  price?: Price | undefined;
}): Price | undefined {
  return target.price ?? defaultPrice({ provider: target.provider, model: target.model });
}
