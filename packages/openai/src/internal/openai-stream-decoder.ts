import type { LanguageModelV4Usage, SharedV4ProviderMetadata, SharedV4Warning } from '@ai-sdk/provider';
import type { ClassifiedFailure } from '@switchyard/core';
import {
  ContentBlocks,
  type EmitPart,
  type ProviderCall,
  parseWire,
  type SseJsonEvent,
  type StreamDecoder,
  withFinishWarnings,
} from '@switchyard/core/adapter';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import { mapOpenAIUsage, predictionTokensOf } from './map-openai-usage.js';
import { otherChoicesWarning, unreadToolCallsWarning, urlCitationSource } from './openai-answer-extras.js';
import { contentFiltered, openAIErrorInBody } from './openai-error-in-body.js';
import { contentText, hasResponseMetadata, openAIResponseMetadata } from './openai-response-metadata.js';
import { type OpenAIChunk, type OpenAIToolCall, type OpenAIUsage, openAIChunkSchema } from './openai-wire.js';
import { plainOpenAIChunk } from './plain-openai-chunk.js';

/** A chunk without tool calls or annotations: one shared empty list, not one per chunk. */
const none: readonly [] = Object.freeze([]) as readonly [];

interface ToolCallState {
  id: string;
  /** The id is the server's (not made up: `call_<n>`). */
  serverId: boolean;
  name: string;
  arguments: string;
  /** `tool-input-start` was emitted: it waits for the name, which may come on a later fragment. */
  started: boolean;
  /** A custom tool's call (`type: custom`): its input is free text, in `custom.input` fragments. */
  custom: boolean;
  /** The type of a call the decoder does not read (neither `function` nor `custom`): warned of, never emitted. */
  unreadType?: string;
}

/**
 * Turns Chat Completions chunks into AI SDK stream parts, for OpenAI and the
 * servers that speak its format: preamble chunks without id, model or time
 * (Azure's content-filter results) are skipped for the response metadata;
 * reasoning arrives in `reasoning_content` or `reasoning`; tool-call
 * fragments carry an `index`, or only an `id`, or an empty `id` on later
 * fragments, and the name (and the id) may come on a later fragment than
 * the first (a call's `tool-input-start` waits for the name); a custom
 * tool's call (`type: custom`) streams its free text in `custom.input` and
 * ends as a JSON string of it; a call of another type is warned of at the
 * finish, not emitted; no two calls
 * share an id (`call_<n>` when the server sends none); usage arrives on the
 * last chunk, on every chunk (cumulative: the last wins), in `x_groq.usage`,
 * or not at all; URL citations become
 * `source` parts (with where the citing text is); a refusal is text (and makes
 * a `stop` finish `content-filter`, as `@ai-sdk/openai` does); choices
 * besides choice 0, which the adapter never asks for, are read into no part
 * and warned of at the finish; `{"error": ...}` inside the stream is classified. A stream
 * that ends without a finish reason is `stream_truncated`; `content_filter`
 * with no content is `content_filtered`.
 */
export class OpenAIStreamDecoder implements StreamDecoder<SseJsonEvent> {
  readonly #call: ProviderCall;
  #metadataSent = false;
  #finishReason: string | undefined;
  #usage: OpenAIUsage | undefined;
  #answered = false;
  /** A refusal came: a `stop` finish is `content-filter`. */
  #refused = false;
  readonly #blocks = new ContentBlocks('txt-0');
  #sources = 0;
  readonly #toolCalls: ToolCallState[] = [];
  /** The calls by `index`, or by `id:<id>`, or by `position:<n>` in a delta (never mixed up: one key space each). */
  #toolCallIndex: Map<string | number, ToolCallState> | undefined;
  /** Every id given to a call: no two calls share one, whatever the server sends. */
  #toolCallIds: Set<string> | undefined;
  /** The indices of choices besides choice 0 the server sent unasked (made at the first). */
  #otherChoices: Set<number> | undefined;

