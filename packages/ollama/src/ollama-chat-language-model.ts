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
import { abortFailure } from '@switchyard/core/failure';
import { type ChatRequest, type ChatResponse, Ollama, type Tool } from 'ollama';
import { checkNdjsonFraming } from './check-ndjson-framing.js';
import { classifyOllamaError } from './classify-ollama-error.js';
import { convertToOllamaMessages, type OllamaWireMessage } from './convert-to-ollama-messages.js';

/** What the adapter needs to build a per-request client. */
export interface OllamaClientConfig {
  /** The server URL, as the `ollama` client formats it (`http://127.0.0.1:11434`). */
  readonly host: string;
  /** Headers sent with every request. */
  readonly headers: Readonly<Record<string, string>> | undefined;
  /** The `fetch` every request goes through. */
  readonly fetch: typeof fetch;
}

type ChatBody = Omit<ChatRequest, 'messages'> & { messages: OllamaWireMessage[] };
type WireToolCall = NonNullable<OllamaWireMessage['tool_calls']>[number];
type Controller = ReadableStreamDefaultController<LanguageModelV4StreamPart>;

/**
 * Unified AI SDK finish reason of an Ollama `done_reason`. Ollama says `stop`
 * after a tool call too, so a tool call turns `stop` into `tool-calls`.
 *
 * @param raw the `done_reason` (`stop`, `length`, `load`, `unload`), when sent.
 * @param hasToolCalls whether the answer called a tool.
 * @returns the finish reason, with the raw value.
 * @example
 * ```ts
 * mapOllamaDoneReason('length', false); // { unified: 'length', raw: 'length' }
 * ```
 */
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

/**
 * AI SDK usage of Ollama's `prompt_eval_count` (input) and `eval_count`
 * (output). Ollama reports no cache split, and counts thinking inside
 * `eval_count` without a separate figure, so those stay `undefined`.
 *
 * @param response the final (`done: true`) response.
 * @returns the usage, with the raw counts and durations.
 * @example
 * ```ts
 * mapOllamaUsage({ prompt_eval_count: 12, eval_count: 5 }).outputTokens.total; // 5
 * ```
 */
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
            load_duration: response.load_duration ?? null,
            prompt_eval_duration: response.prompt_eval_duration ?? null,
            eval_duration: response.eval_duration ?? null,
          },
        }),
  };
}

const thinkLevels: Readonly<Record<string, boolean | 'low' | 'medium' | 'high'>> = {
  none: false,
  minimal: 'low',
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'high',
  max: 'high',
};

/** Body fields the adapter sets itself; `providerOptions.ollama` cannot override them. */
const ownedFields = new Set(['model', 'messages', 'stream']);

/** What one call saw of the HTTP exchange (the `ollama` client drops headers). */
interface Exchange {
  headers?: Headers;
}

/**
 * An Ollama `/api/chat` model over the official `ollama` client, as an AI SDK
 * `LanguageModelV4`. Build it with `createOllama(...).languageModel(id)`.
 * Every failure is thrown (or streamed) as a core `ProviderError` classified
 * by {@link classifyOllamaError}.
 *
 * The `ollama` client takes no per-request abort signal (and its `abort()`
 * ends every stream of the client), so each call uses its own light client
 * whose `fetch` carries that call's signal, captures the response headers (for
 * `retry-after`) and checks the NDJSON framing of streams. One call's abort
 * never reaches another call.
 *
 * @example
 * ```ts
 * const model = createOllama().languageModel('llama3.2');
 * const { content } = await model.doGenerate({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] });
 * ```
 */
