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
import { type ClassifiedFailure, ProviderError } from '@switchyard/core';
import { abortFailure, malformedStreamFailure } from '@switchyard/core/failure';
import type OpenAI from 'openai';
import { classifyOpenAIError } from './classify-openai-error.js';
import { convertToOpenAIChatMessages } from './convert-to-openai-chat-messages.js';
import { type EventStreamTap, eventStreamTapOf } from './event-stream-tap.js';

type ChatParams = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;
type Chunk = OpenAI.Chat.Completions.ChatCompletionChunk;
type Usage = OpenAI.Completions.CompletionUsage;

const reasoningEfforts = new Set(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']);

/** An answer withheld by the content filter: `finish_reason: content_filter` with no content. */
const contentFiltered: ClassifiedFailure = {
  kind: 'content_filtered',
  code: 'content_filter',
  message: 'the answer was withheld by the content filter (finish_reason content_filter, no content)',
};

/** Unified AI SDK finish reason of a Chat Completions `finish_reason`. */
export function mapOpenAIFinishReason(raw: string | null | undefined): LanguageModelV4FinishReason {
  switch (raw) {
    case 'stop':
      return { unified: 'stop', raw };
    case 'length':
      return { unified: 'length', raw };
    case 'tool_calls':
    case 'function_call':
      return { unified: 'tool-calls', raw };
    case 'content_filter':
      return { unified: 'content-filter', raw };
    default:
      return { unified: 'other', raw: raw ?? undefined };
  }
}

/** AI SDK usage of a Chat Completions `usage`, with cached and reasoning tokens. */
export function mapOpenAIUsage(usage: Usage | null | undefined): LanguageModelV4Usage {
  if (!usage) {
    return {
      inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: undefined, text: undefined, reasoning: undefined },
    };
  }
  const cached = usage.prompt_tokens_details?.cached_tokens ?? undefined;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens ?? undefined;
  return {
    inputTokens: {
      total: usage.prompt_tokens,
      noCache: usage.prompt_tokens - (cached ?? 0),
      cacheRead: cached,
      cacheWrite: undefined,
    },
    outputTokens: {
      total: usage.completion_tokens,
      text: usage.completion_tokens - (reasoning ?? 0),
      reasoning,
    },
    raw: usage as unknown as NonNullable<LanguageModelV4Usage['raw']>,
  };
}

/**
 * A Chat Completions model over the official `openai` client, as an AI SDK
 * `LanguageModelV4`. Build it with `createOpenAI(...).languageModel(id)`.
 * Every failure is thrown (or streamed) as a core `ProviderError` classified
 * by {@link classifyOpenAIError}.
 */
