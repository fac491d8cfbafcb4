import type { JSONValue, SharedV4ProviderMetadata } from '@ai-sdk/provider';
import type { ClassifiedFailure } from '@switchyard/core';
import {
  callFailure,
  type EmitPart,
  malformedResponse,
  parseWire,
  type SseJsonEvent,
  type StreamDecoder,
} from '@switchyard/core/adapter';
import { classifyResponseFailure, readableMessage, readErrorEnvelope } from '@switchyard/core/failure';
import { z } from 'zod';
import { anthropicSignals } from '../classify-anthropic-error.js';
import {
  type AnthropicBlock,
  type AnthropicUsage,
  anthropicEventSchema,
  contentBlockDeltaSchema,
  contentBlockStartSchema,
  contentBlockStopSchema,
  inputJsonDeltaSchema,
  messageDeltaSchema,
  messageStartSchema,
  textDeltaSchema,
  thinkingDeltaSchema,
} from './anthropic-wire.js';
import { type BlockContext, mapAnthropicBlock, serverToolCall } from './map-anthropic-block.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';
import { mapAnthropicUsage } from './map-anthropic-usage.js';
import { type PlainAnthropicEvent, plainAnthropicEvent } from './plain-anthropic-event.js';
import { plainAnthropicMessage, plainMessageDelta } from './plain-anthropic-message.js';

/** A refusal with no answer: `stop_reason: refusal` and no content. */
export const refusedWithoutContent: ClassifiedFailure = {
  kind: 'content_filtered',
  code: 'refusal',
  message: 'the model refused to answer (stop_reason refusal, no content)',
};

type OpenBlock =
  | { kind: 'text'; id: string; citations: unknown[]; compaction: boolean }
  | { kind: 'reasoning'; id: string }
  | {
      kind: 'tool';
      id: string;
      apiName: string;
      toolName: string;
      initialInput: string;
      input: string;
      providerExecuted: boolean;
    };

const signatureDelta = z.looseObject({ signature: z.string() });
const compactionDelta = z.looseObject({ content: z.string().nullish() });
const citationsDelta = z.looseObject({ citation: z.unknown().optional() });
const startedBlock = z.looseObject({
  id: z.string().optional(),
  name: z.string().optional(),
  input: z.unknown().optional(),
  text: z.string().nullish(),
  thinking: z.string().nullish(),
  content: z.unknown().optional(),
  data: z.string().nullish(),
});

/**
 * Turns Messages API stream events into AI SDK stream parts. Handles what
 * real traffic sends besides the documented flow: events without `event:`
 * lines (read by their `type`), an answer that arrives whole inside
 * `message_start` (its blocks and `stop_reason`), a `tool_use` whose input
 * is complete in `content_block_start`, a duplicate `message_start`,
 * server-tool calls and results, compaction blocks, cumulative usage in
 * `message_delta` (with `iterations`), and `event: error`. It reads to the
 * end of the body: a body that holds several messages one after the other (a
 * recorded agent loop) is one answer, its usage summed (each step was
 * billed). A second message starting before the first ended (a spliced
 * stream) is `malformed_response`.
 */
export class AnthropicStreamDecoder implements StreamDecoder<SseJsonEvent> {
  readonly #context: BlockContext;
  #messageId: string | null | undefined;
  #started = false;
  /** A message is open: started, not stopped yet. */
  #open = false;
  #stopReason: string | undefined;
  #stopSequence: string | undefined;
  /** The usage of the open (or last) message, merged from its events. */
  #usage: Record<string, unknown> = {};
  /** The usage of the messages before it, summed (a body may hold several steps). */
  #earlier: Record<string, number> = {};
  #answered = false;
  readonly #blocks = new Map<number, OpenBlock>();

  constructor(context: BlockContext) {
    this.#context = context;
  }

  #wire(what: string) {
    return { call: this.#context.call, what };
  }

