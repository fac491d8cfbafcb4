import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamResult,
} from '@ai-sdk/provider';
import type Anthropic from '@anthropic-ai/sdk';
import { type ClassifiedFailure, ProviderError } from '@switchyard/core';
import {
  callFailure,
  notAStream,
  type ProviderCall,
  parseWire,
  providerStream,
  readJsonResponse,
  readUnstreamedBody,
  sseJsonEvents,
  streamedResponse,
} from '@switchyard/core/adapter';
import {
  abortFailure,
  classifyResponseFailure,
  readableMessage,
  readErrorEnvelope,
} from '@switchyard/core/failure';
import { anthropicSignals, classifyAnthropicError } from './classify-anthropic-error.js';
import { anthropicMessageMetadata, messageFactsOf } from './internal/anthropic-message-metadata.js';
import { AnthropicStreamDecoder, refusalFailure } from './internal/anthropic-stream-decoder.js';
import { anthropicMessageSchema } from './internal/anthropic-wire.js';
import { citationDocuments } from './internal/citation-sources.js';
import { BlockContext, mapAnthropicBlock } from './internal/map-anthropic-block.js';
import { mapAnthropicStopReason } from './internal/map-anthropic-stop-reason.js';
import { mapAnthropicUsage } from './internal/map-anthropic-usage.js';
import { plainAnthropicMessage } from './internal/plain-anthropic-message.js';
import { prepareAnthropicRequest } from './internal/prepare-anthropic-request.js';
import { unknownBlocksOf, unknownBlockWarning } from './internal/unknown-blocks.js';

/** The request options of a call without a signal or headers (the SDK only reads them). */
const noRequestOptions: Anthropic.RequestOptions = Object.freeze({});

/** What a model needs from its provider. */
export interface AnthropicModelConfig {
  /** The client, or a function that returns it at call time (and throws `auth` without a credential). */
  readonly client: Anthropic | (() => Anthropic);
  /** Provider name, for `model.provider` and errors. */
  readonly provider: string;
  /** `max_tokens` when the call sets none. */
  readonly defaultMaxTokens: number;
  /** The longest response body read. */
  readonly maxResponseBytes: number;
}

/**
 * A Messages API model over the official `@anthropic-ai/sdk` client, as an
 * AI SDK `LanguageModelV4`. Build it with `createAnthropic(...).languageModel(id)`.
 *
 * The SDK builds and sends every request (auth, headers, timeout, its error
 * classes for 4xx/5xx); the adapter reads the successful body itself
 * (`asResponse()`), at most `maxResponseBytes`, so every body real traffic
 * brings is either an answer or a classified `ProviderError`: an HTML page
 * or an empty body with status 200, truncated JSON, a stream without
 * `event:` lines, `data: [DONE]` from a gateway, an endless stream.
 */
