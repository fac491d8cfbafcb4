import type { LanguageModelV4CallOptions, SharedV4Warning } from '@ai-sdk/provider';
import { type ProviderCall, parseProviderOptions } from '@switchyard/core/adapter';
import { anthropicProviderOptionsSchema } from '../anthropic-provider-options.js';
import { prepareAnthropicTools, type ToolNames, toolNamesOf } from './anthropic-tools.js';
import { CacheBreakpoints } from './cache-breakpoints.js';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.js';

/** Call settings the Messages API of `@anthropic-ai/sdk` 1.x no longer takes (set them through provider options). */
const samplingSettings = ['temperature', 'topP', 'topK'] as const;

/** A Messages API request body, as the adapter builds it. */
export type AnthropicRequestBody = Record<string, unknown> & {
  model: string;
  max_tokens: number;
  messages: unknown[];
};

/**
 * The Messages API request of a call: messages and system from the prompt,
 * `max_tokens`, stop sequences, tools and tool choice, JSON output, then
 * `providerOptions.anthropic` (validated) over them; and a warning for
 * every setting the API cannot take.
 *
 * @param options.call the call, for errors.
 * @param options.callOptions the AI SDK call options.
 * @param options.defaultMaxTokens `max_tokens` when the call sets none.
 * @returns the body (without `stream`), the warnings and the tool-name mapping.
 * @throws ProviderError (`invalid_request`) for a prompt or provider options the adapter cannot send.
 */
export function prepareAnthropicRequest(options: {
  call: ProviderCall;
  callOptions: LanguageModelV4CallOptions;
  defaultMaxTokens: number;
}): { body: AnthropicRequestBody; warnings: SharedV4Warning[]; names: ToolNames } {
  const { call, callOptions, defaultMaxTokens } = options;
  const extra = parseProviderOptions({
    call,
    key: 'anthropic',
    schema: anthropicProviderOptionsSchema,
    providerOptions: callOptions.providerOptions,
  });
  const warnings: SharedV4Warning[] = [];
  const names = toolNamesOf(callOptions.tools);
  const breakpoints = new CacheBreakpoints({ warnings, requestLevel: extra?.cache_control !== undefined });
  const { system, messages } = convertToAnthropicMessages({
    prompt: callOptions.prompt,
    modelId: call.model,
    names,
    warnings,
    breakpoints,
  });
  const body: AnthropicRequestBody = {
    model: call.model,
    max_tokens: callOptions.maxOutputTokens ?? defaultMaxTokens,
    messages,
  };
  if (system !== undefined) body.system = system;
  for (const feature of samplingSettings) {
    if (callOptions[feature] !== undefined)
      warnings.push({
        type: 'unsupported',
        feature,
        details:
          'the Messages API takes no sampling parameters (set them in providerOptions.anthropic for a gateway that does)',
      });
  }
  if (callOptions.stopSequences !== undefined && callOptions.stopSequences.length > 0)
    body.stop_sequences = callOptions.stopSequences;
  if (callOptions.seed !== undefined) warnings.push({ type: 'unsupported', feature: 'seed' });
  if (callOptions.presencePenalty !== undefined)
    warnings.push({ type: 'unsupported', feature: 'presencePenalty' });
  if (callOptions.frequencyPenalty !== undefined)
    warnings.push({ type: 'unsupported', feature: 'frequencyPenalty' });
  if (callOptions.reasoning !== undefined && callOptions.reasoning !== 'provider-default') {
    warnings.push({
      type: 'unsupported',
      feature: 'reasoning',
      details: 'set thinking through providerOptions.anthropic',
    });
  }
  if (callOptions.responseFormat?.type === 'json') {
    if (callOptions.responseFormat.schema === undefined) {
      warnings.push({
        type: 'unsupported',
        feature: 'responseFormat',
        details: 'JSON output without a schema is not supported; send a schema',
      });
    } else {
      body.output_config = { format: { type: 'json_schema', schema: callOptions.responseFormat.schema } };
    }
  }
  const choice = callOptions.toolChoice;
  Object.assign(
    body,
    prepareAnthropicTools({
      tools: callOptions.tools,
      toolChoice:
        choice?.type === 'tool' ? { type: 'tool', toolName: names.apiName(choice.toolName) } : choice,
      warnings,
      modelId: call.model,
      breakpoints,
    }),
  );
  breakpoints.finish();
  if (extra !== undefined) {
    for (const [key, value] of Object.entries(extra)) {
      if (value === undefined) continue;
      if (key === 'output_config' && body.output_config !== undefined)
        body.output_config = { ...(body.output_config as object), ...(value as object) };
      else body[key] = value;
    }
  }
  return { body, warnings, names };
}