  push(event: SseJsonEvent, emit: EmitPart): boolean {
    const plain = plainAnthropicEvent(event.data);
    if (plain !== undefined) {
      this.#plain(plain, emit);
      return false;
    }
    // An object with a string `type` is what `anthropicEventSchema` accepts as it is.
    const data = event.data as Record<string, unknown>;
    const type =
      typeof data === 'object' && data !== null && !Array.isArray(data) && typeof data.type === 'string'
        ? data.type
        : parseWire(anthropicEventSchema, event.data, this.#wire('a Messages API stream event')).type;
    switch (type) {
      case 'message_start':
        this.#start(data, emit);
        return false;
      case 'content_block_start':
        this.#startBlock(data, emit);
        return false;
      case 'content_block_delta':
        this.#delta(data, emit);
        return false;
      case 'content_block_stop': {
        const { index } = parseWire(contentBlockStopSchema, data, this.#wire('a content_block_stop event'));
        this.#stopBlock(index, emit);
        return false;
      }
      case 'message_delta': {
        const delta =
          plainMessageDelta(data) ?? parseWire(messageDeltaSchema, data, this.#wire('a message_delta event'));
        this.#stopReason = delta.delta?.stop_reason ?? this.#stopReason;
        this.#stopSequence = delta.delta?.stop_sequence ?? this.#stopSequence;
        this.#mergeUsage(delta.usage);
        return false;
      }
      case 'message_stop':
        // Read on to the end of the body: a recorded multi-step body holds the next message.
        this.#open = false;
        return false;
      case 'error':
        throw this.#streamError(data);
      default:
        return false; // `ping`, and event types newer than this adapter
    }
  }

  /** An event `plainAnthropicEvent` checked: what the schemas would have let through, read the same way. */
  #plain(event: PlainAnthropicEvent, emit: EmitPart): void {
    switch (event.type) {
      case 'content_block_delta': {
        const block = this.#blocks.get(event.index);
        if (block === undefined) return;
        const delta = event.delta;
        switch (delta.type) {
          case 'text_delta':
            if (block.kind === 'text') emit({ type: 'text-delta', id: block.id, delta: delta.text });
            return;
          case 'thinking_delta':
            if (block.kind === 'reasoning')
              emit({ type: 'reasoning-delta', id: block.id, delta: delta.thinking });
            return;
          case 'input_json_delta':
            this.#inputDelta(block, delta.partial_json, emit);
            return;
        }
        return;
      }
      case 'content_block_stop':
        this.#stopBlock(event.index, emit);
        return;
      case 'message_stop':
        // Read on to the end of the body: a recorded multi-step body holds the next message.
        this.#open = false;
        return;
      case 'ping':
        return;
    }
  }

  #stopBlock(index: number, emit: EmitPart): void {
    const block = this.#blocks.get(index);
    if (block === undefined) return;
    this.#blocks.delete(index);
    this.#endBlock(block, emit);
  }

  #inputDelta(block: OpenBlock, fragment: string, emit: EmitPart): void {
    if (block.kind !== 'tool' || fragment === '') return;
    block.input += fragment;
    emit({ type: 'tool-input-delta', id: block.id, delta: fragment });
  }