export class AnthropicMessagesLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = 'v4';
  readonly provider: string;
  readonly modelId: string;
  readonly supportedUrls: Record<string, RegExp[]> = {
    'image/*': [/^https?:\/\/.*$/],
    'application/pdf': [/^https?:\/\/.*$/],
  };
  readonly #config: AnthropicModelConfig;

  constructor(options: { modelId: string } & AnthropicModelConfig) {
    this.modelId = options.modelId;
    this.provider = options.provider;
    this.#config = options;
  }

  get #call(): ProviderCall {
    return { provider: this.provider, model: this.modelId };
  }

  /** The client of this call; credentials are checked here, at call time. */
  #clientForCall(): Anthropic {
    const client = this.#config.client;
    return typeof client === 'function' ? client() : client;
  }

  /** The `ProviderError` of what was thrown; an aborted signal's reason decides over the SDK's error. */
  #fail(error: unknown, signal: AbortSignal | undefined): ProviderError {
    if (ProviderError.isInstance(error)) return error;
    return callFailure(
      this.#call,
      signal?.aborted ? abortFailure(signal.reason) : classifyAnthropicError(error),
      error,
    );
  }

  /** A JSON body that is an Anthropic error envelope (served with status 200 by some gateways). */
  #errorInBody(body: unknown): ProviderError | undefined {
    if (body === null || typeof body !== 'object' || !('error' in body)) return undefined;
    const envelope = readErrorEnvelope(body);
    const failure: ClassifiedFailure = classifyResponseFailure({
      signal: {
        status: undefined,
        code: undefined,
        type: envelope.type,
        message: readableMessage(envelope.message ?? JSON.stringify(body)),
      },
      signals: anthropicSignals,
    });
    return callFailure(this.#call, failure);
  }

  #requestOptions(options: LanguageModelV4CallOptions): Anthropic.RequestOptions {
    const { abortSignal, headers } = options;
    if (abortSignal === undefined && headers === undefined) return noRequestOptions;
    return {
      ...(abortSignal === undefined ? {} : { signal: abortSignal }),
      ...(headers === undefined ? {} : { headers }),
    };
  }

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const call = this.#call;
    const { body, warnings, names } = prepareAnthropicRequest({
      call,
      callOptions: options,
      defaultMaxTokens: this.#config.defaultMaxTokens,
    });
    let response: Response;
    let raw: unknown;
    try {
      response = await this.#clientForCall()
        .messages.create(
          body as unknown as Anthropic.Messages.MessageCreateParamsNonStreaming,
          this.#requestOptions(options),
        )
        .asResponse();
      raw = await readJsonResponse(response, {
        call,
        what: 'a Messages API message',
        maxBytes: this.#config.maxResponseBytes,
      });
    } catch (error) {
      throw this.#fail(error, options.abortSignal);
    }
    const inBody = this.#errorInBody(raw);
    if (inBody !== undefined) throw inBody;
    const message =
      plainAnthropicMessage(raw) ??
      parseWire(anthropicMessageSchema, raw, { call, what: 'a Messages API message' });
    const context = new BlockContext(names, call, citationDocuments(options.prompt));
    // Web search citations give sources only when the answer has no web search results of its own.
    context.webSearchResults = (message.content ?? []).some(
      (block) =>
        block.type === 'web_search_tool_result' && Array.isArray(block.content) && block.content.length > 0,
    );
    const content: LanguageModelV4Content[] = [];
    for (const [index, block] of (message.content ?? []).entries())
      content.push(...mapAnthropicBlock(block, context, index));
    const answered = content.some((part) => part.type === 'text' || part.type === 'tool-call');
    if (message.stop_reason === 'refusal' && !answered)
      throw callFailure(call, refusalFailure((message as { stop_details?: unknown }).stop_details));
    const { unknownBlocks } = context;
    // Container, stop details, context management, service tier, ...: kept as @ai-sdk/anthropic keeps them.
    const facts = anthropicMessageMetadata(messageFactsOf(message), message.usage);
    return {
      content,
      finishReason: mapAnthropicStopReason(message.stop_reason),
      usage: mapAnthropicUsage(message.usage),
      warnings:
        unknownBlocks.length === 0 ? warnings : [...warnings, ...unknownBlocks.map(unknownBlockWarning)],
      request: { body },
      response: {
        ...(message.id == null ? {} : { id: message.id }),
        ...(message.model == null ? {} : { modelId: message.model }),
        headers: Object.fromEntries(response.headers),
        body: raw,
      },
      providerMetadata: {
        anthropic: {
          ...(message.usage == null
            ? {}
            : { usage: message.usage as Record<string, never>, stopSequence: message.stop_sequence ?? null }),
          ...facts,
          ...unknownBlocksOf(unknownBlocks),
        },
      },
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const call = this.#call;
    const { body, warnings, names } = prepareAnthropicRequest({
      call,
      callOptions: options,
      defaultMaxTokens: this.#config.defaultMaxTokens,
    });
    const streamBody = { ...body, stream: true };
    const signal = options.abortSignal;
    const maxBytes = this.#config.maxResponseBytes;
    let response: Response;
    try {
      response = await this.#clientForCall()
        .messages.create(
          streamBody as unknown as Anthropic.Messages.MessageCreateParamsStreaming,
          this.#requestOptions(options),
        )
        .asResponse();
      const unstreamed = await readUnstreamedBody(response, { call, maxBytes });
      if (unstreamed !== undefined) throw this.#errorInBody(unstreamed) ?? notAStream(call, unstreamed);
    } catch (error) {
      throw this.#fail(error, signal);
    }
    const stream = providerStream({
      source: sseJsonEvents(response, { call, maxBytes }),
      decoder: new AnthropicStreamDecoder(new BlockContext(names, call, citationDocuments(options.prompt))),
      call,
      fail: (error) => this.#fail(error, signal),
      warnings,
      includeRawChunks: options.includeRawChunks,
      rawValue: (event) => event.data,
      signal,
    });
    return {
      stream,
      request: { body: streamBody },
      response: streamedResponse(response.headers),
    };
  }
}
