import { calcPrice } from '@pydantic/genai-prices';
import type { Price, PriceTier } from '../target/target-schema.js';

const cache = new Map<string, Price | null>();

interface CatalogTiers {
  base: number;
  tiers: readonly { start: number; price: number }[];
}

function base(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && typeof (value as { base?: unknown }).base === 'number') {
    return (value as { base: number }).base;
  }
  return undefined;
}

function tiersOf(value: unknown): CatalogTiers['tiers'] {
  if (value && typeof value === 'object' && Array.isArray((value as { tiers?: unknown }).tiers))
    return (value as CatalogTiers).tiers;
  return [];
}

/** Provider ids Switchyard targets use, as the catalog names them. */
const catalogProviders: Readonly<Record<string, string>> = {
  xai: 'x-ai',
  'x.ai': 'x-ai',
  azure: 'azure',
  together: 'together',
};

/**
 * The list price of a provider's model from the maintained
 * `@pydantic/genai-prices` catalog (bundled data, no network), in USD per
 * million tokens, or `undefined` when the catalog does not know it. Every
 * bucket the catalog prices for text is kept: input, output, cache reads
 * (`cachedInput`), cache writes (`cacheWrite`), a per-request fee
 * (`perRequest`, from the catalog's price per thousand requests) and
 * long-context tiers (`tiers`). Set `price` on the target to override.
 *
 * @param options.provider provider id (`openai`, `anthropic`, `google`, `deepseek`, `xai`, ...).
 * @param options.model the provider's model id.
 *
 * @example
 * ```ts
 * defaultPrice({ provider: 'anthropic', model: 'claude-opus-4-6' });
 * // { input: 5, output: 25, cachedInput: 0.5, cacheWrite: 6.25 }
 * ```
 */
export function defaultPrice(options: { provider: string; model: string }): Price | undefined {
  const key = `${options.provider}\u0001${options.model}`;
  const known = cache.get(key);
  if (known !== undefined) return known ?? undefined;
  let price: Price | null = null;
  try {
    const providerId = catalogProviders[options.provider] ?? options.provider;
    const result = calcPrice({ input_tokens: 1 }, options.model, { providerId });
    const modelPrice = result?.model_price;
    const input = base(modelPrice?.input_mtok);
    const output = base(modelPrice?.output_mtok);
    if (modelPrice !== undefined && input !== undefined && output !== undefined) {
      const next: Price = { input, output };
      const cachedInput = base(modelPrice.cache_read_mtok);
      if (cachedInput !== undefined) next.cachedInput = cachedInput;
      const cacheWrite = base(modelPrice.cache_write_mtok);
      if (cacheWrite !== undefined) next.cacheWrite = cacheWrite;
      const perThousand = base(modelPrice.requests_kcount);
      if (perThousand !== undefined) next.perRequest = perThousand / 1000;
      const tiers = catalogTiers({
        input: modelPrice.input_mtok,
        output: modelPrice.output_mtok,
        cachedInput: modelPrice.cache_read_mtok,
        cacheWrite: modelPrice.cache_write_mtok,
      });
      if (tiers.length > 0) next.tiers = tiers;
      price = next;
    }
  } catch {
    price = null; // the catalog does not know this provider
  }
  cache.set(key, price);
  return price ?? undefined;
}

/** The catalog's per-bucket tiers, regrouped by threshold. */
function catalogTiers(
  buckets: Record<'input' | 'output' | 'cachedInput' | 'cacheWrite', unknown>,
): PriceTier[] {
  const byStart = new Map<number, PriceTier>();
  for (const [bucket, value] of Object.entries(buckets) as [keyof typeof buckets, unknown][]) {
    for (const tier of tiersOf(value)) {
      const entry = byStart.get(tier.start) ?? { aboveInputTokens: tier.start };
      entry[bucket] = tier.price;
      byStart.set(tier.start, entry);
    }
  }
  return [...byStart.values()].sort((a, b) => a.aboveInputTokens - b.aboveInputTokens);
}
