import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamResult,
} from '@ai-sdk/provider';
import { ProviderError } from '@switchyard/core';
import {
  callFailure,
  malformedResponse,
  notAStream,
  type ProviderCall,
  parseWire,
  providerStream,
  readJsonResponse,
  readUnstreamedBody,
  sseJsonEvents,
  streamedResponse,
} from '@switchyard/core/adapter';
import { abortFailure } from '@switchyard/core/failure';
import type OpenAI from 'openai';
import { classifyOpenAIError } from './classify-openai-error.js';
import { mapOpenAIChoice } from './internal/map-openai-choice.js';
import { mapOpenAIFinishReason } from './internal/map-openai-finish-reason.js';
import { mapOpenAIUsage, predictionTokensOf } from './internal/map-openai-usage.js';
import { otherChoicesWarning, unreadToolCallsWarning } from './internal/openai-answer-extras.js';
import { contentFiltered, openAIErrorInBody } from './internal/openai-error-in-body.js';
import { openAIResponseMetadata } from './internal/openai-response-metadata.js';
import { openAIStreamDecoderFor } from './internal/openai-stream-extras.js';
import { openAICompletionSchema } from './internal/openai-wire.js';
import { prepareOpenAIRequest } from './internal/prepare-openai-request.js';

/** What a model needs from its provider. */
export interface OpenAIModelConfig {
  /** The client, or a function that returns it at call time (and throws `auth` without an API key). */
  readonly client: OpenAI | (() => OpenAI);
  /** Provider name, for `model.provider` and errors. */
  readonly provider: string;
  /** The longest response body read. */
  readonly maxResponseBytes: number;
}

/**
 * A Chat Completions model over the official `openai` client, as an AI SDK
 * `LanguageModelV4`, for OpenAI and every server that speaks the format. Build
 * it with `createOpenAI(...).languageModel(id)`.
 *
 * The SDK builds and sends every request (auth, headers, timeout, its error
 * classes for 4xx/5xx); the adapter reads the successful body itself
 * (`asResponse()`), at most `maxResponseBytes`, so every body real traffic
 * brings is either an answer or a classified `ProviderError`: an HTML page
 * or an empty body with status 200, truncated JSON, garbage SSE lines, an
 * endless stream, `{"error": ...}` with status 200.
 */
export class OpenAIChatLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = 'v4';
  readonly provider: string;
  readonly modelId: string;
  readonly supportedUrls: Record<string, RegExp[]> = { 'image/*': [/^https?:\/\/.*$/] };
  readonly #config: OpenAIModelConfig;

  constructor(options: { modelId: string } & OpenAIModelConfig) {
    this.modelId = options.modelId;
    this.provider = options.provider;
    this.#config = options;
  }

  get #call(): ProviderCall {
    return { provider: this.provider, model: this.modelId };
  }

  /** The client of this call; credentials are checked here, at call time. */
  #clientForCall(): OpenAI {
    const client = this.#config.client;
    return typeof client === 'function' ? client() : client;
  }

  /** The `ProviderError` of what was thrown; an aborted signal's reason decides over the SDK's error. */
  #fail(error: unknown, signal?: AbortSignal): ProviderError {
    if (ProviderError.isInstance(error)) return error;
    return callFailure(
      this.#call,
      signal?.aborted ? abortFailure(signal.reason) : classifyOpenAIError(error),
      error,
    );
  }

  #requestOptions(options: LanguageModelV4CallOptions): OpenAI.RequestOptions {
    return {
      ...(options.abortSignal === undefined ? {} : { signal: options.abortSignal }),
      ...(options.headers === undefined ? {} : { headers: options.headers }),
    };
  }

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const call = this.#call;
    const { body, warnings } = prepareOpenAIRequest({ call, callOptions: options });
    const what = 'a Chat Completion';
    let response: Response;
    let raw: unknown;
    try {
      response = await this.#clientForCall()
        .chat.completions.create(
          body as unknown as OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming,
          this.#requestOptions(options),
        )
        .asResponse();
      raw = await readJsonResponse(response, { call, what, maxBytes: this.#config.maxResponseBytes });
    } catch (error) {
      throw this.#fail(error, options.abortSignal);
    }
    const inBody = openAIErrorInBody(raw, call);
    if (inBody !== undefined) throw inBody;
    const completion = parseWire(openAICompletionSchema, raw, { call, what });
    const choice = completion.choices.find((entry) => (entry.index ?? 0) === 0) ?? completion.choices[0];
    if (choice === undefined)
      throw callFailure(call, malformedResponse('the Chat Completion has no choices'));
    const { content, openai, unreadToolCalls } = mapOpenAIChoice(choice);
    const usage = completion.usage ?? completion.x_groq?.usage;
    Object.assign(openai, predictionTokensOf(usage));
    const answered = content.some((part) => part.type === 'text' || part.type === 'tool-call');
    if (choice.finish_reason === 'content_filter' && !answered) throw callFailure(call, contentFiltered);
    const others = completion.choices.flatMap((entry, position) =>
      entry === choice ? [] : [entry.index ?? position],
    );
    const answerWarnings = [
      ...(others.length === 0 ? [] : [otherChoicesWarning(others, 'response.body')]),
      ...(unreadToolCalls.length === 0 ? [] : [unreadToolCallsWarning(unreadToolCalls, 'response.body')]),
    ];
    return {
      content,
      finishReason: mapOpenAIFinishReason(choice.finish_reason, Boolean(choice.message.refusal)),
      usage: mapOpenAIUsage(usage),
      warnings: answerWarnings.length === 0 ? warnings : [...warnings, ...answerWarnings],
      ...(Object.keys(openai).length === 0 ? {} : { providerMetadata: { openai } }),
      request: { body },
      response: {
        ...openAIResponseMetadata(completion),
        headers: Object.fromEntries(response.headers),
        body: raw,
      },
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const call = this.#call;
    const { body, warnings } = prepareOpenAIRequest({ call, callOptions: options });
    const streamBody = { ...body, stream: true, stream_options: { include_usage: true } };
    const signal = options.abortSignal;
    const maxBytes = this.#config.maxResponseBytes;
    let response: Response;
    try {
      response = await this.#clientForCall()
        .chat.completions.create(
          streamBody as unknown as OpenAI.Chat.Completions.ChatCompletionCreateParamsStreaming,
          this.#requestOptions(options),
        )
        .asResponse();
      const unstreamed = await readUnstreamedBody(response, { call, maxBytes });
      if (unstreamed !== undefined) throw openAIErrorInBody(unstreamed, call) ?? notAStream(call, unstreamed);
    } catch (error) {
      throw this.#fail(error, signal);
    }
    const stream = providerStream({
      source: sseJsonEvents(response, { call, maxBytes }),
      decoder: openAIStreamDecoderFor(call, body),
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
