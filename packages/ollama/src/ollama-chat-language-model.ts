import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamResult,
} from '@ai-sdk/provider';
import { ProviderError } from '@switchyard/core';
import {
  callFailure,
  malformedResponse,
  type ProviderCall,
  parseWire,
  providerStream,
  readJsonResponse,
  streamedResponse,
} from '@switchyard/core/adapter';
import { abortFailure } from '@switchyard/core/failure';
import { type ChatRequest, Ollama } from 'ollama';
import { classifyOllamaError } from './classify-ollama-error.js';
import { jsonErrorResponse } from './internal/json-error-response.js';
import { endsGeneration, mapOllamaDoneReason, noAnswerFailure } from './internal/map-ollama-done-reason.js';
import { mapOllamaUsage } from './internal/map-ollama-usage.js';
import { ndjsonEvents } from './internal/ndjson-events.js';
import { ollamaLogprobsOf, ollamaStreamDecoderFor } from './internal/ollama-logprobs.js';
import { ollamaToolCallId } from './internal/ollama-stream-decoder.js';
import { ollamaChatResponseSchema } from './internal/ollama-wire.js';
import { plainOllamaPart } from './internal/plain-ollama-part.js';
import { prepareOllamaRequest } from './internal/prepare-ollama-request.js';

/** What the adapter needs to build a per-request client. */
export interface OllamaModelConfig {
  /** The server URL, as the `ollama` client formats it (`http://127.0.0.1:11434`), without credentials. */
  readonly host: string;
  /** Headers sent with every request (credentials of the URL and the API key included). */
  readonly headers: Readonly<Record<string, string>> | undefined;
  /** The `fetch` every request goes through. */
  readonly fetch: typeof fetch;
  /** Provider name, for `model.provider` and errors. */
  readonly provider: string;
  /** The longest response body read. */
  readonly maxResponseBytes: number;
}

/**
 * What the client gets in place of an answer the adapter has read already:
 * a 200 whose JSON is `null` (the adapter keeps the answer it read), all the
 * pinned client (ollama 0.6.4) reads of an answer's response.
 */
const answered = Object.freeze({
  ok: true,
  status: 200,
  statusText: 'OK',
  json: async () => null,
  text: async () => 'null',
}) as unknown as Response;

