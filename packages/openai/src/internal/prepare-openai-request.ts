import type { LanguageModelV4CallOptions, SharedV4Warning } from '@ai-sdk/provider';
import { type ProviderCall, parseProviderOptions } from '@switchyard/core/adapter';
import { openAIProviderOptionsSchema } from '../openai-provider-options.js';
import { convertToOpenAIChatMessages } from './convert-to-openai-chat-messages.js';

const reasoningEfforts = new Set(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']);

/** Fields the adapter owns besides model, messages and stream. */
const reserved = {
  stream_options: 'the adapter asks for usage in streams itself (stream_options.include_usage)',
  n: 'the adapter reads one choice; call it several times instead',
};

/** A Chat Completions request body, as the adapter builds it. */
export type OpenAIRequestBody = Record<string, unknown> & { model: string; messages: unknown[] };

/**
 * The Chat Completions request of a call: messages from the prompt, the
 * sampling settings, `max_completion_tokens`, reasoning effort, JSON output,
 * function tools and tool choice, then `providerOptions.openai` (validated)
 * over them; and a warning for every setting that cannot be sent.
 *
 * @param options.call the call, for errors.
 * @param options.callOptions the AI SDK call options.
 * @returns the body (without `stream`) and the warnings.
 * @throws ProviderError (`invalid_request`) for a prompt or provider options the adapter cannot send.
 */
export function prepareOpenAIRequest(options: {
  call: ProviderCall;
  callOptions: LanguageModelV4CallOptions;
}): {
  body: OpenAIRequestBody;
  warnings: SharedV4Warning[];
} {
  const { call, callOptions } = options;
  const extra = parseProviderOptions({
    call,
    key: 'openai',
    schema: openAIProviderOptionsSchema,
    providerOptions: callOptions.providerOptions,
    reserved,
  });
  const warnings: SharedV4Warning[] = [];
  if (callOptions.topK !== undefined)
    warnings.push({
      type: 'unsupported',
      feature: 'topK',
      details: 'Chat Completions has no top_k (servers that take one: providerOptions.openai.top_k)',
    });
  const body: OpenAIRequestBody = {
    model: call.model,
    messages: convertToOpenAIChatMessages({ prompt: callOptions.prompt, modelId: call.model, warnings }),
  };
  if (callOptions.maxOutputTokens !== undefined) body.max_completion_tokens = callOptions.maxOutputTokens;
  if (callOptions.temperature !== undefined) body.temperature = callOptions.temperature;
  if (callOptions.topP !== undefined) body.top_p = callOptions.topP;
  if (callOptions.stopSequences !== undefined && callOptions.stopSequences.length > 0)
    body.stop = callOptions.stopSequences;
  if (callOptions.seed !== undefined) body.seed = callOptions.seed;
  if (callOptions.presencePenalty !== undefined) body.presence_penalty = callOptions.presencePenalty;
  if (callOptions.frequencyPenalty !== undefined) body.frequency_penalty = callOptions.frequencyPenalty;
  if (callOptions.reasoning !== undefined && callOptions.reasoning !== 'provider-default') {
    if (reasoningEfforts.has(callOptions.reasoning)) body.reasoning_effort = callOptions.reasoning;
    else
      warnings.push({
        type: 'unsupported',
        feature: 'reasoning',
        details: `reasoning "${callOptions.reasoning}" has no Chat Completions effort; sent none`,
      });
  }
  if (callOptions.responseFormat?.type === 'json') {
    const format = callOptions.responseFormat;
    body.response_format =
      format.schema === undefined
        ? { type: 'json_object' }
        : {
            type: 'json_schema',
            json_schema: {
              name: format.name ?? 'response',
              ...(format.description === undefined ? {} : { description: format.description }),
              schema: format.schema,
              strict: false,
            },
          };
  }
  // With tool choice `none` the tools are not sent at all, so the model cannot call one.
  if (
    callOptions.tools !== undefined &&
    callOptions.tools.length > 0 &&
    callOptions.toolChoice?.type !== 'none'
  ) {
    const tools: Record<string, unknown>[] = [];
    for (const tool of callOptions.tools) {
      if (tool.type !== 'function') {
        warnings.push({ type: 'unsupported', feature: `provider-defined tool ${tool.id}` });
        continue;
      }
      tools.push({
        type: 'function',
        function: {
          name: tool.name,
          ...(tool.description === undefined ? {} : { description: tool.description }),
          parameters: tool.inputSchema,
          ...(tool.strict === undefined ? {} : { strict: tool.strict }),
        },
      });
    }
    if (tools.length > 0) {
      body.tools = tools;
      const choice = callOptions.toolChoice;
      if (choice !== undefined) {
        body.tool_choice =
          choice.type === 'tool' ? { type: 'function', function: { name: choice.toolName } } : choice.type;
      }
    }
  }
  if (extra !== undefined) {
    for (const [key, value] of Object.entries(extra)) if (value !== undefined) body[key] = value;
    // A server that takes only the legacy max_tokens gets just that one.
    if (extra.max_tokens !== undefined && extra.max_completion_tokens === undefined)
      delete body.max_completion_tokens;
  }
  return { body, warnings };
}
