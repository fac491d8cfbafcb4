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
import type Anthropic from '@anthropic-ai/sdk';
import { type ClassifiedFailure, ProviderError } from '@switchyard/core';
import { classifyAnthropicError } from './classify-anthropic-error.js';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.js';

type Params = Anthropic.Messages.MessageCreateParamsNonStreaming;
type Event = Anthropic.Messages.RawMessageStreamEvent;
interface UsageLike {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  output_tokens_details?: { thinking_tokens?: number | null } | null;
}

/** Unified AI SDK finish reason of a Messages API `stop_reason`. */
export function mapAnthropicStopReason(raw: string | null | undefined): LanguageModelV4FinishReason {
  switch (raw) {
    case 'end_turn':
    case 'stop_sequence':
      return { unified: 'stop', raw };
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return { unified: 'length', raw };
    case 'tool_use':
      return { unified: 'tool-calls', raw };
    case 'refusal':
      return { unified: 'content-filter', raw };
    default:
      return { unified: 'other', raw: raw ?? undefined };
  }
}

/**
 * AI SDK usage of a Messages API `usage`: input total = uncached + cache read
 * + cache write (the API reports them apart), reasoning = thinking tokens.
 */
export function mapAnthropicUsage(usage: UsageLike | undefined): LanguageModelV4Usage {
  const uncached = usage?.input_tokens ?? undefined;
  const cacheRead = usage?.cache_read_input_tokens ?? undefined;
  const cacheWrite = usage?.cache_creation_input_tokens ?? undefined;
  const output = usage?.output_tokens ?? undefined;
  const reasoning = usage?.output_tokens_details?.thinking_tokens ?? undefined;
  return {
    inputTokens: {
      total: uncached === undefined ? undefined : uncached + (cacheRead ?? 0) + (cacheWrite ?? 0),
      noCache: uncached,
      cacheRead,
      cacheWrite,
    },
    outputTokens: {
      total: output,
      text: output === undefined ? undefined : output - (reasoning ?? 0),
      reasoning,
    },
    ...(usage === undefined ? {} : { raw: usage as unknown as NonNullable<LanguageModelV4Usage['raw']> }),
  };
}

/** A refusal with no answer: `stop_reason: refusal` and no content. */
const refused: ClassifiedFailure = {
  kind: 'content_filtered',
  code: 'refusal',
  message: 'the model refused to answer (stop_reason refusal, no content)',
};

/** Sampling settings the Messages API of `@anthropic-ai/sdk` 1.x no longer takes. */
const samplingSettings = ['temperature', 'topP', 'topK'] as const;

/**
 * A Messages API model over the official `@anthropic-ai/sdk` client, as an
 * AI SDK `LanguageModelV4`. Build it with `createAnthropic(...).languageModel(id)`.
 * Every failure is thrown (or streamed) as a core `ProviderError` classified
 * by {@link classifyAnthropicError}.
 */