/** What one call saw of the HTTP exchange (the `ollama` client drops headers). */
interface Exchange {
  headers?: Headers;
  /** The successful response of a stream, whose body the adapter reads itself. */
  response?: Response;
  /** The answer of a call that did not stream, read by the adapter (the client is handed `null`). */
  answer?: unknown;
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
 * `retry-after`) and reads an answer at most `maxResponseBytes` long (an empty
 * body, an HTML page, truncated JSON are classified, never raw errors of the
 * client). A stream's body is read by the adapter itself
 * ({@link ndjsonEvents}: each line parsed once, a malformed line a
 * `malformed_stream` failure rather than a line the client skips). One call's
 * abort never reaches another call.
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
  readonly #config: OllamaModelConfig;

  constructor(options: { modelId: string } & OllamaModelConfig) {
    this.modelId = options.modelId;
    this.provider = options.provider;
    this.#config = options;
  }

  get #call(): ProviderCall {
    return { provider: this.provider, model: this.modelId };
  }

  /** The `ProviderError` of what the client threw; an aborted signal's reason decides over the client's error. */
  #fail(error: unknown, signal: AbortSignal | undefined, headers?: Headers): ProviderError {
    if (ProviderError.isInstance(error)) return error;
    return callFailure(
      this.#call,
      signal?.aborted
        ? abortFailure(signal.reason)
        : classifyOllamaError(error, headers === undefined ? {} : { headers }),
      error,
    );
  }

  #client(options: LanguageModelV4CallOptions, stream: boolean, exchange: Exchange): Ollama {
    const signal = options.abortSignal;
    const base = this.#config.fetch;
    const call = this.#call;
    const maxBytes = this.#config.maxResponseBytes;
    const fetchForCall: typeof fetch = async (input, init) => {
      // Only the call's signal: the client's own (of a stream) is never used, the adapter reads the body.
      const response = await base(input, { ...init, signal });
      exchange.headers = response.headers;
      if (!response.ok) return jsonErrorResponse(response, { call, maxBytes });
      if (stream) {
        // The client gets the response untouched and never reads it (its reader starts at its first
        // iteration): the adapter reads the body itself (ndjsonEvents), each line parsed once.
        exchange.response = response;
        return response;
      }
      // Read the answer here, bounded and checked, once: the client gets `null` to parse, not the answer
      // again. ollama 0.6.4 reads `ok` and `json()` of an answer and nothing else: a whole `Response`
      // (its body stream, its headers) cost more than the rest of what the adapter adds to a call.
      exchange.answer = await readJsonResponse(response, { call, what: 'an /api/chat answer', maxBytes });
      return answered;
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

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const call = this.#call;
    const { body, warnings } = prepareOllamaRequest({ call, callOptions: options });
    const request = { ...body, stream: false as const };
    const exchange: Exchange = {};
    try {
      await this.#client(options, false, exchange).chat(
        request as unknown as ChatRequest & { stream: false },
      );
    } catch (error) {
      throw this.#fail(error, options.abortSignal, exchange.headers);
    }
    const raw = exchange.answer;
    const response =
      plainOllamaPart(raw) ?? parseWire(ollamaChatResponseSchema, raw, { call, what: 'an /api/chat answer' });
    const content: LanguageModelV4Content[] = [];
    const message = response.message;
    if (message?.thinking) content.push({ type: 'reasoning', text: message.thinking });
    if (message?.content) content.push({ type: 'text', text: message.content });
    const toolCalls = message?.tool_calls ?? [];
    toolCalls.forEach((toolCall, index) => {
      content.push({
        type: 'tool-call',
        toolCallId: toolCall.id || ollamaToolCallId(index),
        toolName: toolCall.function.name,
        input: JSON.stringify(toolCall.function.arguments ?? {}),
      });
    });
    // `load`, `unload` (or a new done_reason) with nothing answered: the model ran nothing, not an empty answer.
    if (content.length === 0 && !endsGeneration(response.done_reason))
      throw callFailure(call, noAnswerFailure(response.done_reason ?? ''));
    const timestamp = response.created_at ? new Date(response.created_at) : undefined;
    // The token log probabilities, when the request asked for them (`logprobs: true`).
    const logprobs = ollamaLogprobsOf(raw);
    return {
      content,
      finishReason: mapOllamaDoneReason(response.done_reason, toolCalls.length > 0),
      usage: mapOllamaUsage(response, Boolean(message?.thinking)),
      warnings,
      ...(logprobs === undefined ? {} : { providerMetadata: { ollama: { logprobs } } }),
      request: { body: request },
      response: {
        ...(response.model ? { modelId: response.model } : {}),
        ...(timestamp !== undefined && !Number.isNaN(timestamp.getTime()) ? { timestamp } : {}),
        ...(exchange.headers === undefined ? {} : { headers: Object.fromEntries(exchange.headers) }),
        body: raw,
      },
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const call = this.#call;
    const { body, warnings } = prepareOllamaRequest({ call, callOptions: options });
    const request = { ...body, stream: true as const };
    const exchange: Exchange = {};
    const signal = options.abortSignal;
    let response: Response | undefined;
    try {
      // The client builds and sends the request; the iterator it returns is never read.
      await this.#client(options, true, exchange).chat(request as unknown as ChatRequest & { stream: true });
      response = exchange.response;
    } catch (error) {
      throw this.#fail(error, signal, exchange.headers);
    }
    if (response === undefined) {
      throw callFailure(call, malformedResponse('the ollama client returned no response'));
    }
    const stream = providerStream({
      // Cancelling the body ends a pending read on a stalled connection at once and closes it.
      source: ndjsonEvents(response, { call, maxBytes: this.#config.maxResponseBytes }),
      decoder: ollamaStreamDecoderFor(call, body),
      call,
      fail: (error) => this.#fail(error, signal),
      warnings,
      includeRawChunks: options.includeRawChunks,
      signal,
    });
    return {
      stream,
      request: { body: request },
      ...(exchange.headers === undefined ? {} : { response: streamedResponse(exchange.headers) }),
    };
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