export class OpenAIChatLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = 'v4';
  readonly provider: string;
  readonly modelId: string;
  readonly supportedUrls: Record<string, RegExp[]> = { 'image/*': [/^https?:\/\/.*$/] };
  readonly #client: OpenAI | (() => OpenAI);

  /**
   * @param options.client the client, or a function that returns it at call time (and throws a
   *   `ProviderError` of kind `auth` when no API key is configured: `createOpenAI` without a key).
   */
  constructor(options: { modelId: string; client: OpenAI | (() => OpenAI); provider: string }) {
    this.modelId = options.modelId;
    this.#client = options.client;
    this.provider = options.provider;
  }

  /** The client of this call; credentials are checked here, at call time. */
  #clientForCall(): OpenAI {
    const client = this.#client;
    return typeof client === 'function' ? client() : client;
  }

  /** The `ProviderError` of what the SDK threw; an aborted signal's reason decides over the SDK's error. */
  #fail(error: unknown, signal?: AbortSignal): ProviderError {
    if (ProviderError.isInstance(error)) return error;
    return new ProviderError({
      provider: this.provider,
      model: this.modelId,
      failure: signal?.aborted ? abortFailure(signal.reason) : classifyOpenAIError(error),
      cause: error,
    });
  }

  #prepare(options: LanguageModelV4CallOptions): { body: ChatParams; warnings: SharedV4Warning[] } {
    const warnings: SharedV4Warning[] = [];
    if (options.topK !== undefined)
      warnings.push({ type: 'unsupported', feature: 'topK', details: 'Chat Completions has no top_k' });
    const body: ChatParams = {
      model: this.modelId,
      messages: convertToOpenAIChatMessages({ prompt: options.prompt, modelId: this.modelId }),
    };
    if (options.maxOutputTokens !== undefined) body.max_completion_tokens = options.maxOutputTokens;
    if (options.temperature !== undefined) body.temperature = options.temperature;
    if (options.topP !== undefined) body.top_p = options.topP;
    if (options.stopSequences !== undefined && options.stopSequences.length > 0)
      body.stop = options.stopSequences;
    if (options.seed !== undefined) body.seed = options.seed;
    if (options.presencePenalty !== undefined) body.presence_penalty = options.presencePenalty;
    if (options.frequencyPenalty !== undefined) body.frequency_penalty = options.frequencyPenalty;
    if (options.reasoning !== undefined && options.reasoning !== 'provider-default') {
      if (reasoningEfforts.has(options.reasoning))
        body.reasoning_effort = options.reasoning as ChatParams['reasoning_effort'];
      else
        warnings.push({
          type: 'unsupported',
          feature: 'reasoning',
          details: `reasoning "${options.reasoning}" has no Chat Completions effort; sent none`,
        });
    }
    if (options.responseFormat?.type === 'json') {
      const format = options.responseFormat;
      body.response_format =
        format.schema === undefined
          ? { type: 'json_object' }
          : {
              type: 'json_schema',
              json_schema: {
                name: format.name ?? 'response',
                ...(format.description === undefined ? {} : { description: format.description }),
                schema: format.schema as Record<string, unknown>,
                strict: false,
              },
            };
    }
    // With tool choice `none` the tools are not sent at all, so the model cannot call one.
    if (options.tools !== undefined && options.tools.length > 0 && options.toolChoice?.type !== 'none') {
      const tools: OpenAI.Chat.Completions.ChatCompletionFunctionTool[] = [];
      for (const tool of options.tools) {
        if (tool.type !== 'function') {
          warnings.push({ type: 'unsupported', feature: `provider-defined tool ${tool.id}` });
          continue;
        }
        tools.push({
          type: 'function',
          function: {
            name: tool.name,
            ...(tool.description === undefined ? {} : { description: tool.description }),
            parameters: tool.inputSchema as Record<string, unknown>,
            ...(tool.strict === undefined ? {} : { strict: tool.strict }),
          },
        });
      }
      if (tools.length > 0) {
        body.tools = tools;
        const choice = options.toolChoice;
        if (choice !== undefined) {
          body.tool_choice =
            choice.type === 'tool' ? { type: 'function', function: { name: choice.toolName } } : choice.type;
        }
      }
    }
    const extra = options.providerOptions?.openai;
    if (extra !== undefined) Object.assign(body, extra);
    return { body, warnings };
  }

  #requestOptions(options: LanguageModelV4CallOptions): OpenAI.RequestOptions {
    return {
      ...(options.abortSignal === undefined ? {} : { signal: options.abortSignal }),
      ...(options.headers === undefined ? {} : { headers: options.headers }),
    };
  }

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const { body, warnings } = this.#prepare(options);
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    let headers: Headers;
    try {
      const { data, response } = await this.#clientForCall()
        .chat.completions.create(body, this.#requestOptions(options))
        .withResponse();
      completion = data;
      headers = response.headers;
    } catch (error) {
      throw this.#fail(error, options.abortSignal);
    }
    const choice = completion.choices[0];
    if (choice === undefined) {
      throw new ProviderError({
        provider: this.provider,
        model: this.modelId,
        failure: { kind: 'transient', code: 'malformed_response', message: 'the completion has no choices' },
      });
    }
    const content: LanguageModelV4Content[] = [];
    const text = choice.message.content || choice.message.refusal;
    if (text) content.push({ type: 'text', text });
    for (const call of choice.message.tool_calls ?? []) {
      if (call.type !== 'function') continue;
      content.push({
        type: 'tool-call',
        toolCallId: call.id,
        toolName: call.function.name,
        input: call.function.arguments,
      });
    }
    if (choice.finish_reason === 'content_filter' && content.length === 0) {
      throw new ProviderError({ provider: this.provider, model: this.modelId, failure: contentFiltered });
    }
    return {
      content,
      finishReason: mapOpenAIFinishReason(choice.finish_reason),
      usage: mapOpenAIUsage(completion.usage),
      warnings,
      request: { body },
      response: {
        id: completion.id,
        modelId: completion.model,
        timestamp: new Date(completion.created * 1000),
        headers: Object.fromEntries(headers),
        body: completion,
      },
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const { body, warnings } = this.#prepare(options);
    const streamBody: OpenAI.Chat.Completions.ChatCompletionCreateParamsStreaming = {
      ...body,
      stream: true,
      stream_options: { include_usage: true },
    };
    let chunks: AsyncIterator<Chunk>;
    let connection: AbortController;
    let headers: Headers;
    let tap: EventStreamTap | undefined;
    try {
      const { data, response } = await this.#clientForCall()
        .chat.completions.create(streamBody, this.#requestOptions(options))
        .withResponse();
      chunks = data[Symbol.asyncIterator]();
      connection = data.controller;
      headers = response.headers;
      tap = eventStreamTapOf(response);
    } catch (error) {
      throw this.#fail(error, options.abortSignal);
    }
    const includeRaw = options.includeRawChunks === true;
    const signal = options.abortSignal;
    const state = new OpenAIStreamState();
    let cancelled = false;
    const errorOf = (failure: ClassifiedFailure) =>
      new ProviderError({ provider: this.provider, model: this.modelId, failure });
    const fail = (error: unknown) =>
      // The SDK says only that it could not parse an event: the tap names the line.
      error instanceof SyntaxError && !signal?.aborted
        ? errorOf(malformedStreamFailure({ line: tap?.malformedLine(), detail: error.message }))
        : this.#fail(error, signal);
    const stream = new ReadableStream<LanguageModelV4StreamPart>({
      start(controller) {
        controller.enqueue({ type: 'stream-start', warnings });
      },
      // A chunk can carry nothing to emit (the role chunk, the finish chunk, the usage chunk):
      // pull reads on until it has enqueued a part or closed, or the reader would wait forever.
      async pull(controller) {
        try {
          for (;;) {
            const next = await chunks.next();
            if (cancelled) return;
            if (next.done) {
              state.closeOpenParts(controller);
              if (signal?.aborted) {
                // The SDK ends the iteration quietly on abort: that is no answer, not a finish.
                controller.enqueue({ type: 'error', error: errorOf(abortFailure(signal.reason)) });
              } else if (state.finishReason === undefined) {
                controller.enqueue({
                  type: 'error',
                  error: errorOf({
                    kind: 'transient',
                    code: 'stream_truncated',
                    message: 'the stream ended without a finish reason',
                  }),
                });
              } else if (state.finishReason === 'content_filter' && !state.answered) {
                controller.enqueue({ type: 'error', error: errorOf(contentFiltered) });
              } else {
                state.finish(controller);
              }
              controller.close();
              return;
            }
            if (includeRaw) controller.enqueue({ type: 'raw', rawValue: next.value });
            if (state.push(next.value, controller) || includeRaw) return;
          }
        } catch (error) {
          if (cancelled) return;
          state.closeOpenParts(controller);
          controller.enqueue({ type: 'error', error: fail(error) });
          controller.close();
        }
      },
      // Not `chunks.return()`: an async generator queues it behind a pending `next()`, which a
      // stalled connection never settles. Aborting the request ends that read at once.
      cancel() {
        cancelled = true;
        connection.abort();
      },
    });
    return { stream, request: { body: streamBody }, response: { headers: Object.fromEntries(headers) } };
  }
}

interface ToolCallState {
  id: string;
  name: string;
  arguments: string;
}

type Controller = ReadableStreamDefaultController<LanguageModelV4StreamPart>;

class OpenAIStreamState {
  finishReason: string | undefined;
  usage: Usage | undefined;
  /** Whether any text or tool call arrived. */
  answered = false;
  #metadataSent = false;
  #textOpen = false;
  #toolCalls: (ToolCallState | undefined)[] = [];

  /** Emits the parts of one chunk; returns whether it emitted any. */
  push(chunk: Chunk, controller: Controller): boolean {
    let emitted = false;
    if (!this.#metadataSent) {
      emitted = true;
      this.#metadataSent = true;
      controller.enqueue({
        type: 'response-metadata',
        id: chunk.id,
        modelId: chunk.model,
        timestamp: new Date(chunk.created * 1000),
      });
    }
    if (chunk.usage) this.usage = chunk.usage;
    const choice = chunk.choices[0];
    if (choice === undefined) return emitted;
    const delta = choice.delta;
    const text = delta.content || delta.refusal;
    if (text) {
      emitted = true;
      this.answered = true;
      if (!this.#textOpen) {
        this.#textOpen = true;
        controller.enqueue({ type: 'text-start', id: '0' });
      }
      controller.enqueue({ type: 'text-delta', id: '0', delta: text });
    }
    for (const call of delta.tool_calls ?? []) {
      this.answered = true;
      let current = this.#toolCalls[call.index];
      if (current === undefined) {
        current = { id: call.id ?? `call-${call.index}`, name: call.function?.name ?? '', arguments: '' };
        this.#toolCalls[call.index] = current;
        emitted = true;
        controller.enqueue({ type: 'tool-input-start', id: current.id, toolName: current.name });
      }
      const fragment = call.function?.arguments;
      if (fragment) {
        current.arguments += fragment;
        emitted = true;
        controller.enqueue({ type: 'tool-input-delta', id: current.id, delta: fragment });
      }
    }
    if (choice.finish_reason) this.finishReason = choice.finish_reason;
    return emitted;
  }

  closeOpenParts(controller: Controller): void {
    if (this.#textOpen) {
      this.#textOpen = false;
      controller.enqueue({ type: 'text-end', id: '0' });
    }
  }

  finish(controller: Controller): void {
    this.closeOpenParts(controller);
    for (const call of this.#toolCalls) {
      if (call === undefined) continue;
      controller.enqueue({ type: 'tool-input-end', id: call.id });
      controller.enqueue({
        type: 'tool-call',
        toolCallId: call.id,
        toolName: call.name,
        input: call.arguments === '' ? '{}' : call.arguments,
      });
    }
    controller.enqueue({
      type: 'finish',
      finishReason: mapOpenAIFinishReason(this.finishReason),
      usage: mapOpenAIUsage(this.usage),
    });
  }
}