export class AnthropicMessagesLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = 'v4';
  readonly provider: string;
  readonly modelId: string;
  readonly supportedUrls: Record<string, RegExp[]> = {
    'image/*': [/^https?:\/\/.*$/],
    'application/pdf': [/^https?:\/\/.*$/],
  };
  readonly #client: Anthropic | (() => Anthropic);
  readonly #defaultMaxTokens: number;

  /**
   * @param options.client the client, or a function that returns it at call time (and throws a
   *   `ProviderError` of kind `auth` when no credential is configured).
   */
  constructor(options: {
    modelId: string;
    client: Anthropic | (() => Anthropic);
    provider: string;
    defaultMaxTokens: number;
  }) {
    this.modelId = options.modelId;
    this.#client = options.client;
    this.provider = options.provider;
    this.#defaultMaxTokens = options.defaultMaxTokens;
  }

  /** The client of this call; credentials are checked here, at call time. */
  #clientForCall(): Anthropic {
    const client = this.#client;
    return typeof client === 'function' ? client() : client;
  }

  #fail(error: unknown): ProviderError {
    if (ProviderError.isInstance(error)) return error;
    return new ProviderError({
      provider: this.provider,
      model: this.modelId,
      failure: classifyAnthropicError(error),
      cause: error,
    });
  }

  #prepare(options: LanguageModelV4CallOptions): { body: Params; warnings: SharedV4Warning[] } {
    const warnings: SharedV4Warning[] = [];
    const { system, messages } = convertToAnthropicMessages({
      prompt: options.prompt,
      modelId: this.modelId,
    });
    const body: Params = {
      model: this.modelId,
      max_tokens: options.maxOutputTokens ?? this.#defaultMaxTokens,
      messages,
    };
    if (system !== undefined) body.system = system;
    // The Messages API of @anthropic-ai/sdk 1.x takes no sampling parameters any more.
    for (const feature of samplingSettings) {
      if (options[feature] !== undefined)
        warnings.push({
          type: 'unsupported',
          feature,
          details: 'the Messages API takes no sampling parameters',
        });
    }
    if (options.stopSequences !== undefined && options.stopSequences.length > 0)
      body.stop_sequences = options.stopSequences;
    if (options.seed !== undefined) warnings.push({ type: 'unsupported', feature: 'seed' });
    if (options.presencePenalty !== undefined)
      warnings.push({ type: 'unsupported', feature: 'presencePenalty' });
    if (options.frequencyPenalty !== undefined)
      warnings.push({ type: 'unsupported', feature: 'frequencyPenalty' });
    if (options.reasoning !== undefined && options.reasoning !== 'provider-default') {
      warnings.push({
        type: 'unsupported',
        feature: 'reasoning',
        details: 'set thinking through providerOptions.anthropic',
      });
    }
    if (options.responseFormat?.type === 'json') {
      if (options.responseFormat.schema === undefined) {
        warnings.push({
          type: 'unsupported',
          feature: 'responseFormat',
          details: 'JSON output without a schema is not supported; send a schema',
        });
      } else {
        body.output_config = {
          format: { type: 'json_schema', schema: options.responseFormat.schema as Record<string, unknown> },
        };
      }
    }
    if (options.tools !== undefined && options.tools.length > 0) {
      const tools: Anthropic.Messages.Tool[] = [];
      for (const tool of options.tools) {
        if (tool.type !== 'function') {
          warnings.push({ type: 'unsupported', feature: `provider-defined tool ${tool.id}` });
          continue;
        }
        tools.push({
          name: tool.name,
          ...(tool.description === undefined ? {} : { description: tool.description }),
          input_schema: tool.inputSchema as Anthropic.Messages.Tool.InputSchema,
        });
      }
      if (tools.length > 0) {
        body.tools = tools;
        const choice = options.toolChoice;
        if (choice !== undefined) {
          body.tool_choice =
            choice.type === 'tool'
              ? { type: 'tool', name: choice.toolName }
              : { type: choice.type === 'required' ? 'any' : choice.type };
        }
      }
    }
    // Provider options are passed through as request body fields (they win over
    // the mapped ones), except `stream`, which doGenerate and doStream decide.
    const extra = options.providerOptions?.anthropic;
    if (extra !== undefined) {
      for (const key in extra) {
        if (key === 'stream') {
          warnings.push({
            type: 'unsupported',
            feature: 'providerOptions.anthropic.stream',
            details: 'streaming is chosen by doGenerate/doStream (generateText/streamText)',
          });
        } else (body as unknown as Record<string, unknown>)[key] = extra[key];
      }
    }
    return { body, warnings };
  }

  #requestOptions(options: LanguageModelV4CallOptions): Anthropic.RequestOptions {
    return {
      ...(options.abortSignal === undefined ? {} : { signal: options.abortSignal }),
      ...(options.headers === undefined ? {} : { headers: options.headers }),
    };
  }

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const { body, warnings } = this.#prepare(options);
    let message: Anthropic.Messages.Message;
    let headers: Headers;
    try {
      const { data, response } = await this.#clientForCall()
        .messages.create(body, this.#requestOptions(options))
        .withResponse();
      message = data;
      headers = response.headers;
    } catch (error) {
      throw this.#fail(error);
    }
    const content: LanguageModelV4Content[] = [];
    for (const block of message.content) {
      if (block.type === 'text') content.push({ type: 'text', text: block.text });
      else if (block.type === 'thinking') content.push({ type: 'reasoning', text: block.thinking });
      else if (block.type === 'tool_use') {
        content.push({
          type: 'tool-call',
          toolCallId: block.id,
          toolName: block.name,
          input: JSON.stringify(block.input ?? {}),
        });
      }
    }
    if (message.stop_reason === 'refusal' && content.length === 0) {
      throw new ProviderError({ provider: this.provider, model: this.modelId, failure: refused });
    }
    return {
      content,
      finishReason: mapAnthropicStopReason(message.stop_reason),
      usage: mapAnthropicUsage(message.usage),
      warnings,
      request: { body },
      response: {
        id: message.id,
        modelId: message.model,
        headers: Object.fromEntries(headers),
        body: message,
      },
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const { body, warnings } = this.#prepare(options);
    const streamBody: Anthropic.Messages.MessageCreateParamsStreaming = { ...body, stream: true };
    let events: AsyncIterator<Event>;
    let connection: AbortController;
    let headers: Headers;
    try {
      const { data, response } = await this.#clientForCall()
        .messages.create(streamBody, this.#requestOptions(options))
        .withResponse();
      events = data[Symbol.asyncIterator]();
      connection = data.controller;
      headers = response.headers;
    } catch (error) {
      throw this.#fail(error);
    }
    const includeRaw = options.includeRawChunks === true;
    const signal = options.abortSignal;
    const state = new AnthropicStreamState(warnings);
    const fail = (error: unknown) => this.#fail(error);
    const provider = this.provider;
    const model = this.modelId;
    const stream = new ReadableStream<LanguageModelV4StreamPart>({
      start(controller) {
        state.start(controller);
      },
      // Reads events until at least one part is enqueued: a pull that returns
      // without enqueuing is not called again, and the reader would hang.
      async pull(controller) {
        const before = state.parts;
        try {
          do {
            const next = await events.next();
            if (next.done) {
              // The SDK ends iteration quietly on abort; an unaborted end without
              // `message_stop` is a cut stream, never a silent truncation.
              const error = signal?.aborted
                ? fail(signal.reason)
                : new ProviderError({
                    provider,
                    model,
                    failure: {
                      kind: 'transient',
                      code: 'stream_truncated',
                      message: 'the stream ended without message_stop',
                    },
                  });
              controller.enqueue({ type: 'error', error });
              controller.close();
              return;
            }
            if (includeRaw) state.raw(next.value, controller);
            if (state.push(next.value, controller)) {
              if (state.refusedWithoutAnswer) {
                controller.enqueue({
                  type: 'error',
                  error: new ProviderError({ provider, model, failure: refused }),
                });
              }
              controller.close();
              await events.return?.();
              return;
            }
          } while (state.parts === before);
        } catch (error) {
          controller.enqueue({ type: 'error', error: fail(signal?.aborted ? signal.reason : error) });
          controller.close();
        }
      },
      // The iterator's return() would wait for a pending next() (forever on a
      // stalled stream): abort the SDK's connection instead.
      cancel() {
        connection.abort();
      },
    });
    return { stream, request: { body: streamBody }, response: { headers: Object.fromEntries(headers) } };
  }
}

type Controller = ReadableStreamDefaultController<LanguageModelV4StreamPart>;
interface BlockState {
  type: 'text' | 'reasoning' | 'tool';
  id: string;
  name: string;
  input: string;
}

class AnthropicStreamState {
  /** Parts enqueued so far. */
  parts = 0;
  /** Whether the message ended in a refusal before any content: an error part replaces the finish. */
  refusedWithoutAnswer = false;
  #answered = false;
  readonly #warnings: SharedV4Warning[];
  #stopReason: string | undefined;
  #usage: UsageLike = {};
  #blocks = new Map<number, BlockState>();

  constructor(warnings: SharedV4Warning[]) {
    this.#warnings = warnings;
  }

  #emit(controller: Controller, part: LanguageModelV4StreamPart): void {
    this.parts += 1;
    controller.enqueue(part);
  }

  start(controller: Controller): void {
    this.#emit(controller, { type: 'stream-start', warnings: this.#warnings });
  }

  raw(event: Event, controller: Controller): void {
    this.#emit(controller, { type: 'raw', rawValue: event });
  }

  /** Handles one event; returns true on `message_stop` (the finish part is enqueued). */
  push(event: Event, controller: Controller): boolean {
    switch (event.type) {
      case 'message_start':
        this.#usage = { ...event.message.usage };
        this.#emit(controller, {
          type: 'response-metadata',
          id: event.message.id,
          modelId: event.message.model,
        });
        return false;
      case 'content_block_start': {
        const block = event.content_block;
        this.#answered = true;
        const id = String(event.index);
        if (block.type === 'text') {
          this.#blocks.set(event.index, { type: 'text', id, name: '', input: '' });
          this.#emit(controller, { type: 'text-start', id });
          if (block.text) this.#emit(controller, { type: 'text-delta', id, delta: block.text });
        } else if (block.type === 'thinking') {
          this.#blocks.set(event.index, { type: 'reasoning', id, name: '', input: '' });
          this.#emit(controller, { type: 'reasoning-start', id });
        } else if (block.type === 'tool_use') {
          this.#blocks.set(event.index, { type: 'tool', id: block.id, name: block.name, input: '' });
          this.#emit(controller, { type: 'tool-input-start', id: block.id, toolName: block.name });
        }
        return false;
      }
      case 'content_block_delta': {
        const block = this.#blocks.get(event.index);
        if (block === undefined) return false;
        const delta = event.delta;
        if (delta.type === 'text_delta')
          this.#emit(controller, { type: 'text-delta', id: block.id, delta: delta.text });
        else if (delta.type === 'thinking_delta')
          this.#emit(controller, { type: 'reasoning-delta', id: block.id, delta: delta.thinking });
        else if (delta.type === 'input_json_delta' && delta.partial_json !== '') {
          block.input += delta.partial_json;
          this.#emit(controller, { type: 'tool-input-delta', id: block.id, delta: delta.partial_json });
        }
        return false;
      }
      case 'content_block_stop': {
        const block = this.#blocks.get(event.index);
        if (block === undefined) return false;
        this.#blocks.delete(event.index);
        this.#end(block, controller);
        return false;
      }
      case 'message_delta':
        this.#stopReason = event.delta.stop_reason ?? this.#stopReason;
        for (const [key, value] of Object.entries(event.usage)) {
          if (value !== null && value !== undefined) (this.#usage as Record<string, unknown>)[key] = value;
        }
        return false;
      case 'message_stop':
        this.#finish(controller);
        return true;
      default:
        return false;
    }
  }

  #end(block: BlockState, controller: Controller): void {
    if (block.type === 'text') this.#emit(controller, { type: 'text-end', id: block.id });
    else if (block.type === 'reasoning') this.#emit(controller, { type: 'reasoning-end', id: block.id });
    else {
      this.#emit(controller, { type: 'tool-input-end', id: block.id });
      this.#emit(controller, {
        type: 'tool-call',
        toolCallId: block.id,
        toolName: block.name,
        input: block.input === '' ? '{}' : block.input,
      });
    }
  }

  #finish(controller: Controller): void {
    for (const block of this.#blocks.values()) this.#end(block, controller);
    this.#blocks.clear();
    if (this.#stopReason === 'refusal' && !this.#answered) {
      this.refusedWithoutAnswer = true;
      return;
    }
    this.#emit(controller, {
      type: 'finish',
      finishReason: mapAnthropicStopReason(this.#stopReason),
      usage: mapAnthropicUsage(this.#usage),
    });
  }
}
