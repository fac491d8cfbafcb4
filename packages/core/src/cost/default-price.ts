import { calcPrice } from '@pydantic/genai-prices';
import type { Price } from '../target/target-schema.js';

const cache = new Map<string, Price | null>();

function base(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && typeof (value as { base?: unknown }).base === 'number') {
    return (value as { base: number }).base;
  }
  return undefined;
}

/**
 * The list price of a provider's model from the maintained
 * `@pydantic/genai-prices` catalog (bundled data, no network), in USD per
 * million tokens, or `undefined` when the catalog does not know it. Tiered
 * prices give their base tier; set `price` on the target to override.
 *
 * @param options.provider provider id as the catalog names it (`openai`, `anthropic`, `google`, ...).
 * @param options.model the provider's model id.
 * @param options.at the instant prices apply at (default: now).
 *
 * @example
 * ```ts
 * defaultPrice({ provider: 'openai', model: 'gpt-5.4' }); // { input: 2.5, output: 15, cachedInput: 0.25 }
 * ```
 */
export function defaultPrice(options: { provider: string; model: string }): Price | undefined {
  const key = `${options.provider}\u0001${options.model}`;
  const known = cache.get(key);
  if (known !== undefined) return known ?? undefined;
  let price: Price | null = null;
  try {
    const result = calcPrice({ input_tokens: 1 }, options.model, { providerId: options.provider });
    const modelPrice = result?.model_price;
    const input = base(modelPrice?.input_mtok);
    const output = base(modelPrice?.output_mtok);
    if (input !== undefined && output !== undefined) {
      const cachedInput = base(modelPrice?.cache_read_mtok);
      price = cachedInput === undefined ? { input, output } : { input, output, cachedInput };
    }
  } catch {
    price = null; // the catalog does not know this provider
  }
  cache.set(key, price);
  return price ?? undefined;
}
