import { z } from 'zod';

/** The highest price a config may give: USD 1,000,000 per million tokens (a dollar a token); one above made costs infinite. */
export const maxPriceUsd = 1_000_000;

/** A price in USD, from 0 up to {@link maxPriceUsd}. */
const usd = () =>
  z
    .number()
    .nonnegative()
    .max(maxPriceUsd, {
      message: `expected at most ${maxPriceUsd.toLocaleString('en-US')} USD (per million tokens, a dollar a token): a price above it is a slip, and its costs reach infinity`,
    });

/** Prices that apply above a prompt length (long-context pricing), USD per million tokens. */
export const PriceTierSchema = z
  .object({
    /** The tier applies when a request's input tokens (cache reads and writes included) exceed this. */
    aboveInputTokens: z.number().int().positive().describe('Applies when input tokens exceed this'),
    /** USD per million input tokens in this tier; default: the base `input`. */
    input: usd().optional().describe('USD per million input tokens in this tier'),
    /** USD per million output tokens in this tier; default: the base `output`. */
    output: usd().optional().describe('USD per million output tokens in this tier'),
    /** USD per million cache-read input tokens in this tier; default: the base `cachedInput`. */
    cachedInput: usd().optional().describe('USD per million cached input tokens in this tier'),
    /** USD per million cache-write input tokens in this tier; default: the base `cacheWrite`. */
    cacheWrite: usd().optional().describe('USD per million cache-write tokens in this tier'),
  })
  .strict();

/** USD per million tokens, by bucket, and per request. */
export const PriceSchema = z
  .object({
    /** USD per million input (prompt) tokens not read from or written to a cache. */
    input: usd().describe('USD per million input tokens'),
    /** USD per million output (completion) tokens, reasoning included. */
    output: usd().describe('USD per million output tokens'),
    /** USD per million input tokens read from the prompt cache; defaults to `input` when absent. */
    cachedInput: usd().optional().describe('USD per million cached input tokens'),
    /** USD per million input tokens written to the prompt cache; defaults to `input` when absent. */
    cacheWrite: usd().optional().describe('USD per million cache-write input tokens'),
    /** USD per request on top of the tokens (e.g. a search fee per request). */
    perRequest: usd().optional().describe('USD per request'),
    /** Long-context prices: the highest tier whose threshold the input exceeds applies to every token. */
    tiers: z.array(PriceTierSchema).optional().describe('Prices above an input length'),
  })
  .strict();

/** A price, in USD per million tokens. */
export type Price = z.infer<typeof PriceSchema>;
/** One long-context tier of a {@link Price}. */
export type PriceTier = z.infer<typeof PriceTierSchema>;
