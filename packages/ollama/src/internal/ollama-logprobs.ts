import type { JSONValue, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import type { ClassifiedFailure } from '@switchyard/core';
import type { EmitPart, ProviderCall, StreamDecoder } from '@switchyard/core/adapter';
import { OllamaStreamDecoder } from './ollama-stream-decoder.js';

/**
 * The token log probabilities of an `/api/chat` answer or stream part
 * (`logprobs`, sent when the request asks for them), as sent; `undefined`
 * when it has none.
 *
 * @param value the answer or part.
 * @returns the entries.
 */
export function ollamaLogprobsOf(value: unknown): JSONValue[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const logprobs = (value as { logprobs?: unknown }).logprobs;
  return Array.isArray(logprobs) ? (logprobs as JSONValue[]) : undefined;
}

/**
 * The stream decoder of a call: `OllamaStreamDecoder`, or, when the request
 * asks for log probabilities (`logprobs: true`), one that also keeps every
 * part's `logprobs`, joined, in the finish part's
 * `providerMetadata.ollama.logprobs`. Only such requests read the field of
 * every part.
 *
 * @param call the provider and model.
 * @param body the request body.
 * @returns the decoder.
 */
export function ollamaStreamDecoderFor(
  call: ProviderCall,
  body: Record<string, unknown>,
): StreamDecoder<unknown> {
  return body.logprobs === true ? new OllamaLogprobsDecoder(call) : new OllamaStreamDecoder(call);
}

class OllamaLogprobsDecoder extends OllamaStreamDecoder {
  readonly #logprobs: JSONValue[] = [];
  #sent = false;

  override push(event: unknown, emit: EmitPart): boolean {
    // The part is checked first (an error line throws, a malformed part fails).
    const done = super.push(event, emit);
    const logprobs = ollamaLogprobsOf(event);
    if (logprobs !== undefined) {
      this.#sent = true;
      this.#logprobs.push(...logprobs);
    }
    return done;
  }

  override end(emit: EmitPart): ClassifiedFailure | undefined {
    return super.end((part) => emit(part.type === 'finish' && this.#sent ? this.#withLogprobs(part) : part));
  }

  #withLogprobs(
    finish: Extract<LanguageModelV4StreamPart, { type: 'finish' }>,
  ): Extract<LanguageModelV4StreamPart, { type: 'finish' }> {
    const metadata = finish.providerMetadata ?? {};
    return {
      ...finish,
      providerMetadata: { ...metadata, ollama: { ...metadata.ollama, logprobs: this.#logprobs } },
    };
  }
}
