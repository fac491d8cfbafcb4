import { z } from 'zod';

const object = z.record(z.string(), z.unknown());

/**
 * `providerOptions.openai` of a call: Chat Completions request-body fields by
 * their wire names, added to the request the adapter builds (and winning
 * over the fields it maps from the call): OpenAI's own, and the ones the
 * OpenAI-compatible servers document. Unknown keys are rejected with the
 * closest valid one; `model`, `messages`, `stream`, `stream_options` and `n`
 * are never accepted (they come from the model and the call, and the adapter
 * reads one choice). Values are passed as they are: the server validates them.
 *
 * @example
 * ```ts
 * await generateText({
 *   model: openai('gpt-5.4'),
 *   prompt,
 *   providerOptions: { openai: { service_tier: 'flex', user: 'u-1', parallel_tool_calls: false } },
 * });
 * ```
 */
export const openAIProviderOptionsSchema = z.strictObject({
  /** A stable id of the end user (OpenAI). */
  user: z.string().optional(),
  /** Safety identifier of the end user (OpenAI). */
  safety_identifier: z.string().optional(),
  /** Store the completion (OpenAI). */
  store: z.boolean().optional(),
  /** Up to 16 string pairs (OpenAI). */
  metadata: z.record(z.string(), z.string()).optional(),
  /** `auto`, `default`, `flex`, `priority` (OpenAI), `on_demand` (Groq). */
  service_tier: z.string().optional(),
  /** Prompt-cache routing key (OpenAI). */
  prompt_cache_key: z.string().optional(),
  /** `low`, `medium`, `high` (OpenAI). */
  verbosity: z.string().optional(),
  /** Reasoning effort (default: from the call's `reasoning`). */
  reasoning_effort: z.string().optional(),
  /** Return log probabilities. */
  logprobs: z.boolean().optional(),
  /** Most likely tokens per position with `logprobs`. */
  top_logprobs: z.number().int().optional(),
  /** Token id → bias. */
  logit_bias: z.record(z.string(), z.number()).optional(),
  /** Allow parallel tool calls. */
  parallel_tool_calls: z.boolean().optional(),
  /** Predicted output (OpenAI). */
  prediction: object.optional(),
  /** Web search of search models (OpenAI). */
  web_search_options: object.optional(),
  /** Output modalities (OpenAI). */
  modalities: z.array(z.string()).optional(),
  /** Audio output settings (OpenAI). */
  audio: object.optional(),
  /** The tool choice (default: from the call's). */
  tool_choice: z.union([z.string(), object]).optional(),
  /** The response format (default: from the call's). */
  response_format: object.optional(),
  /** `max_completion_tokens` (default: the call's `maxOutputTokens`). */
  max_completion_tokens: z.number().int().positive().optional(),
  /** The legacy `max_tokens`, for servers that take only it (older vLLM, LM Studio, llama.cpp). */
  max_tokens: z.number().int().positive().optional(),
  /** Stop sequences (default: the call's). */
  stop: z.union([z.string(), z.array(z.string())]).optional(),
  /** Sampling settings (default: the call's). */
  temperature: z.number().optional(),
  /** Nucleus sampling (default: the call's). */
  top_p: z.number().optional(),
  /** Seed (default: the call's). */
  seed: z.number().int().optional(),
  /** Presence penalty (default: the call's). */
  presence_penalty: z.number().optional(),
  /** Frequency penalty (default: the call's). */
  frequency_penalty: z.number().optional(),
  /** Top-k sampling (vLLM, llama.cpp, LM Studio, Together). */
  top_k: z.number().int().optional(),
  /** Min-p sampling (vLLM, llama.cpp, LM Studio, Together). */
  min_p: z.number().optional(),
  /** Repetition penalty (vLLM, llama.cpp, Together). */
  repetition_penalty: z.number().optional(),
  /** Chat-template arguments, e.g. `{ enable_thinking: false }` (vLLM, llama.cpp). */
  chat_template_kwargs: object.optional(),
  /** Guided decoding by JSON schema (vLLM). */
  guided_json: z.unknown().optional(),
  /** Guided decoding by regex (vLLM). */
  guided_regex: z.string().optional(),
  /** Guided decoding by choice (vLLM). */
  guided_choice: z.array(z.string()).optional(),
  /** A GBNF grammar (llama.cpp). */
  grammar: z.string().optional(),
  /** Cache the prompt (llama.cpp). */
  cache_prompt: z.boolean().optional(),
  /** LoRA adapters (llama.cpp). */
  lora: z.array(object).optional(),
  /** How reasoning is returned: `parsed`, `raw`, `hidden` (Groq). */
  reasoning_format: z.string().optional(),
  /** Leave reasoning out of the answer (Groq). */
  include_reasoning: z.boolean().optional(),
  /** Thinking on or off, e.g. `{ type: 'enabled' }` (DeepSeek, Qwen, GLM). */
  thinking: object.optional(),
  /** Thinking on or off (Qwen). */
  enable_thinking: z.boolean().optional(),
  /** Thinking budget in tokens (Qwen). */
  thinking_budget: z.number().int().optional(),
  /** Live search settings (xAI). */
  search_parameters: object.optional(),
  /** Safety model (Together). */
  safety_model: z.string().optional(),
  /** Context-length exceeded behaviour: `truncate` or `error` (Together). */
  context_length_exceeded_behavior: z.string().optional(),
  /** Azure data sources (On Your Data). */
  data_sources: z.array(object).optional(),
  /** TTL of loaded models (LM Studio). */
  ttl: z.number().int().optional(),
});

/** `providerOptions.openai`, as validated. */
export type OpenAIProviderOptions = z.infer<typeof openAIProviderOptionsSchema>;