  constructor(call: ProviderCall) {
    this.#call = call;
  }

  push(event: SseJsonEvent, emit: EmitPart): boolean {
    const error = openAIErrorInBody(event.data, this.#call);
    if (error !== undefined) throw error;
    const chunk =
      plainOpenAIChunk(event.data) ??
      parseWire(openAIChunkSchema, event.data, {
        call: this.#call,
        what: 'a Chat Completions chunk',
      });
    if (!this.#metadataSent && hasResponseMetadata(chunk)) {
      this.#metadataSent = true;
      emit({ type: 'response-metadata', ...openAIResponseMetadata(chunk) });
    }
    const usage = chunk.usage ?? chunk.x_groq?.usage;
    if (usage != null) this.#usage = usage;
    const choices = chunk.choices;
    if (choices == null || choices.length === 0) return false;
    let choice: NonNullable<OpenAIChunk['choices']>[number] | undefined = choices[0];
    if (choices.length !== 1 || (choice?.index ?? 0) !== 0) choice = this.#choiceZero(choices);
    if (choice === undefined) return false;
    const delta = choice.delta;
    if (delta != null) {
      const reasoning = delta.reasoning_content ?? delta.reasoning;
      if (reasoning) {
        this.#blocks.reasoning(reasoning, emit);
      }
      const text = contentText(delta.content);
      if (text) {
        this.#answered = true;
        this.#blocks.text(text, emit);
      }
      // A refusal beside text is kept too (after it, in the same text), as @ai-sdk/openai keeps it.
      if (delta.refusal) {
        this.#answered = true;
        this.#refused = true;
        this.#blocks.text(delta.refusal, emit);
      }
      // Only chunks with tool calls or annotations pay for their loops (a text answer's never do).
      const fragments = delta.tool_calls ?? none;
      for (let position = 0; position < fragments.length; position++) {
        const fragment = fragments[position] as (typeof fragments)[number];
        this.#blocks.closeReasoning(emit);
        this.#answered = true;
        const key = fragment.index ?? (fragment.id ? `id:${fragment.id}` : `position:${position}`);
        this.#toolCallIndex ??= new Map();
        let current = this.#toolCallIndex.get(key);
        if (current === undefined) {
          const index = fragment.index ?? this.#toolCalls.length;
          const type = fragment.type ?? 'function';
          current = {
            id: this.#uniqueId(fragment.id || `call_${index}`),
            serverId: Boolean(fragment.id),
            name: '',
            arguments: '',
            started: false,
            custom: type === 'custom',
            ...(type === 'function' || type === 'custom' ? {} : { unreadType: type }),
          };
          this.#toolCallIndex.set(key, current);
          this.#toolCalls.push(current);
        } else if (!current.started && !current.serverId && fragment.id) {
          // The id may come on a later fragment too: taken while no part went out under the made-up one.
          current.id = this.#uniqueId(fragment.id);
          current.serverId = true;
        }
        const piece = fragment.function ?? (current.custom ? customPiece(fragment.custom) : undefined);
        if (current.name === '' && piece?.name) current.name = piece.name;
        const argumentsFragment = piece?.arguments;
        if (argumentsFragment) {
          current.arguments += argumentsFragment;
          if (current.started) emit({ type: 'tool-input-delta', id: current.id, delta: argumentsFragment });
        }
        if (!current.started && current.name !== '' && current.unreadType === undefined)
          startToolInput(current, emit);
      }
      // A chunk's sources come after its text and tool call parts, as @ai-sdk/openai streams them.
      const annotations = delta.annotations ?? none;
      for (let index = 0; index < annotations.length; index++) {
        const annotation = annotations[index] as (typeof annotations)[number];
        if (annotation.type !== 'url_citation' || annotation.url_citation == null) continue;
        emit(urlCitationSource(annotation.url_citation, `source-${this.#sources++}`));
      }
    }
    if (choice.finish_reason) this.#finishReason = choice.finish_reason;
    return false;
  }

  /** Choice 0 of a chunk with other choices (sent unasked: their indices are kept for the finish's warning). */
  #choiceZero(choices: NonNullable<OpenAIChunk['choices']>) {
    let zero: (typeof choices)[number] | undefined;
    for (const entry of choices) {
      const index = entry.index ?? 0;
      if (index === 0) zero ??= entry;
      else {
        this.#otherChoices ??= new Set();
        this.#otherChoices.add(index);
      }
    }
    return zero;
  }

