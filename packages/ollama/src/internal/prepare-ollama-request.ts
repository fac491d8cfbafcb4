import type { LanguageModelV4CallOptions, SharedV4Warning } from '@ai-sdk/provider';
import { type ProviderCall, parseProviderOptions } from '@switchyard/core/adapter';
import type { ChatRequest, Tool } from 'ollama';
import { ollamaProviderOptionsSchema } from '../ollama-provider-options.js';
import { convertToOllamaMessages, type OllamaWireMessage } from './convert-to-ollama-messages.js';

const thinkLevels: Readonly<Record<string, boolean | 'low' | 'medium' | 'high'>> = {
  none: false,
  minimal: 'low',
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'high',
  max: 'high',
};

/** An `/api/chat` request body, as the adapter builds it. */
export type OllamaRequestBody = Omit<ChatRequest, 'messages'> & { messages: OllamaWireMessage[] };

/**
 * The `/api/chat` request of a call: messages from the prompt, model options
 * (`temperature`, `top_p`, `top_k`, `num_predict`, `stop`, `seed`,
 * penalties), `think` from the call's reasoning, `format` from its response
 * format, function tools, then `providerOptions.ollama` (validated; its
 * `options` merged into the model options); and a warning for every setting
 * that cannot be sent as asked.
 *
 * @param options.call the call, for errors.
 * @param options.callOptions the AI SDK call options.
 * @returns the body (without `stream`) and the warnings.
 * @throws ProviderError (`invalid_request`) for a prompt or provider options the adapter cannot send.
 */
export function prepareOllamaRequest(options: {
  call: ProviderCall;
  callOptions: LanguageModelV4CallOptions;
}): {
  body: OllamaRequestBody;
  warnings: SharedV4Warning[];
} {
  const { call, callOptions } = options;
  const extra = parseProviderOptions({
    call,
    key: 'ollama',
    schema: ollamaProviderOptionsSchema,
    providerOptions: callOptions.providerOptions,
  });
  const warnings: SharedV4Warning[] = [];
  const modelOptions: Record<string, unknown> = {};
  if (callOptions.temperature !== undefined) modelOptions.temperature = callOptions.temperature;
  if (callOptions.topP !== undefined) modelOptions.top_p = callOptions.topP;
  if (callOptions.topK !== undefined) modelOptions.top_k = callOptions.topK;
  if (callOptions.maxOutputTokens !== undefined) modelOptions.num_predict = callOptions.maxOutputTokens;
  if (callOptions.stopSequences !== undefined && callOptions.stopSequences.length > 0)
    modelOptions.stop = callOptions.stopSequences;
  if (callOptions.seed !== undefined) modelOptions.seed = callOptions.seed;
  if (callOptions.presencePenalty !== undefined) modelOptions.presence_penalty = callOptions.presencePenalty;
  if (callOptions.frequencyPenalty !== undefined)
    modelOptions.frequency_penalty = callOptions.frequencyPenalty;
  const body: OllamaRequestBody = {
    model: call.model,
    messages: convertToOllamaMessages({
      prompt: callOptions.prompt,
      modelId: call.model,
      provider: call.provider,
      warnings,
    }),
  };
  if (callOptions.responseFormat?.type === 'json')
    body.format = (callOptions.responseFormat.schema as ChatRequest['format']) ?? 'json';
  const reasoning = callOptions.reasoning;
  if (reasoning !== undefined && reasoning !== 'provider-default') {
    const think = thinkLevels[reasoning] ?? true;
    body.think = think;
    if (think !== reasoning && reasoning !== 'none') {
      warnings.push({
        type: 'compatibility',
        feature: 'reasoning',
        details: `Ollama has no reasoning level ${reasoning}; sent think: ${JSON.stringify(think)}`,
      });
    }
  }
  const choice = callOptions.toolChoice;
  if (callOptions.tools !== undefined && callOptions.tools.length > 0 && choice?.type !== 'none') {
    const tools: Tool[] = [];
    for (const tool of callOptions.tools) {
      if (tool.type !== 'function') {
        warnings.push({
          type: 'unsupported',
          feature: `provider-defined tool ${tool.id}`,
          details: 'Ollama takes function tools only',
        });
        continue;
      }
      if (choice?.type === 'tool' && tool.name !== choice.toolName) continue;
      tools.push({
        type: 'function',
        function: {
          name: tool.name,
          ...(tool.description === undefined ? {} : { description: tool.description }),
          parameters: tool.inputSchema as NonNullable<Tool['function']['parameters']>,
        },
      });
    }
    if (tools.length > 0) body.tools = tools;
    if (choice?.type === 'required' || choice?.type === 'tool') {
      warnings.push({
        type: 'compatibility',
        feature: 'toolChoice',
        details: `Ollama cannot force a tool call; ${choice.type === 'tool' ? `only ${choice.toolName} is offered` : 'the tools are offered'}`,
      });
    }
  }
  if (extra !== undefined) {
    const { options: extraOptions, ...fields } = extra;
    if (extraOptions !== undefined) Object.assign(modelOptions, extraOptions);
    for (const [key, value] of Object.entries(fields))
      if (value !== undefined) (body as unknown as Record<string, unknown>)[key] = value;
  }
  if (Object.keys(modelOptions).length > 0) body.options = modelOptions as ChatRequest['options'];
  return { body, warnings };
}
