import type { JSONValue } from '@ai-sdk/provider';
import type { ClassifiedFailure } from '@switchyard/core';
import {
  callFailure,
  type EmitPart,
  malformedResponse,
  parseWire,
  type SseJsonEvent,
  type StreamDecoder,
  withFinishWarnings,
} from '@switchyard/core/adapter';
import { classifyResponseFailure, readableMessage, readErrorEnvelope } from '@switchyard/core/failure';
import { anthropicSignals } from '../classify-anthropic-error.js';
import { StreamMessageFacts } from './anthropic-message-metadata.js';
import { type StreamState, unreadOf, wireOf } from './anthropic-stream-state.js';
import { StreamUsage } from './anthropic-stream-usage.js';
import {
  type AnthropicBlock,
  type AnthropicUsage,
  anthropicEventSchema,
  contentBlockStopSchema,
  messageDeltaSchema,
  messageStartSchema,
} from './anthropic-wire.js';
import { citationSource } from './citation-sources.js';
import { emitCompleteBlock } from './emit-complete-block.js';
import { endStreamBlock, stopStreamBlock } from './end-stream-block.js';
import type { BlockContext } from './map-anthropic-block.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';
import { mapAnthropicUsage } from './map-anthropic-usage.js';
import { type PlainAnthropicEvent, plainAnthropicEvent } from './plain-anthropic-event.js';
import { plainAnthropicMessage, plainMessageDelta } from './plain-anthropic-message.js';
import { startStreamBlock } from './start-stream-block.js';
import { plainBlockDelta, streamBlockDelta } from './stream-block-delta.js';
import { unknownBlocksOf, unknownBlockWarning } from './unknown-blocks.js';

/** A refusal with no answer: `stop_reason: refusal` and no content. */
export const refusedWithoutContent: ClassifiedFailure = {
  kind: 'content_filtered',
  code: 'refusal',
  message: 'the model refused to answer (stop_reason refusal, no content)',
};

/**
 * {@link refusedWithoutContent}, its message naming what the message's
 * `stop_details` say (its `category` and `explanation`), when it has them.
 *
 * @param stopDetails the message's `stop_details`, as sent.
 * @returns the failure.
 */
export function refusalFailure(stopDetails: unknown): ClassifiedFailure {
  if (typeof stopDetails !== 'object' || stopDetails === null) return refusedWithoutContent;
  const { category, explanation } = stopDetails as { category?: unknown; explanation?: unknown };
  const said = [
    typeof category === 'string' ? `category ${category}` : undefined,
    typeof explanation === 'string' ? readableMessage(explanation) : undefined,
  ].filter((part) => part !== undefined);
  if (said.length === 0) return refusedWithoutContent;
  return { ...refusedWithoutContent, message: `${refusedWithoutContent.message}: ${said.join(': ')}` };
}

/**
 * Turns Messages API stream events into AI SDK stream parts. Handles what
 * real traffic sends besides the documented flow: events without `event:`
 * lines (read by their `type`), an answer that arrives whole inside
 * `message_start` (its blocks and `stop_reason`), a `tool_use` whose input
 * is complete in `content_block_start`, a duplicate `message_start`,
 * server-tool calls and results, compaction blocks, cumulative usage in
 * `message_delta` (with `iterations`), what a message says about itself
 * (`container`, `stop_details`, `context_management`, `service_tier`, ...:
 * `StreamMessageFacts`), and `event: error`. It reads to the
 * end of the body: a body that holds several messages one after the other (a
 * recorded agent loop) is one answer, its usage summed (each step was
 * billed). A second message starting before the first ended (a spliced
 * stream) is `malformed_response`. What goes into no part (deltas and events
 * of types newer than this adapter, deltas that fit no open block) is kept in
 * the finish part's metadata with a warning per type (`UnreadStreamEvents`),
 * as unknown blocks are.
 *
 * The message's lifecycle is read here; its content blocks are started
 * (`startStreamBlock`), grown (`streamBlockDelta`) and ended
 * (`endStreamBlock`) on one shared `StreamState`, and its usage is summed in
 * `StreamUsage`.
 */
export class AnthropicStreamDecoder implements StreamDecoder<SseJsonEvent> {
  readonly #state: StreamState;
  #messageId: string | null | undefined;
  #started = false;
  /** A message is open: started, not stopped yet. */
  #open = false;
  #stopReason: string | undefined;
  #stopSequence: string | undefined;
  readonly #usage = new StreamUsage();
  readonly #facts = new StreamMessageFacts();

