import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4FinishReason,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
  LanguageModelV4Usage,
  SharedV4Warning,
} from '@ai-sdk/provider';
import { ProviderError } from '@switchyard/core';
import { type ChatRequest, type ChatResponse, Ollama, type Tool } from 'ollama';
import { classifyOllamaError } from './classify-ollama-error.js';
import { convertToOllamaMessages } from './convert-to-ollama-messages.js';

/** What the adapter needs to build a per-request client. */
export interface OllamaClientConfig {
  readonly host: string;
  readonly headers: Readonly<Record<string, string>> | undefined;
  readonly fetch: typeof fetch;
}

/** Unified AI SDK finish reason of an Ollama `done_reason`. */
export function mapOllamaDoneReason(
  raw: string | undefined,
  hasToolCalls: boolean,
): LanguageModelV4FinishReason {
  if (hasToolCalls && (raw === 'stop' || raw === undefined || raw === ''))
    return { unified: 'tool-calls', raw };
  if (raw === 'stop') return { unified: 'stop', raw };
  if (raw === 'length') return { unified: 'length', raw };
  return { unified: 'other', raw: raw || undefined };
}

/** AI SDK usage of Ollama's `prompt_eval_count` / `eval_count` (Ollama reports no cache or reasoning split). */
export function mapOllamaUsage(response: Partial<ChatResponse> | undefined): LanguageModelV4Usage {
  const input = response?.prompt_eval_count;
  const output = response?.eval_count;
  return {
    inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: output, text: output, reasoning: undefined },
    ...(response === undefined
      ? {}
      : {
          raw: {
            prompt_eval_count: input ?? null,
            eval_count: output ?? null,
            total_duration: response.total_duration ?? null,
            eval_duration: response.eval_duration ?? null,
          },
        }),
  };
}

const thinkLevels = new Set(['low', 'medium', 'high']);

/**
 * An Ollama `/api/chat` model over the official `ollama` client, as an AI SDK
 * `LanguageModelV4`. Build it with `createOllama(...).languageModel(id)`.
 * Every failure is thrown (or streamed) as a core `ProviderError` classified
 * by {@link classifyOllamaError}.
 *
 * The `ollama` client has no per-request abort signal, so each call uses a
 * light client whose `fetch` carries the call's signal (and captures the
 * response headers for `retry-after`).
 */
