import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import type { ClassifiedFailure } from '../failure/failure-kind.js';

/** Enqueues one stream part. */
export type EmitPart = (part: LanguageModelV4StreamPart) => void;

/**
 * What an adapter writes for its provider's stream format: how events become
 * AI SDK stream parts. `providerStream` drives it and owns everything else
 * (reading, raw parts, aborts, cancellation, errors).
 */
export interface StreamDecoder<Event> {
  /**
   * Turns one provider event into parts. Returns `true` when the provider
   * said the answer is complete (Anthropic's `message_stop`, Ollama's
   * `done: true`): nothing more is read, and {@link end} writes the finish.
   * Throws a `ProviderError` for an error the provider sent inside the stream.
   */
  push(event: Event, emit: EmitPart): boolean;
  /**
   * The answer ended (the provider's end marker, or the end of the body):
   * writes the `finish` part and returns `undefined`, or returns the failure
   * of an answer that never finished (no finish reason: a truncated stream;
   * a refusal without content).
   */
  end(emit: EmitPart): ClassifiedFailure | undefined;
  /** Closes open text, reasoning and tool-input parts, before an `error` part. */
  close(emit: EmitPart): void;
}
