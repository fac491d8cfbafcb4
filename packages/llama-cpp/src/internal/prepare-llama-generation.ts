import type { JSONSchema7, LanguageModelV4CallOptions, SharedV4Warning } from '@ai-sdk/provider';
import { callFailure, type ProviderCall, parseProviderOptions } from '@switchyard/core/adapter';
import type {
  ChatHistoryItem,
  ChatModelFunctions,
  GbnfJsonSchema,
  LLamaChatGenerateResponseOptions,
} from 'node-llama-cpp';
import { llamaCppProviderOptionsSchema } from '../llama-cpp-provider-options.js';
import { convertToGbnfJsonSchema } from './convert-to-gbnf-json-schema.js';
import { convertToLlamaChatHistory } from './convert-to-llama-chat-history.js';

/** How the answer is constrained. */
export type LlamaOutputMode =
  /** Free text (and, with `functions`, the chat template's own tool calls). */
  | { readonly type: 'text' }
  /** JSON by grammar: `schema` absent means any JSON value. */
  | { readonly type: 'json'; readonly schema: GbnfJsonSchema | undefined }
  /** A forced tool call: `{"name": ..., "arguments": ...}` by grammar, one of `tools`. */
  | { readonly type: 'tool'; readonly schema: GbnfJsonSchema };

/** What one call asks of the engine, ready for `LlamaChat.generateResponse`. */
export interface LlamaGeneration {
  readonly history: ChatHistoryItem[];
  /** Sampling and stop options (no grammar, functions, signal or callbacks yet). */
  readonly options: Omit<LLamaChatGenerateResponseOptions, 'grammar' | 'functions' | 'signal'>;
  /** Tools the model may call in its own template (`toolChoice` auto). */
  readonly functions: ChatModelFunctions | undefined;
  readonly mode: LlamaOutputMode;
  readonly warnings: SharedV4Warning[];
  /** The request as recorded in `request.body` (no prompt text, which the caller has). */
  readonly body: Record<string, unknown>;
}

/**
 * Maps AI SDK call options to a node-llama-cpp generation: the chat history,
 * sampling (`temperature`, `topP`, `topK`, `seed`; no temperature means greedy
 * decoding, which is deterministic), `maxOutputTokens`, `stopSequences`,
 * presence and frequency penalties, `providerOptions['llama-cpp']` (validated
 * by `parseProviderOptions` first: `minP`), and the output mode: free text, JSON (any,
 * or of a schema) or a forced tool call, each enforced by a grammar built
 * from the JSON Schema. Tools with `toolChoice` `auto` are offered through
 * the chat template; `none` offers nothing. Whatever is not supported is a
 * warning (`reasoning`, HTTP headers, provider-defined tools, schema keywords a grammar
 * cannot enforce, a JSON response format together with offered tools).
 *
 * @param options.call the call, for errors.
 * @param options.callOptions the AI SDK call options.
 * @returns the generation.
 * @throws ProviderError (`invalid_request`) for a prompt llama.cpp cannot take, provider options it does not
 *   know, or a `toolChoice` that forces a call of no function tool of the call (`invalid_tool_choice`).
 * @example
 * ```ts
 * prepareLlamaGeneration({ call: { provider: 'llama-cpp', model: 'tiny.gguf' }, callOptions: { prompt, temperature: 0.7, seed: 1 } });
 * ```
 */