export class OllamaChatLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = 'v4';
  readonly provider: string;
  readonly modelId: string;
  readonly supportedUrls: Record<string, RegExp[]> = {};
  readonly #config: OllamaClientConfig;

  constructor(options: { modelId: string; config: OllamaClientConfig; provider: string }) {
    this.modelId = options.modelId;
    this.#config = options.config;
    this.provider = options.provider;
  }

  #fail(error: unknown, headers?: Headers): ProviderError {
    if (ProviderError.isInstance(error)) return error;
    const failure = classifyOllamaError(error, headers === undefined ? {} : { headers });
    return new ProviderError({ provider: this.provider, model: this.modelId, failure, cause: error });
  }

  #client(options: LanguageModelV4CallOptions, seen: { headers?: Headers }): Ollama {
    const signal = options.abortSignal;
    const base = this.#config.fetch;
    const fetchWithSignal: typeof fetch = async (input, init) => {
      const combined =
        signal === undefined ? init?.signal : init?.signal ? AbortSignal.any([init.signal, signal]) : signal;
      const response = await base(input, { ...init, ...(combined ? { signal: combined } : {}) });
      if (!response.ok) seen.headers = response.headers;
      return response;
    };
    const headers =
      options.headers === undefined
        ? this.#config.headers
        : { ...this.#config.headers, ...definedHeaders(options.headers) };
    return new Ollama({
      host: this.#config.host,
      fetch: fetchWithSignal,
      ...(headers === undefined ? {} : { headers }),
    });
  }

  #prepare(options: LanguageModelV4CallOptions): { body: ChatRequest; warnings: SharedV4Warning[] } {
    const warnings: SharedV4Warning[] = [];
    const modelOptions: NonNullable<ChatRequest['options']> = {};
    if (options.temperature !== undefined) modelOptions.temperature = options.temperature;
    if (options.topP !== undefined) modelOptions.top_p = options.topP;
    if (options.topK !== undefined) modelOptions.top_k = options.topK;
    if (options.maxOutputTokens !== undefined) modelOptions.num_predict = options.maxOutputTokens;
    if (options.stopSequences !== undefined && options.stopSequences.length > 0)
      modelOptions.stop = options.stopSequences;
    if (options.seed !== undefined) modelOptions.seed = options.seed;
    if (options.presencePenalty !== undefined) modelOptions.presence_penalty = options.presencePenalty;
    if (options.frequencyPenalty !== undefined) modelOptions.frequency_penalty = options.frequencyPenalty;
    const body: ChatRequest = {
      model: this.modelId,
      messages: convertToOllamaMessages({ prompt: options.prompt, modelId: this.modelId }),
    };
    if (Object.keys(modelOptions).length > 0) body.options = modelOptions;
    if (options.responseFormat?.type === 'json') body.format = options.responseFormat.schema ?? 'json';
    if (options.reasoning !== undefined && options.reasoning !== 'provider-default') {
      body.think =
        options.reasoning === 'none'
          ? false
          : thinkLevels.has(options.reasoning)
            ? (options.reasoning as 'low')
            : true;
    }
    const choice = options.toolChoice;
    if (options.tools !== undefined && options.tools.length > 0 && choice?.type !== 'none') {
      const tools: Tool[] = [];
      for (const tool of options.tools) {
        if (tool.type !== 'function') {
          warnings.push({ type: 'unsupported', feature: `provider-defined tool ${tool.id}` });
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
          details: `Ollama cannot force a tool call; ${choice.type === 'tool' ? 'only the named tool is offered' : 'the tools are offered'}`,
        });
      }
    }
    const extra = options.providerOptions?.ollama as Partial<ChatRequest> | undefined;
    if (extra !== undefined) {
      const { options: extraOptions, ...rest } = extra;
      Object.assign(body, rest);
      if (extraOptions !== undefined) body.options = { ...body.options, ...extraOptions };
    }
    return { body, warnings };
  }

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const { body, warnings } = this.#prepare(options);
    const seen: { headers?: Headers } = {};
    let response: ChatResponse;
    try {
      response = await this.#client(options, seen).chat({ ...body, stream: false });
    } catch (error) {
      throw this.#fail(
        options.abortSignal?.aborted ? Object.assign(new Error('aborted'), { name: 'AbortError' }) : error,
        seen.headers,
      );
    }
    const content: LanguageModelV4Content[] = [];
    if (response.message.thinking) content.push({ type: 'reasoning', text: response.message.thinking });
    if (response.message.content) content.push({ type: 'text', text: response.message.content });
    const toolCalls = response.message.tool_calls ?? [];
    toolCalls.forEach((call, index) => {
      content.push({
        type: 'tool-call',
        toolCallId: `call-${index}`,
        toolName: call.function.name,
        input: JSON.stringify(call.function.arguments ?? {}),
      });
    });
    return {
      content,
      finishReason: mapOllamaDoneReason(response.done_reason, toolCalls.length > 0),
      usage: mapOllamaUsage(response),
      warnings,
      request: { body: { ...body, stream: false } },
      response: { modelId: response.model, timestamp: new Date(response.created_at), body: response },
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const { body, warnings } = this.#prepare(options);
    const seen: { headers?: Headers } = {};
    const signal = options.abortSignal;
    let parts: AsyncIterator<ChatResponse>;
    let abortStream: () => void;
    try {
      const iterator = await this.#client(options, seen).chat({ ...body, stream: true });
      parts = iterator[Symbol.asyncIterator]();
      abortStream = () => iterator.abort();
    } catch (error) {
      throw this.#fail(
        signal?.aborted ? Object.assign(new Error('aborted'), { name: 'AbortError' }) : error,
        seen.headers,
      );
    }
    const includeRaw = options.includeRawChunks === true;
    const fail = (error: unknown) => this.#fail(error);
    let metadataSent = false;
    let textOpen = false;
    let reasoningOpen = false;
    let toolCount = 0;
    const stream = new ReadableStream<LanguageModelV4StreamPart>({
      start(controller) {
        controller.enqueue({ type: 'stream-start', warnings });
      },
      async pull(controller) {
        const closeOpen = () => {
          if (reasoningOpen) controller.enqueue({ type: 'reasoning-end', id: 'reasoning-0' });
          if (textOpen) controller.enqueue({ type: 'text-end', id: '0' });
          reasoningOpen = false;
          textOpen = false;
        };
        try {
          const next = await parts.next();
          if (next.done) {
            // The client throws when the stream ends without `done`; reaching here means it ended after `done`.
            closeOpen();
            controller.close();
            return;
          }
          const chunk = next.value;
          if (includeRaw) controller.enqueue({ type: 'raw', rawValue: chunk });
          if (!metadataSent) {
            metadataSent = true;
            controller.enqueue({
              type: 'response-metadata',
              modelId: chunk.model,
              timestamp: new Date(chunk.created_at),
            });
          }
          const message = chunk.message;
          if (message?.thinking) {
            if (!reasoningOpen) {
              reasoningOpen = true;
              controller.enqueue({ type: 'reasoning-start', id: 'reasoning-0' });
            }
            controller.enqueue({ type: 'reasoning-delta', id: 'reasoning-0', delta: message.thinking });
          }
          if (message?.content) {
            if (!textOpen) {
              textOpen = true;
              controller.enqueue({ type: 'text-start', id: '0' });
            }
            controller.enqueue({ type: 'text-delta', id: '0', delta: message.content });
          }
          for (const call of message?.tool_calls ?? []) {
            const id = `call-${toolCount++}`;
            const input = JSON.stringify(call.function.arguments ?? {});
            controller.enqueue({ type: 'tool-input-start', id, toolName: call.function.name });
            controller.enqueue({ type: 'tool-input-delta', id, delta: input });
            controller.enqueue({ type: 'tool-input-end', id });
            controller.enqueue({ type: 'tool-call', toolCallId: id, toolName: call.function.name, input });
          }
          if (chunk.done) {
            closeOpen();
            controller.enqueue({
              type: 'finish',
              finishReason: mapOllamaDoneReason(chunk.done_reason, toolCount > 0),
              usage: mapOllamaUsage(chunk),
            });
            controller.close();
            await parts.return?.();
          }
        } catch (error) {
          closeOpen();
          const aborted = signal?.aborted || (error instanceof Error && error.name === 'AbortError');
          controller.enqueue({
            type: 'error',
            error: fail(aborted ? Object.assign(new Error('aborted'), { name: 'AbortError' }) : error),
          });
          controller.close();
        }
      },
      cancel() {
        abortStream();
      },
    });
    return { stream, request: { body: { ...body, stream: true } } };
  }
}

function definedHeaders(headers: Record<string, string | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) result[name] = value;
  return result;
}