  #start(data: Record<string, unknown>, emit: EmitPart): void {
    const message =
      plainAnthropicMessage(data.message) ??
      parseWire(messageStartSchema, data, this.#wire('a message_start event')).message;
    if (this.#open) {
      if (message.id === this.#messageId) return;
      throw callFailure(
        this.#context.call,
        malformedResponse(
          `a second message (${String(message.id)}) began before message ${String(this.#messageId)} ended: the stream was spliced`,
        ),
      );
    }
    const first = !this.#started;
    if (!first) {
      // The next step of a multi-step body: its tokens were billed too.
      for (const [key, value] of Object.entries(this.#usage))
        if (typeof value === 'number') this.#earlier[key] = (this.#earlier[key] ?? 0) + value;
      this.#usage = {};
    }
    this.#started = true;
    this.#open = true;
    this.#messageId = message.id;
    this.#stopReason = message.stop_reason ?? undefined;
    this.#stopSequence = message.stop_sequence ?? undefined;
    this.#mergeUsage(message.usage);
    if (first)
      emit({
        type: 'response-metadata',
        ...(message.id == null ? {} : { id: message.id }),
        ...(message.model == null ? {} : { modelId: message.model }),
      });
    // An answer can come whole inside message_start (a deferred tool call): every block is complete.
    (message.content ?? []).forEach((block, index) => {
      this.#emitComplete(block as AnthropicBlock, `m${index}`, emit);
    });
  }

  /** Emits a complete block as stream parts. */
  #emitComplete(block: AnthropicBlock, id: string, emit: EmitPart): void {
    for (const part of mapAnthropicBlock(block, this.#context)) {
      switch (part.type) {
        case 'text':
          this.#answered = true;
          emit({
            type: 'text-start',
            id,
            ...(part.providerMetadata ? { providerMetadata: part.providerMetadata } : {}),
          });
          if (part.text !== '') emit({ type: 'text-delta', id, delta: part.text });
          emit({
            type: 'text-end',
            id,
            ...(part.providerMetadata ? { providerMetadata: part.providerMetadata } : {}),
          });
          break;
        case 'reasoning':
          emit({
            type: 'reasoning-start',
            id,
            ...(part.providerMetadata ? { providerMetadata: part.providerMetadata } : {}),
          });
          if (part.text !== '') emit({ type: 'reasoning-delta', id, delta: part.text });
          emit({
            type: 'reasoning-end',
            id,
            ...(part.providerMetadata ? { providerMetadata: part.providerMetadata } : {}),
          });
          break;
        case 'tool-call':
          this.#answered = true;
          emit({
            type: 'tool-input-start',
            id: part.toolCallId,
            toolName: part.toolName,
            ...(part.providerExecuted ? { providerExecuted: true } : {}),
            ...(part.dynamic ? { dynamic: true } : {}),
          });
          emit({ type: 'tool-input-delta', id: part.toolCallId, delta: part.input });
          emit({ type: 'tool-input-end', id: part.toolCallId });
          emit(part);
          break;
        case 'tool-result':
        case 'source':
          this.#answered = true;
          emit(part);
          break;
        default:
          break;
      }
    }
  }

  #startBlock(data: Record<string, unknown>, emit: EmitPart): void {
    const { index, content_block: block } = parseWire(
      contentBlockStartSchema,
      data,
      this.#wire('a content_block_start event'),
    );
    const id = String(index);
    const fields = parseWire(startedBlock, block, this.#wire(`a ${block.type} block`));
    switch (block.type) {
      case 'text':
        this.#answered = true;
        this.#blocks.set(index, { kind: 'text', id, citations: [], compaction: false });
        emit({ type: 'text-start', id });
        if (fields.text) emit({ type: 'text-delta', id, delta: fields.text });
        return;
      case 'compaction': {
        const providerMetadata = { anthropic: { type: 'compaction' } };
        this.#blocks.set(index, { kind: 'text', id, citations: [], compaction: true });
        emit({ type: 'text-start', id, providerMetadata });
        if (typeof fields.content === 'string' && fields.content !== '')
          emit({ type: 'text-delta', id, delta: fields.content });
        return;
      }
      case 'thinking':
        this.#blocks.set(index, { kind: 'reasoning', id });
        emit({ type: 'reasoning-start', id });
        if (fields.thinking) emit({ type: 'reasoning-delta', id, delta: fields.thinking });
        return;
      case 'redacted_thinking':
        this.#blocks.set(index, { kind: 'reasoning', id });
        emit({
          type: 'reasoning-start',
          id,
          providerMetadata: { anthropic: { redactedData: fields.data ?? '' } },
        });
        return;
      case 'tool_use':
      case 'server_tool_use': {
        if (fields.id === undefined || fields.name === undefined)
          throw callFailure(
            this.#context.call,
            malformedResponse(`a ${block.type} block without id or name`),
          );
        this.#answered = true;
        const server = block.type === 'server_tool_use';
        const mapped = server
          ? serverToolCall(fields.name, {}, this.#context.names)
          : { apiName: fields.name, toolName: this.#context.names.userName(fields.name) };
        if (server) this.#context.serverCalls.set(fields.id, mapped.apiName);
        const input = fields.input;
        const complete =
          input !== null && typeof input === 'object' && Object.keys(input as object).length > 0
            ? JSON.stringify(input)
            : '';
        this.#blocks.set(index, {
          kind: 'tool',
          id: fields.id,
          apiName: server ? fields.name : mapped.apiName,
          toolName: mapped.toolName,
          initialInput: complete,
          input: '',
          providerExecuted: server,
        });
        emit({
          type: 'tool-input-start',
          id: fields.id,
          toolName: mapped.toolName,
          ...(server ? { providerExecuted: true } : {}),
        });
        return;
      }
      default:
        // Blocks that arrive complete: results of server tools, MCP calls and results.
        this.#emitComplete(block as AnthropicBlock, id, emit);
    }
  }

  #delta(data: Record<string, unknown>, emit: EmitPart): void {
    const { index, delta } = parseWire(
      contentBlockDeltaSchema,
      data,
      this.#wire('a content_block_delta event'),
    );
    const block = this.#blocks.get(index);
    if (block === undefined) return;
    const what = this.#wire(`a ${delta.type}`);
    switch (delta.type) {
      case 'text_delta':
        if (block.kind === 'text')
          emit({ type: 'text-delta', id: block.id, delta: parseWire(textDeltaSchema, delta, what).text });
        return;
      case 'compaction_delta': {
        const content = parseWire(compactionDelta, delta, what).content;
        if (block.kind === 'text' && content) emit({ type: 'text-delta', id: block.id, delta: content });
        return;
      }
      case 'thinking_delta':
        if (block.kind === 'reasoning')
          emit({
            type: 'reasoning-delta',
            id: block.id,
            delta: parseWire(thinkingDeltaSchema, delta, what).thinking,
          });
        return;
      case 'signature_delta':
        if (block.kind === 'reasoning')
          emit({
            type: 'reasoning-delta',
            id: block.id,
            delta: '',
            providerMetadata: { anthropic: { signature: parseWire(signatureDelta, delta, what).signature } },
          });
        return;
      case 'input_json_delta':
        this.#inputDelta(block, parseWire(inputJsonDeltaSchema, delta, what).partial_json, emit);
        return;
      case 'citations_delta': {
        const citation = parseWire(citationsDelta, delta, what).citation as Record<string, unknown> | null;
        // Every citation is kept as the API sent it (web search, documents, search results).
        if (
          block.kind === 'text' &&
          citation !== null &&
          typeof citation === 'object' &&
          !Array.isArray(citation)
        )
          block.citations.push(citation);
        return;
      }
      default:
        return;
    }
  }

  #endBlock(block: OpenBlock, emit: EmitPart): void {
    switch (block.kind) {
      case 'text': {
        const metadata: SharedV4ProviderMetadata | undefined = block.compaction
          ? { anthropic: { type: 'compaction' } }
          : block.citations.length > 0
            ? { anthropic: { citations: block.citations as JSONValue } }
            : undefined;
        emit({
          type: 'text-end',
          id: block.id,
          ...(metadata === undefined ? {} : { providerMetadata: metadata }),
        });
        return;
      }
      case 'reasoning':
        emit({ type: 'reasoning-end', id: block.id });
        return;
      case 'tool': {
        // Deltas, when any arrived, are the input; else the input complete in content_block_start.
        let input = block.input !== '' ? block.input : block.initialInput !== '' ? block.initialInput : '{}';
        if (block.providerExecuted) {
          const parsed = parseStreamedInput(input);
          if (parsed !== undefined)
            input = JSON.stringify(serverToolCall(block.apiName, parsed, this.#context.names).input);
        }
        emit({ type: 'tool-input-end', id: block.id });
        emit({
          type: 'tool-call',
          toolCallId: block.id,
          toolName: block.toolName,
          input,
          ...(block.providerExecuted ? { providerExecuted: true } : {}),
        });
        return;
      }
    }
  }

  #mergeUsage(usage: AnthropicUsage | null | undefined): void {
    if (usage == null) return;
    for (const [key, value] of Object.entries(usage)) if (value != null) this.#usage[key] = value;
  }

  #streamError(data: Record<string, unknown>) {
    const envelope = readErrorEnvelope(data);
    return callFailure(
      this.#context.call,
      classifyResponseFailure({
        signal: {
          status: undefined,
          code: undefined,
          type: envelope.type,
          message: readableMessage(envelope.message ?? JSON.stringify(data)),
        },
        signals: anthropicSignals,
      }),
    );
  }

  end(emit: EmitPart): ClassifiedFailure | undefined {
    if (!this.#started || this.#open) {
      return {
        kind: 'transient',
        code: 'stream_truncated',
        message: this.#started
          ? 'the stream ended without message_stop'
          : 'the stream ended before message_start: no answer',
      };
    }
    for (const block of this.#blocks.values()) this.#endBlock(block, emit);
    this.#blocks.clear();
    if (this.#stopReason === 'refusal' && !this.#answered) return refusedWithoutContent;
    const usage: Record<string, unknown> = { ...this.#usage };
    for (const [key, value] of Object.entries(this.#earlier))
      usage[key] = value + (typeof usage[key] === 'number' ? (usage[key] as number) : 0);
    emit({
      type: 'finish',
      finishReason: mapAnthropicStopReason(this.#stopReason),
      usage: mapAnthropicUsage(usage as AnthropicUsage),
      providerMetadata: {
        anthropic: { usage: usage as JSONValue, stopSequence: this.#stopSequence ?? null },
      },
    });
    return undefined;
  }

  close(emit: EmitPart): void {
    for (const [index, block] of this.#blocks) {
      if (block.kind === 'tool') continue;
      this.#blocks.delete(index);
      this.#endBlock(block, emit);
    }
  }
}

/**
 * The object a server tool's streamed input spells, or `undefined` when it is
 * not JSON. Code execution (20250825) may stream its input without the
 * opening brace (`"command"`, `:"view",...}`): read as if it had one.
 */
function parseStreamedInput(text: string): unknown {
  for (const candidate of [text, `{${text}`]) {
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // try the next reading
    }
  }
  return undefined;
}