export function prepareLlamaGeneration(options: {
  call: ProviderCall;
  callOptions: LanguageModelV4CallOptions;
}): LlamaGeneration {
  const { call, callOptions } = options;
  const extra = parseProviderOptions({
    call,
    key: 'llama-cpp',
    schema: llamaCppProviderOptionsSchema,
    providerOptions: callOptions.providerOptions,
  });
  const warnings: SharedV4Warning[] = [];
  const history = convertToLlamaChatHistory({
    prompt: callOptions.prompt,
    modelId: call.model,
    provider: call.provider,
    warnings,
  });
  const generation: LlamaGeneration['options'] & Record<string, unknown> = {};
  if (callOptions.temperature !== undefined) generation.temperature = callOptions.temperature;
  if (callOptions.topP !== undefined) generation.topP = callOptions.topP;
  if (callOptions.topK !== undefined) generation.topK = callOptions.topK;
  if (callOptions.seed !== undefined) generation.seed = callOptions.seed;
  if (callOptions.maxOutputTokens !== undefined) generation.maxTokens = callOptions.maxOutputTokens;
  if (callOptions.stopSequences !== undefined && callOptions.stopSequences.length > 0)
    generation.customStopTriggers = callOptions.stopSequences;
  if (callOptions.presencePenalty !== undefined || callOptions.frequencyPenalty !== undefined) {
    generation.repeatPenalty = {
      ...(callOptions.presencePenalty === undefined ? {} : { presencePenalty: callOptions.presencePenalty }),
      ...(callOptions.frequencyPenalty === undefined
        ? {}
        : { frequencyPenalty: callOptions.frequencyPenalty }),
    };
  }
  // The AI SDK sends its user-agent with every call: only the caller's own headers are news.
  const headers = Object.entries(callOptions.headers ?? {}).flatMap(([name, value]) =>
    value === undefined || name.toLowerCase() === 'user-agent' ? [] : [name],
  );
  if (headers.length > 0) {
    warnings.push({
      type: 'unsupported',
      feature: 'headers',
      details: `llama.cpp runs in this process: no HTTP request carries ${headers.join(', ')}`,
    });
  }
  if (callOptions.reasoning !== undefined && callOptions.reasoning !== 'provider-default') {
    warnings.push({
      type: 'unsupported',
      feature: 'reasoning',
      details: 'the model thinks as its chat template says; thoughts come back as reasoning',
    });
  }

  let mode: LlamaOutputMode = { type: 'text' };
  let functions: Record<string, ChatModelFunctions[string]> | undefined;
  const choice = callOptions.toolChoice;
  const tools = callOptions.tools === undefined || choice?.type === 'none' ? [] : callOptions.tools;
  const offered: { name: string; description?: string; params: GbnfJsonSchema }[] = [];
  for (const tool of tools) {
    if (tool.type !== 'function') {
      warnings.push({
        type: 'unsupported',
        feature: `provider-defined tool ${tool.id}`,
        details: 'llama.cpp takes function tools only',
      });
      continue;
    }
    if (choice?.type === 'tool' && tool.name !== choice.toolName) continue;
    offered.push({
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      params: grammarSchema(tool.inputSchema, `tool ${tool.name}`, warnings),
    });
  }
  if (offered.length === 0 && (choice?.type === 'required' || choice?.type === 'tool')) {
    // A forced call of no tool: fail before any work rather than answer in free text.
    const functionTools = tools.flatMap((tool) => (tool.type === 'function' ? [tool.name] : []));
    const have = functionTools.length === 0 ? 'none' : functionTools.join(', ');
    throw callFailure(call, {
      kind: 'invalid_request',
      code: 'invalid_tool_choice',
      message:
        choice.type === 'tool'
          ? `toolChoice names tool ${JSON.stringify(choice.toolName)}, which is not a function tool of the call (function tools: ${have})`
          : 'toolChoice is required, but the call offers no function tool (llama.cpp takes function tools only)',
    });
  }
  if (offered.length > 0 && (choice?.type === 'required' || choice?.type === 'tool')) {
    mode = {
      type: 'tool',
      schema: {
        oneOf: offered.map((tool) => ({
          type: 'object',
          properties: { name: { const: tool.name }, arguments: tool.params },
          required: ['name', 'arguments'],
        })),
      } as GbnfJsonSchema,
    };
  } else if (offered.length > 0) {
    functions = {};
    for (const tool of offered)
      functions[tool.name] = {
        params: tool.params,
        ...(tool.description === undefined ? {} : { description: tool.description }),
      };
  }
  if (callOptions.responseFormat?.type === 'json') {
    if (mode.type === 'text' && functions === undefined) {
      const schema = callOptions.responseFormat.schema;
      mode = {
        type: 'json',
        schema: schema === undefined ? undefined : grammarSchema(schema, 'responseFormat', warnings),
      };
    } else {
      warnings.push({
        type: 'unsupported',
        feature: 'responseFormat',
        details: 'a JSON response format is not enforced while tools are offered (one grammar per call)',
      });
    }
  }
  if (extra?.minP !== undefined) generation.minP = extra.minP;
  return {
    history,
    options: generation,
    functions,
    mode,
    warnings,
    body: {
      ...generation,
      mode: mode.type,
      ...(functions === undefined ? {} : { functions: Object.keys(functions) }),
    },
  };
}

function grammarSchema(schema: JSONSchema7, feature: string, warnings: SharedV4Warning[]): GbnfJsonSchema {
  const converted = convertToGbnfJsonSchema(schema);
  if (converted.unenforced.length > 0) {
    warnings.push({
      type: 'compatibility',
      feature: `${feature} schema`,
      details: `not enforced by the grammar: ${converted.unenforced.join('; ')}`,
    });
  }
  return converted.schema;
}
