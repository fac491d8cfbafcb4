import { z } from 'zod';
import { anthropicCacheControlSchema } from './anthropic-prompt-options.js';

const object = z.record(z.string(), z.unknown());

/**
 * `providerOptions.anthropic` of a call: Messages API request-body fields by
 * their wire names, added to the request the adapter builds (and winning
 * over the fields it maps from the call). Unknown keys are rejected with the
 * closest valid one; `model`, `messages`, `system` and `stream` are never
 * accepted (they come from the model and the call). Values are passed as
 * they are: the API validates them.
 *
 * @example
 * ```ts
 * await generateText({
 *   model: anthropic('claude-sonnet-5'),
 *   prompt,
 *   providerOptions: { anthropic: { thinking: { type: 'enabled', budget_tokens: 4000 }, metadata: { user_id: 'u-1' } } },
 * });
 * ```
 */
export const anthropicProviderOptionsSchema = z.strictObject({
  /** Extended thinking: `{ type: 'enabled', budget_tokens }`, `{ type: 'adaptive' }` or `{ type: 'disabled' }`. */
  thinking: object.optional(),
  /** `{ user_id }`: an opaque id of the end user. */
  metadata: object.optional(),
  /** `auto` or `standard_only`. */
  service_tier: z.string().optional(),
  /** Output settings (`effort`, `format`); the adapter sets `format` from the call's JSON schema. */
  output_config: object.optional(),
  /** Context management edits, e.g. `{ edits: [{ type: 'compact_20260112' }] }` (beta: send the `anthropic-beta` header). */
  context_management: object.optional(),
  /** A code-execution container to reuse: its id, or `{ id, skills }`. */
  container: z.union([z.string(), object]).optional(),
  /** Remote MCP servers the model may call (beta). */
  mcp_servers: z.array(object).optional(),
  /** Automatic prompt caching: `{ type: 'ephemeral', ttl? }` on the last cacheable block (it takes one of the 4 breakpoints). */
  cache_control: anthropicCacheControlSchema.optional(),
  /** Where inference runs (`us`, `global`, ...). */
  inference_geo: z.string().optional(),
  /** `standard` or `fast`. */
  speed: z.string().optional(),
  /** Request diagnostics. */
  diagnostics: object.optional(),
  /** The tool choice, e.g. `{ type: 'auto', disable_parallel_tool_use: true }` (default: from the call's). */
  tool_choice: object.optional(),
  /** `max_tokens` (default: the call's `maxOutputTokens`, else the `defaultMaxTokens` setting). */
  max_tokens: z.number().int().positive().optional(),
  /** Stop sequences (default: the call's). */
  stop_sequences: z.array(z.string()).optional(),
  /** Sampling temperature, for gateways and models that still take it. */
  temperature: z.number().optional(),
  /** Nucleus sampling, for gateways and models that still take it. */
  top_p: z.number().optional(),
  /** Top-k sampling, for gateways and models that still take it. */
  top_k: z.number().int().optional(),
  /** The end-user profile id. */
  user_profile_id: z.string().optional(),
  /** The workspace id. */
  workspace_id: z.string().optional(),
});

/** `providerOptions.anthropic`, as validated. */
export type AnthropicProviderOptions = z.infer<typeof anthropicProviderOptionsSchema>;
