import { ContentBlocks, type EmitPart, type StreamDecoder } from '@switchyard/core/adapter';
import type { ClassifiedFailure } from '@switchyard/core/failure';
import type { LlamaEvent } from './llama-run-events.js';
import { mapLlamaStopReason } from './map-llama-stop-reason.js';
import { mapLlamaUsage } from './map-llama-usage.js';
import type { LlamaOutputMode } from './prepare-llama-generation.js';
import type { LlamaRun } from './run-llama-generation.js';

/**
 * Turns the events of an in-process generation into AI SDK stream parts, for
 * `providerStream`: thought segments as reasoning, text as it is generated
 * (not in `tool` mode, where the text is the forced call's JSON), then, once
 * the run is done, each tool call whole and the finish with the stop reason
 * and usage in tokens.
 */
export class LlamaStreamDecoder implements StreamDecoder<LlamaEvent> {
  readonly #modelId: string;
  readonly #mode: LlamaOutputMode;
  readonly #timestamp: Date;
  #metadataSent = false;
  readonly #blocks = new ContentBlocks('0');
  #run: LlamaRun | undefined;

  /**
   * @param options.modelId the model id, for `response-metadata`.
   * @param options.mode how the answer is constrained.
   * @param options.timestamp when the call started, for `response-metadata`.
   */
  constructor(options: { modelId: string; mode: LlamaOutputMode; timestamp: Date }) {
    this.#modelId = options.modelId;
    this.#mode = options.mode;
    this.#timestamp = options.timestamp;
  }

  push(event: LlamaEvent, emit: EmitPart): boolean {
    if (!this.#metadataSent) {
      this.#metadataSent = true;
      emit({ type: 'response-metadata', modelId: this.#modelId, timestamp: this.#timestamp });
    }
    if (event.type === 'chunk') {
      const { chunk } = event;
      if (chunk.text === '') return false;
      if (chunk.type === 'segment') {
        this.#blocks.reasoning(chunk.text, emit);
      } else if (this.#mode.type !== 'tool') {
        this.#blocks.text(chunk.text, emit);
      }
      return false;
    }
    this.#run = event.run;
    this.close(emit);
    for (const part of event.run.content) {
      if (part.type === 'text' && this.#mode.type === 'tool') {
        // A forced call cut before its JSON was whole: the text, as generate returns it.
        this.#blocks.text(part.text, emit);
        this.close(emit);
      }
      if (part.type !== 'tool-call') continue;
      emit({ type: 'tool-input-start', id: part.toolCallId, toolName: part.toolName });
      emit({ type: 'tool-input-delta', id: part.toolCallId, delta: part.input });
      emit({ type: 'tool-input-end', id: part.toolCallId });
      emit(part);
    }
    return true;
  }

  close(emit: EmitPart): void {
    this.#blocks.close(emit);
  }

  end(emit: EmitPart): ClassifiedFailure | undefined {
    const run = this.#run;
    if (run === undefined) {
      return {
        kind: 'transient',
        code: 'stream_truncated',
        message: 'the generation ended without its result',
      };
    }
    this.close(emit);
    const hasToolCalls = run.content.some((part) => part.type === 'tool-call');
    emit({
      type: 'finish',
      finishReason: mapLlamaStopReason(run.response.metadata.stopReason, hasToolCalls),
      usage: mapLlamaUsage(run),
    });
    return undefined;
  }
}
