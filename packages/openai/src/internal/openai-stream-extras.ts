import type { JSONValue, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import type { ClassifiedFailure } from '@switchyard/core';
import type { EmitPart, SseJsonEvent, StreamDecoder } from '@switchyard/core/adapter';
import { logprobsOf } from './openai-answer-extras.js';
import { OpenAIStreamDecoder } from './openai-stream-decoder.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A streamed spoken answer, put together from its pieces. */
interface StreamedAudio {
  id?: string;
  expires_at?: number;
  data: string;
  transcript: string;
}

/**
 * The stream decoder of a call: `OpenAIStreamDecoder`, or, when the request
 * asks for token log probabilities (`logprobs: true`) or spoken output
 * (`modalities` with `audio`), `OpenAIStreamExtras` around it, which keeps
 * them too. Only such requests read the two fields of every chunk: an
 * answer without them costs nothing more.
 *
 * @param call the provider and model.
 * @param body the request body.
 * @returns the decoder.
 */
export function openAIStreamDecoderFor(
  call: ConstructorParameters<typeof OpenAIStreamDecoder>[0],
  body: Record<string, unknown>,
): StreamDecoder<SseJsonEvent> {
  const decoder = new OpenAIStreamDecoder(call);
  const audio = Array.isArray(body.modalities) && body.modalities.includes('audio');
  return body.logprobs === true || audio ? new OpenAIStreamExtras(decoder) : decoder;
}

/**
 * Keeps what a stream sends beside text and tool calls when the request
 * asked for it, in the finish part's `providerMetadata.openai`: `logprobs`
 * (choice 0's `content`, then `refusal` entries, as `@ai-sdk/openai` keeps
 * them) and `audio` (`{ id, expires_at, data, transcript }`: the pieces of
 * `delta.audio` joined; `@ai-sdk/openai` leaves streamed audio out).
 */
export class OpenAIStreamExtras implements StreamDecoder<SseJsonEvent> {
  readonly #decoder: OpenAIStreamDecoder;
  #logprobs: JSONValue[] | undefined;
  #audio: StreamedAudio | undefined;

  constructor(decoder: OpenAIStreamDecoder) {
    this.#decoder = decoder;
  }

  push(event: SseJsonEvent, emit: EmitPart): boolean {
    // The decoder checks the chunk first (and throws for an error or a malformed chunk).
    const done = this.#decoder.push(event, emit);
    const choices = isObject(event.data) ? event.data.choices : undefined;
    if (!Array.isArray(choices)) return done;
    for (const choice of choices) {
      if (!isObject(choice) || (choice.index ?? 0) !== 0) continue;
      const logprobs = logprobsOf(choice.logprobs);
      if (logprobs !== undefined) {
        this.#logprobs ??= [];
        this.#logprobs.push(...logprobs);
      }
      const audio = isObject(choice.delta) ? choice.delta.audio : undefined;
      if (isObject(audio)) this.#addAudio(audio);
      break;
    }
    return done;
  }

  #addAudio(piece: Record<string, unknown>): void {
    this.#audio ??= { data: '', transcript: '' };
    const audio = this.#audio;
    if (typeof piece.id === 'string') audio.id = piece.id;
    if (typeof piece.expires_at === 'number') audio.expires_at = piece.expires_at;
    if (typeof piece.data === 'string') audio.data += piece.data;
    if (typeof piece.transcript === 'string') audio.transcript += piece.transcript;
  }

  end(emit: EmitPart): ClassifiedFailure | undefined {
    return this.#decoder.end((part) => emit(part.type === 'finish' ? this.#withExtras(part) : part));
  }

  close(emit: EmitPart): void {
    this.#decoder.close(emit);
  }

  #withExtras(
    finish: Extract<LanguageModelV4StreamPart, { type: 'finish' }>,
  ): Extract<LanguageModelV4StreamPart, { type: 'finish' }> {
    if (this.#logprobs === undefined && this.#audio === undefined) return finish;
    const metadata = finish.providerMetadata ?? {};
    return {
      ...finish,
      providerMetadata: {
        ...metadata,
        openai: {
          ...metadata.openai,
          ...(this.#logprobs === undefined ? {} : { logprobs: this.#logprobs }),
          ...(this.#audio === undefined ? {} : { audio: { ...this.#audio } }),
        },
      },
    };
  }
}