export class OllamaChatLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = 'v4';
  readonly provider: string;
  readonly modelId: string;
  /** None: the AI SDK downloads image URLs and passes the bytes, which Ollama takes inline. */
  readonly supportedUrls: Record<string, RegExp[]> = {};
  readonly #config: OllamaClientConfig;

  constructor(options: { modelId: string; config: OllamaClientConfig; provider: string }) {
    this.modelId = options.modelId;
    this.#config = options.config;
    this.provider = options.provider;
  }

  /** The `ProviderError` of what the client threw; an aborted signal's reason decides over the client's error. */
  #fail(error: unknown, signal: AbortSignal | undefined, headers?: Headers): ProviderError {
    if (ProviderError.isInstance(error)) return error;
    return new ProviderError({
      provider: this.provider,
      model: this.modelId,
      failure: signal?.aborted
        ? abortFailure(signal.reason)
        : classifyOllamaError(error, headers === undefined ? {} : { headers }),
      cause: error,
    });
  }

  #client(options: LanguageModelV4CallOptions, stream: boolean, exchange: Exchange): Ollama {
    const signal = options.abortSignal;
    const base = this.#config.fetch;
    const fetchForCall: typeof fetch = async (input, init) => {
      // Streams carry the client's own signal (iterator.abort()); join it with the call's.
      const own = init?.signal ?? undefined;
      const joined = signal === undefined ? own : own === undefined ? signal : AbortSignal.any([own, signal]);
      const response = await base(input, joined === undefined ? init : { ...init, signal: joined });
      exchange.headers = response.headers;
      if (!stream || !response.ok || response.body === null) return response;
      return new Response(checkNdjsonFraming(response.body), {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    };
    const headers =
      options.headers === undefined
        ? this.#config.headers
        : { ...this.#config.headers, ...definedHeaders(options.headers) };
    return new Ollama({
      host: this.#config.host,
      fetch: fetchForCall,
      ...(headers === undefined ? {} : { headers }),
    });
  }

  #prepare(options: LanguageModelV4CallOptions): { body: ChatBody; warnings: SharedV4Warning[] } {
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
    const body: ChatBody = {
      model: this.modelId,
      messages: convertToOllamaMessages({
        prompt: options.prompt,
        modelId: this.modelId,
        provider: this.provider,
      }),
    };
    if (options.responseFormat?.type === 'json') body.format = options.responseFormat.schema ?? 'json';
    const reasoning = options.reasoning;
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
    const choice = options.toolChoice;
    if (options.tools !== undefined && options.tools.length > 0 && choice?.type !== 'none') {
      const tools: Tool[] = [];
      for (const tool of options.tools) {
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
    const extra = options.providerOptions?.ollama;
    if (extra !== undefined) {
      for (const key in extra) {
        const value = extra[key];
        if (ownedFields.has(key)) {
          warnings.push({
            type: 'unsupported',
            feature: `providerOptions.ollama.${key}`,
            details: 'set by the adapter from the call (model id, prompt, generateText/streamText)',
          });
        } else if (key === 'options') {
          if (value === null || typeof value !== 'object' || Array.isArray(value)) {
            throw new ProviderError({
              provider: this.provider,
              model: this.modelId,
              failure: {
                kind: 'invalid_request',
                code: 'invalid_provider_options',
                message: `providerOptions.ollama.options must be an object of Ollama model options (e.g. { num_ctx: 8192 }); got ${JSON.stringify(value)}`,
              },
            });
          }
          Object.assign(modelOptions, value);
        } else (body as unknown as Record<string, unknown>)[key] = value;
      }
    }
    if (Object.keys(modelOptions).length > 0) body.options = modelOptions;
    return { body, warnings };
  }

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const { body, warnings } = this.#prepare(options);
    const request = { ...body, stream: false as const };
    const exchange: Exchange = {};
    let response: ChatResponse;
    try {
      response = await this.#client(options, false, exchange).chat(
        request as ChatRequest & { stream: false },
      );
    } catch (error) {
      throw this.#fail(error, options.abortSignal, exchange.headers);
    }
    const content: LanguageModelV4Content[] = [];
    const message = response.message;
    if (message.thinking) content.push({ type: 'reasoning', text: message.thinking });
    if (message.content) content.push({ type: 'text', text: message.content });
    const toolCalls = (message.tool_calls ?? []) as WireToolCall[];
    for (let index = 0; index < toolCalls.length; index++) {
      const call = toolCalls[index] as WireToolCall;
      content.push({
        type: 'tool-call',
        toolCallId: call.id ?? toolCallId(index),
        toolName: call.function.name,
        input: JSON.stringify(call.function.arguments ?? {}),
      });
    }
    return {
      content,
      finishReason: mapOllamaDoneReason(response.done_reason, toolCalls.length > 0),
      usage: mapOllamaUsage(response),
      warnings,
      request: { body: request },
      response: {
        modelId: response.model,
        timestamp: new Date(response.created_at),
        ...(exchange.headers === undefined ? {} : { headers: Object.fromEntries(exchange.headers) }),
        body: response,
      },
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const { body, warnings } = this.#prepare(options);
    const request = { ...body, stream: true as const };
    const exchange: Exchange = {};
    const signal = options.abortSignal;
    let parts: AsyncIterator<ChatResponse>;
    let abortRequest: () => void;
    try {
      const iterator = await this.#client(options, true, exchange).chat(
        request as ChatRequest & { stream: true },
      );
      parts = iterator[Symbol.asyncIterator]();
      abortRequest = () => iterator.abort();
    } catch (error) {
      throw this.#fail(error, signal, exchange.headers);
    }
    const includeRaw = options.includeRawChunks === true;
    const fail = (error: unknown) => this.#fail(error, signal);
    const state = new OllamaStreamState();
    let cancelled = false;
    const stream = new ReadableStream<LanguageModelV4StreamPart>({
      start(controller) {
        controller.enqueue({ type: 'stream-start', warnings });
      },
      // A part can carry nothing to emit (an empty content part): pull reads on until it has
      // enqueued something or closed, or the reader would wait forever.
      async pull(controller) {
        try {
          for (;;) {
            const next = await parts.next();
            if (cancelled) return;
            if (next.done) {
              // The client throws when the stream ends without `done`, so this follows a `done` part.
              state.closeOpenParts(controller);
              controller.close();
              return;
            }
            const chunk = next.value;
            if (includeRaw) controller.enqueue({ type: 'raw', rawValue: chunk });
            const emitted = state.push(chunk, controller);
            if (chunk.done) {
              controller.close();
              // Not `parts.return()`: the client has finished with the body after `done`.
              return;
            }
            if (emitted || includeRaw) return;
          }
        } catch (error) {
          if (cancelled) return;
          state.closeOpenParts(controller);
          controller.enqueue({ type: 'error', error: fail(error) });
          controller.close();
        }
      },
      // Not `parts.return()`: an async generator queues it behind a pending `next()`, which a
      // stalled connection never settles. Aborting this call's request ends that read at once.
      cancel() {
        cancelled = true;
        abortRequest();
      },
    });
    return {
      stream,
      request: { body: request },
      ...(exchange.headers === undefined
        ? {}
        : { response: { headers: Object.fromEntries(exchange.headers) } }),
    };
  }
}

