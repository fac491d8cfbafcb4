import type { ClassifiedFailure } from '@switchyard/core';
import {
  ContentBlocks,
  type EmitPart,
  type ProviderCall,
  parseWire,
  type StreamDecoder,
} from '@switchyard/core/adapter';
import { endsGeneration, mapOllamaDoneReason, noAnswerFailure } from './map-ollama-done-reason.js';
import { mapOllamaUsage } from './map-ollama-usage.js';
import { type OllamaChatResponse, ollamaChatResponseSchema } from './ollama-wire.js';
import { plainOllamaPart } from './plain-ollama-part.js';

/** A tool-call id for a server that sends none (Ollama before 0.12 sent no ids). */
export function ollamaToolCallId(index: number): string {
  return `call_${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}_${index}`;
}

/**
 * Turns `/api/chat` NDJSON parts into AI SDK stream parts: thinking as
 * reasoning, content as text, each tool call whole (Ollama sends them whole,
 * arguments as an object), and the finish with usage at `done: true`, after
 * which nothing more is read. An `{"error": ...}` line is thrown as the
 * `ollama` client throws it (an `Error` with its message, which
 * `classifyOllamaError` classifies); a stream that ends without `done` is
 * `stream_truncated`; a `done` part whose `done_reason` ends no generation
 * (`load`, `unload`, a new one) with nothing answered is `noAnswerFailure`.
 */
export class OllamaStreamDecoder implements StreamDecoder<unknown> {
  readonly #call: ProviderCall;
  #metadataSent = false;
  readonly #blocks = new ContentBlocks('0');
  #toolCount = 0;
  #final: OllamaChatResponse | undefined;

  constructor(call: ProviderCall) {
    this.#call = call;
  }

  push(event: unknown, emit: EmitPart): boolean {
    if (typeof event === 'object' && event !== null && 'error' in event) {
      const error = (event as { error: unknown }).error;
      throw new Error(typeof error === 'string' ? error : JSON.stringify(error));
    }
    const chunk =
      plainOllamaPart(event) ??
      parseWire(ollamaChatResponseSchema, event, { call: this.#call, what: 'an /api/chat stream part' });
    if (!this.#metadataSent) {
      this.#metadataSent = true;
      emit({
        type: 'response-metadata',
        ...(chunk.model ? { modelId: chunk.model } : {}),
        ...(chunk.created_at && !Number.isNaN(Date.parse(chunk.created_at))
          ? { timestamp: new Date(chunk.created_at) }
          : {}),
      });
    }
    const message = chunk.message;
    if (message?.thinking) {
      this.#blocks.reasoning(message.thinking, emit);
    }
    if (message?.content) this.#blocks.text(message.content, emit);
    for (const call of message?.tool_calls ?? []) {
      const id = call.id || ollamaToolCallId(this.#toolCount);
      this.#toolCount++;
      const input = JSON.stringify(call.function.arguments ?? {});
      emit({ type: 'tool-input-start', id, toolName: call.function.name });
      emit({ type: 'tool-input-delta', id, delta: input });
      emit({ type: 'tool-input-end', id });
      emit({ type: 'tool-call', toolCallId: id, toolName: call.function.name, input });
    }
    if (chunk.done) {
      this.#final = chunk;
      return true;
    }
    return false;
  }

  close(emit: EmitPart): void {
    this.#blocks.close(emit);
  }

  end(emit: EmitPart): ClassifiedFailure | undefined {
    if (this.#final === undefined) {
      return {
        kind: 'transient',
        code: 'stream_truncated',
        message: 'the stream ended without its done part',
      };
    }
    const reason = this.#final.done_reason;
    if (endsGeneration(reason)) this.close(emit);
    else {
      // A `load`, `unload` or new done_reason: an answer only when something came (an open text block is text).
      let answered = this.#toolCount > 0 || this.#blocks.reasoned;
      this.#blocks.close((part) => {
        if (part.type === 'text-end') answered = true;
        emit(part);
      });
      if (!answered) return noAnswerFailure(reason ?? '');
    }
    emit({
      type: 'finish',
      finishReason: mapOllamaDoneReason(this.#final.done_reason, this.#toolCount > 0),
      usage: mapOllamaUsage(this.#final, this.#blocks.reasoned),
    });
    return undefined;
  }
}
