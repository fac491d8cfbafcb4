import { z } from 'zod';
import { PriceSchema } from './price-schema.js';

export { type Price, PriceSchema, type PriceTier, PriceTierSchema } from './price-schema.js';

/** Capabilities a target may have; routes filter candidates by them. */
export const capabilities = ['tools', 'json', 'vision', 'reasoning', 'streaming'] as const;

/** One of {@link capabilities}. */
export type Capability = (typeof capabilities)[number];

/**
 * One deployment you can call: a provider's model, where it is hosted, who
 * made it, under what licence, with what capabilities and at what price.
 */
export const TargetSchema = z
  .object({
    /** Unique id used by routes, policies, records and `models`. */
    id: z
      .string()
      .regex(/^[a-zA-Z0-9][a-zA-Z0-9._:/-]*$/, 'letters, digits and . _ : / - (start with a letter or digit)')
      .describe('Unique id used by routes, policies and records'),
    /** Provider name, e.g. `openai`, `anthropic`, `ollama`, `google`. */
    provider: z.string().min(1).describe('Provider name, e.g. openai, anthropic, ollama'),
    /** The provider's model id, e.g. `gpt-5.4`. */
    model: z.string().min(1).describe("The provider's model id"),
    /** Where it runs: ISO 3166-1 alpha-2 (`US`), a group (`EU`), or `self` for on-premises. */
    hostedIn: z
      .string()
      .min(1)
      .describe('ISO 3166-1 alpha-2 code, a group such as EU, or "self" for on-premises'),
    /** Jurisdiction of the model's developer (ISO 3166-1 alpha-2). */
    origin: z.string().min(1).describe("Jurisdiction of the model's developer, ISO 3166-1 alpha-2"),
    /** Whether the weights are published (`open`) or not (`closed`). */
    weights: z.enum(['open', 'closed']).describe('open or closed weights'),
    /** SPDX id or licence name, e.g. `Apache-2.0`, `proprietary`. */
    licence: z.string().min(1).default('proprietary').describe('SPDX licence id or name'),
    /** What the target can do. */
    capabilities: z
      .array(z.enum(capabilities))
      .default([])
      .describe('tools, json, vision, reasoning, streaming'),
    /** Context window in tokens. */
    contextWindow: z.number().int().positive().describe('Context window in tokens'),
    /** Maximum output tokens. */
    maxOutputTokens: z.number().int().positive().optional().describe('Maximum output tokens'),
    /** Price in USD per million tokens; defaults from the pricing catalog when absent. */
    price: PriceSchema.optional().describe('USD per million tokens; defaults from the pricing catalog'),
    /** Free-form tags policies can match, e.g. `frontier`. */
    tags: z.array(z.string().min(1)).default([]).describe('Free-form tags policies can match'),
  })
  .strict();

/** A target as written in a config (defaults not applied). */
export type TargetInput = z.input<typeof TargetSchema>;
/** A validated target. */
export type Target = z.infer<typeof TargetSchema>;