/** A tool-call id for a server that sends none (Ollama before 0.12 sent no ids). */
function toolCallId(index: number): string {
  return `call_${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}_${index}`;
}

/** Turns `/api/chat` NDJSON parts into V4 stream parts. */
class OllamaStreamState {
  #metadataSent = false;
  #textOpen = false;
  #reasoningOpen = false;
  #reasoningId = 'reasoning-0';
  #reasoningCount = 0;
  #toolCount = 0;

  /** Enqueues the parts of one NDJSON part; returns whether it enqueued any. */
  push(chunk: ChatResponse, controller: Controller): boolean {
    let emitted = false;
    if (!this.#metadataSent) {
      this.#metadataSent = true;
      controller.enqueue({
        type: 'response-metadata',
        modelId: chunk.model,
        timestamp: new Date(chunk.created_at),
      });
      emitted = true;
    }
    const message = chunk.message;
    if (message?.thinking) {
      if (!this.#reasoningOpen) {
        this.#reasoningOpen = true;
        this.#reasoningId = `reasoning-${this.#reasoningCount++}`;
        controller.enqueue({ type: 'reasoning-start', id: this.#reasoningId });
      }
      controller.enqueue({ type: 'reasoning-delta', id: this.#reasoningId, delta: message.thinking });
      emitted = true;
    }
    if (message?.content) {
      if (this.#reasoningOpen) {
        this.#reasoningOpen = false;
        controller.enqueue({ type: 'reasoning-end', id: this.#reasoningId });
      }
      if (!this.#textOpen) {
        this.#textOpen = true;
        controller.enqueue({ type: 'text-start', id: '0' });
      }
      controller.enqueue({ type: 'text-delta', id: '0', delta: message.content });
      emitted = true;
    }
    const toolCalls = message?.tool_calls as WireToolCall[] | undefined;
    if (toolCalls !== undefined) {
      for (const call of toolCalls) {
        const id = call.id ?? toolCallId(this.#toolCount);
        this.#toolCount++;
        const input = JSON.stringify(call.function.arguments ?? {});
        controller.enqueue({ type: 'tool-input-start', id, toolName: call.function.name });
        controller.enqueue({ type: 'tool-input-delta', id, delta: input });
        controller.enqueue({ type: 'tool-input-end', id });
        controller.enqueue({ type: 'tool-call', toolCallId: id, toolName: call.function.name, input });
        emitted = true;
      }
    }
    if (chunk.done) {
      this.closeOpenParts(controller);
      controller.enqueue({
        type: 'finish',
        finishReason: mapOllamaDoneReason(chunk.done_reason, this.#toolCount > 0),
        usage: mapOllamaUsage(chunk),
      });
      emitted = true;
    }
    return emitted;
  }

  /** Ends an open reasoning or text part. */
  closeOpenParts(controller: Controller): void {
    if (this.#reasoningOpen) controller.enqueue({ type: 'reasoning-end', id: this.#reasoningId });
    if (this.#textOpen) controller.enqueue({ type: 'text-end', id: '0' });
    this.#reasoningOpen = false;
    this.#textOpen = false;
  }
}

function definedHeaders(headers: Record<string, string | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) result[name] = value;
  }
  return result;
}
