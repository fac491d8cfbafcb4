import type { JSONSchema7, LanguageModelV4CallOptions, SharedV4Warning } from '@ai-sdk/provider';
import type {
  ChatHistoryItem,
  ChatModelFunctions,
  GbnfJsonSchema,
  LLamaChatGenerateResponseOptions,
} from 'node-llama-cpp';
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
 * presence and frequency penalties, and the output mode: free text, JSON (any,
 * or of a schema) or a forced tool call, each enforced by a grammar built
 * from the JSON Schema. Tools with `toolChoice` `auto` are offered through
 * the chat template; `none` offers nothing. Whatever is not supported is a
 * warning (`reasoning`, provider-defined tools, schema keywords a grammar
 * cannot enforce, a JSON response format together with offered tools).
 *
 * @param options.call the call options.
 * @param options.modelId the model id, for errors.
 * @param options.provider the provider name, for errors.
 * @returns the generation.
 * @throws ProviderError (`invalid_request`) for a prompt llama.cpp cannot take.
 * @example
 * ```ts
 * prepareLlamaGeneration({ call: { prompt, temperature: 0.7, seed: 1 }, modelId: 'tiny.gguf', provider: 'llama-cpp' });
 * ```
 */
export function prepareLlamaGeneration({
  call,
  modelId,
  provider,
}: {
  call: LanguageModelV4CallOptions;
  modelId: string;
  provider: string;
}): LlamaGeneration {
  const warnings: SharedV4Warning[] = [];
  const history = convertToLlamaChatHistory({ prompt: call.prompt, modelId, provider });
  const options: LlamaGeneration['options'] & Record<string, unknown> = {};
  if (call.temperature !== undefined) options.temperature = call.temperature;
  if (call.topP !== undefined) options.topP = call.topP;
  if (call.topK !== undefined) options.topK = call.topK;
  if (call.seed !== undefined) options.seed = call.seed;
  if (call.maxOutputTokens !== undefined) options.maxTokens = call.maxOutputTokens;
  if (call.stopSequences !== undefined && call.stopSequences.length > 0)
    options.customStopTriggers = call.stopSequences;
  if (call.presencePenalty !== undefined || call.frequencyPenalty !== undefined) {
    options.repeatPenalty = {
      ...(call.presencePenalty === undefined ? {} : { presencePenalty: call.presencePenalty }),
      ...(call.frequencyPenalty === undefined ? {} : { frequencyPenalty: call.frequencyPenalty }),
    };
  }
  if (call.reasoning !== undefined && call.reasoning !== 'provider-default') {
    warnings.push({
      type: 'unsupported',
      feature: 'reasoning',
      details: 'the model thinks as its chat template says; thoughts come back as reasoning',
    });
  }

  let mode: LlamaOutputMode = { type: 'text' };
  let functions: Record<string, ChatModelFunctions[string]> | undefined;
  const choice = call.toolChoice;
  const tools = call.tools === undefined || choice?.type === 'none' ? [] : call.tools;
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
  if (call.responseFormat?.type === 'json') {
    if (mode.type === 'text' && functions === undefined) {
      const schema = call.responseFormat.schema;
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
  const extra = call.providerOptions?.['llama-cpp'];
  if (extra !== undefined) {
    for (const key of Object.keys(extra)) {
      const value = extra[key];
      if (key === 'minP' && typeof value === 'number') options.minP = value;
      else
        warnings.push({
          type: 'unsupported',
          feature: `providerOptions.llama-cpp.${key}`,
          details: 'the only provider option is minP (a number between 0 and 1)',
        });
    }
  }
  return {
    history,
    options,
    functions,
    mode,
    warnings,
    body: {
      ...options,
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
