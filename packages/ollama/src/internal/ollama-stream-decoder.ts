import type { ClassifiedFailure } from '@switchyard/core';
import { type EmitPart, type ProviderCall, parseWire, type StreamDecoder } from '@switchyard/core/adapter';
import { mapOllamaDoneReason } from './map-ollama-done-reason.js';
import { mapOllamaUsage } from './map-ollama-usage.js';
import { type OllamaChatResponse, ollamaChatResponseSchema } from './ollama-wire.js';

/** A tool-call id for a server that sends none (Ollama before 0.12 sent no ids). */
export function ollamaToolCallId(index: number): string {
  return `call_${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}_${index}`;
}

/**
 * Turns `/api/chat` NDJSON parts into AI SDK stream parts: thinking as
 * reasoning, content as text, each tool call whole (Ollama sends them whole,
 * arguments as an object), and the finish with usage at `done: true`, after
 * which nothing more is read. The `ollama` client itself reports a stream
 * that ends without `done`.
 */
export class OllamaStreamDecoder implements StreamDecoder<unknown> {
  readonly #call: ProviderCall;
  #metadataSent = false;
  #textOpen = false;
  #reasoningOpen = false;
  #reasoningCount = 0;
  #toolCount = 0;
  #final: OllamaChatResponse | undefined;

  constructor(call: ProviderCall) {
    this.#call = call;
  }

  push(event: unknown, emit: EmitPart): boolean {
    const chunk = parseWire(ollamaChatResponseSchema, event, {
      call: this.#call,
      what: 'an /api/chat stream part',
    });
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
      if (!this.#reasoningOpen) {
        this.#reasoningOpen = true;
        emit({ type: 'reasoning-start', id: this.#reasoningId });
      }
      emit({ type: 'reasoning-delta', id: this.#reasoningId, delta: message.thinking });
    }
    if (message?.content) {
      this.#closeReasoning(emit);
      if (!this.#textOpen) {
        this.#textOpen = true;
        emit({ type: 'text-start', id: '0' });
      }
      emit({ type: 'text-delta', id: '0', delta: message.content });
    }
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

  get #reasoningId(): string {
    return `reasoning-${this.#reasoningCount}`;
  }

  #closeReasoning(emit: EmitPart): void {
    if (!this.#reasoningOpen) return;
    this.#reasoningOpen = false;
    emit({ type: 'reasoning-end', id: this.#reasoningId });
    this.#reasoningCount++;
  }

  close(emit: EmitPart): void {
    this.#closeReasoning(emit);
    if (this.#textOpen) {
      this.#textOpen = false;
      emit({ type: 'text-end', id: '0' });
    }
  }

  end(emit: EmitPart): ClassifiedFailure | undefined {
    if (this.#final === undefined) {
      return {
        kind: 'transient',
        code: 'stream_truncated',
        message: 'the stream ended without its done part',
      };
    }
    this.close(emit);
    emit({
      type: 'finish',
      finishReason: mapOllamaDoneReason(this.#final.done_reason, this.#toolCount > 0),
      usage: mapOllamaUsage(this.#final, this.#reasoningCount > 0 || this.#reasoningOpen),
    });
    return undefined;
  }
}