  /** `id`, or `id_<n>` when a call already has it (a made-up `call_<n>` may meet a server's, or a server repeat one). */
  #uniqueId(id: string): string {
    let unique = id;
    this.#toolCallIds ??= new Set();
    const ids = this.#toolCallIds;
    for (let n = 1; ids.has(unique); n++) unique = `${id}_${n}`;
    ids.add(unique);
    return unique;
  }

  close(emit: EmitPart): void {
    this.#blocks.close(emit);
  }

  end(emit: EmitPart): ClassifiedFailure | undefined {
    if (this.#finishReason === undefined) {
      return {
        kind: 'transient',
        code: 'stream_truncated',
        message: 'the stream ended without a finish reason',
      };
    }
    if (this.#finishReason === 'content_filter' && !this.#answered) return contentFiltered;
    this.close(emit);
    const warnings: SharedV4Warning[] = [];
    const unread: { index: number; type: string }[] = [];
    for (const [index, call] of this.#toolCalls.entries()) {
      if (call.unreadType !== undefined) {
        unread.push({ index, type: call.unreadType });
        continue;
      }
      // A call whose name never came is still reported (with no name), not dropped.
      if (!call.started) startToolInput(call, emit);
      emit({ type: 'tool-input-end', id: call.id });
      emit({
        type: 'tool-call',
        toolCallId: call.id,
        toolName: call.name,
        // A custom tool's input is free text: a JSON string of it, as @ai-sdk/openai's Responses model gives it.
        input: call.custom ? JSON.stringify(call.arguments) : call.arguments === '' ? '{}' : call.arguments,
      });
    }
    const rawChunks = 'the raw chunks (includeRawChunks)';
    if (this.#otherChoices !== undefined)
      warnings.push(otherChoicesWarning([...this.#otherChoices], rawChunks));
    if (unread.length > 0) warnings.push(unreadToolCallsWarning(unread, rawChunks));
    const usage: LanguageModelV4Usage = mapOpenAIUsage(this.#usage);
    // The predicted output's accepted and rejected tokens, as @ai-sdk/openai keeps them.
    const prediction = predictionTokensOf(this.#usage);
    const metadata: SharedV4ProviderMetadata =
      Object.keys(prediction).length === 0 ? {} : { openai: prediction };
    const providerMetadata: SharedV4ProviderMetadata | undefined =
      warnings.length === 0 && metadata.openai === undefined
        ? undefined
        : withFinishWarnings(metadata, warnings);
    emit({
      type: 'finish',
      finishReason: mapOpenAIFinishReason(this.#finishReason, this.#refused),
      usage,
      ...(providerMetadata === undefined ? {} : { providerMetadata }),
    });
    return undefined;
  }
}

/** A custom tool call's fragment as a function's: its `input` is the call's arguments. */
function customPiece(
  custom: OpenAIToolCall['custom'],
): { name?: string | null; arguments?: string | null } | undefined {
  return custom == null ? undefined : { name: custom.name, arguments: custom.input };
}

/** Emits a call's `tool-input-start`, then the arguments that came before its name. */
function startToolInput(call: ToolCallState, emit: EmitPart): void {
  call.started = true;
  emit({ type: 'tool-input-start', id: call.id, toolName: call.name });
  if (call.arguments !== '') emit({ type: 'tool-input-delta', id: call.id, delta: call.arguments });
}
