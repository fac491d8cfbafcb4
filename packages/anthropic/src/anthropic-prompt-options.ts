import { z } from 'zod';

/**
 * A prompt-cache breakpoint, as the Messages API takes it (`cache_control`):
 * the prefix up to and including the block that carries it is cached.
 */
export const anthropicCacheControlSchema = z.strictObject({
  /** The only kind of cache the API has. */
  type: z.literal('ephemeral'),
  /** How long the cached prefix lives: `5m` (the API's default) or `1h`. */
  ttl: z.enum(['5m', '1h']).optional(),
});

/** A prompt-cache breakpoint, as validated. */
export type AnthropicCacheControl = z.infer<typeof anthropicCacheControlSchema>;

/**
 * `providerOptions.anthropic` of a message, a part or a function tool: a
 * cache breakpoint on the block it becomes (a message's goes on its last
 * block), spelt as `@ai-sdk/anthropic` reads it (`cacheControl`, or
 * `cache_control`; `cacheControl` wins when both are set). Other keys are not
 * sent and give an `unsupported` warning each.
 *
 * @example
 * ```ts
 * const prompt = [
 *   { role: 'system', content: longRules, providerOptions: { anthropic: { cacheControl: { type: 'ephemeral', ttl: '1h' } } } },
 *   { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
 * ];
 * ```
 */
export const anthropicCacheOptionsSchema = z.object({
  /** The block's cache breakpoint. */
  cacheControl: anthropicCacheControlSchema.optional(),
  /** The same, in the API's spelling. */
  cache_control: anthropicCacheControlSchema.optional(),
});

/**
 * `providerOptions.anthropic` of a file part sent as a `document` block (a
 * PDF, or text): its cache breakpoint, and the document's citations, title
 * and context, as `@ai-sdk/anthropic` reads them.
 *
 * @example
 * ```ts
 * const part = {
 *   type: 'file',
 *   mediaType: 'application/pdf',
 *   data: { type: 'data', data: pdfBytes },
 *   providerOptions: { anthropic: { citations: { enabled: true }, title: 'Terms', context: 'signed 2026' } },
 * };
 * ```
 */
export const anthropicDocumentOptionsSchema = anthropicCacheOptionsSchema.extend({
  /** `{ enabled: true }`: the answer cites the document (`citations: { enabled: true }` is sent). */
  citations: z.strictObject({ enabled: z.boolean() }).optional(),
  /** The document's title (default: the part's `filename`). */
  title: z.string().optional(),
  /** Text about the document the model reads but never cites. */
  context: z.string().optional(),
});

/** `providerOptions.anthropic` of a document part, as validated. */
export type AnthropicDocumentOptions = z.infer<typeof anthropicDocumentOptionsSchema>;