  constructor(context: BlockContext) {
    this.#state = { context, blocks: new Map(), answered: false, heldWebCitations: [] };
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
        : parseWire(anthropicEventSchema, event.data, wireOf(this.#state, 'a Messages API stream event'))
            .type;
    switch (type) {
      case 'message_start':
        this.#start(data, emit);
        return false;
      case 'content_block_start':
        startStreamBlock(this.#state, data, emit);
        return false;
      case 'content_block_delta':
        streamBlockDelta(this.#state, data, emit);
        return false;
      case 'content_block_stop': {
        const { index } = parseWire(
          contentBlockStopSchema,
          data,
          wireOf(this.#state, 'a content_block_stop event'),
        );
        stopStreamBlock(this.#state, index, emit);
        return false;
      }
      case 'message_delta': {
        const delta =
          plainMessageDelta(data) ??
          parseWire(messageDeltaSchema, data, wireOf(this.#state, 'a message_delta event'));
        this.#stopReason = delta.delta?.stop_reason ?? this.#stopReason;
        this.#stopSequence = delta.delta?.stop_sequence ?? this.#stopSequence;
        this.#usage.merge(delta.usage);
        this.#facts.delta(data);
        return false;
      }
      case 'message_stop':
        // Read on to the end of the body: a recorded multi-step body holds the next message.
        this.#open = false;
        return false;
      case 'error':
        throw this.#streamError(data);
      case 'ping':
        return false;
      default:
        // An event type newer than this adapter: kept as sent, with a warning at the end.
        unreadOf(this.#state).keepEvent(data as { type: string });
        return false;
    }
  }

  /** An event `plainAnthropicEvent` checked: what the schemas would have let through, read the same way. */
  #plain(event: PlainAnthropicEvent, emit: EmitPart): void {
    switch (event.type) {
      case 'content_block_delta':
        plainBlockDelta(this.#state, event, emit);
        return;
      case 'content_block_stop':
        stopStreamBlock(this.#state, event.index, emit);
        return;
      case 'message_stop':
        // Read on to the end of the body: a recorded multi-step body holds the next message.
        this.#open = false;
        return;
      case 'ping':
        return;
    }
  }

  #start(data: Record<string, unknown>, emit: EmitPart): void {
    const message =
      plainAnthropicMessage(data.message) ??
      parseWire(messageStartSchema, data, wireOf(this.#state, 'a message_start event')).message;
    if (this.#open) {
      if (message.id === this.#messageId) return;
      throw callFailure(
        this.#state.context.call,
        malformedResponse(
          `a second message (${String(message.id)}) began before message ${String(this.#messageId)} ended: the stream was spliced`,
        ),
      );
    }
    const first = !this.#started;
    if (!first) {
      // The next step of a multi-step body: its tokens were billed too.
      this.#usage.nextStep();
    }
    this.#started = true;
    this.#open = true;
    this.#messageId = message.id;
    this.#stopReason = message.stop_reason ?? undefined;
    this.#stopSequence = message.stop_sequence ?? undefined;
    this.#usage.merge(message.usage);
    this.#facts.message(message);
    if (first)
      emit({
        type: 'response-metadata',
        ...(message.id == null ? {} : { id: message.id }),
        ...(message.model == null ? {} : { modelId: message.model }),
      });
    // An answer can come whole inside message_start (a deferred tool call): every block is complete.
    (message.content ?? []).forEach((block, index) => {
      emitCompleteBlock(this.#state, block as AnthropicBlock, index, `m${index}`, emit);
    });
  }

  #streamError(data: Record<string, unknown>) {
    const envelope = readErrorEnvelope(data);
    return callFailure(
      this.#state.context.call,
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
    const { blocks } = this.#state;
    for (const block of blocks.values()) endStreamBlock(this.#state, block, emit);
    blocks.clear();
    if (this.#stopReason === 'refusal' && !this.#state.answered)
      return refusalFailure(this.#facts.stopDetails);
    const { context, heldWebCitations } = this.#state;
    if (!context.webSearchResults)
      for (const citation of heldWebCitations) {
        const source = citationSource(citation, context.documents, () => context.sourceId());
        if (source !== undefined) emit(source);
      }
    const usage = this.#usage.total();
    const { unknownBlocks } = context;
    const { unread } = this.#state;
    const anthropic = {
      usage: usage as JSONValue,
      stopSequence: this.#stopSequence ?? null,
      ...this.#facts.metadata(usage),
      ...unknownBlocksOf(unknownBlocks),
      ...unread?.metadata(),
    };
    emit({
      type: 'finish',
      finishReason: mapAnthropicStopReason(this.#stopReason),
      usage: mapAnthropicUsage(usage as AnthropicUsage),
      // What was left out is known only now: its warnings ride on the finish part (the router records them).
      providerMetadata:
        unknownBlocks.length === 0 && unread === undefined
          ? { anthropic }
          : withFinishWarnings({ anthropic }, [
              ...unknownBlocks.map(unknownBlockWarning),
              ...(unread?.warnings() ?? []),
            ]),
    });
    return undefined;
  }

  close(emit: EmitPart): void {
    const { blocks } = this.#state;
    for (const [index, block] of blocks) {
      if (block.kind === 'tool') continue;
      blocks.delete(index);
      endStreamBlock(this.#state, block, emit);
    }
  }
}
