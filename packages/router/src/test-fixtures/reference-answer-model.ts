/** A model that always gives one reference answer, continues a prefill, and fails on cue: for continuation tests. */
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Prompt,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import { ProviderError } from '@switchyard/core';
import { continueInstruction } from '../stream/continuation-prompt.js';
import { minOverlapChars } from '../stream/overlap-trimmer.js';

/** How one call of the model ends. */
export type ReferenceCall =
  /** Sends its whole share of the answer, then a finish part. */
  | { readonly kind: 'answer' }
  /** Fails before any content: the call rejects. */
  | { readonly kind: 'refuse' }
  /** After `afterChars` characters of its share: an error part, a thrown read, an end without finish, or silence. */
  | { readonly kind: 'error-part' | 'throw' | 'end' | 'stall'; readonly afterChars: number };

/**
 * What the model does with an assistant prefill, and with an explicit request
 * to continue. It restarts only once `minOverlapChars` were delivered (a
 * shorter restart cannot be told from a continuation: see the overlap trimmer).
 */
export interface ReferenceBehaviour {
  /** `continue`: answers the rest after a prefill; `reject`: a 400 for any prefill; `ignore`: restarts. */
  readonly prefill: 'continue' | 'reject' | 'ignore';
  /** After an explicit request: `continue` (the rest), `restart` (all again), `echo` (its last words again, then the rest). */
  readonly explicit: 'continue' | 'restart' | 'echo';
  /** Sizes of the text deltas it sends, cycled (default 5). */
  readonly chunks?: readonly number[];
}

export interface ReferenceModel extends LanguageModelV4 {
  /** How each call began: `plain`, `prefill` or `explicit`, and with how much delivered. */
  readonly calls: { mode: 'plain' | 'prefill' | 'explicit'; delivered: string }[];
}

const textOfMessage = (message: LanguageModelV4Prompt[number] | undefined): string =>
  message === undefined || message.role === 'system'
    ? ''
    : message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');

const usage = (output: number) => ({
  inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: output, text: output, reasoning: 0 },
});

/**
 * A `LanguageModelV4` whose every answer is `answer`: a plain call streams it
 * whole; a prefilled one streams the rest (or refuses, or restarts); an
 * explicit continuation streams the rest, restarts, or echoes its last
 * words first. Each call consumes the next of `script` (then answers).
 */
export function referenceAnswerModel(options: {
  answer: string;
  behaviour: ReferenceBehaviour;
  script: readonly ReferenceCall[];
  modelId?: string;
}): ReferenceModel {
  const { answer, behaviour } = options;
  const script = [...options.script];
  const calls: ReferenceModel['calls'] = [];
  const chunks = behaviour.chunks && behaviour.chunks.length > 0 ? behaviour.chunks : [5];
  const fail = (status: number, message: string, kind: 'invalid_request' | 'transient') =>
    new ProviderError({
      provider: 'reference',
      model: options.modelId ?? 'reference',
      failure: { kind, status, message },
    });
  return {
    specificationVersion: 'v4',
    provider: 'reference',
    modelId: options.modelId ?? 'reference',
    supportedUrls: {},
    calls,
    async doGenerate() {
      throw new Error('the reference model only streams');
    },
    async doStream(callOptions: LanguageModelV4CallOptions) {
      const prompt = callOptions.prompt;
      const last = prompt.at(-1);
      let share = answer;
      let mode: 'plain' | 'prefill' | 'explicit' = 'plain';
      let delivered = '';
      if (last?.role === 'assistant') {
        mode = 'prefill';
        delivered = textOfMessage(last);
        calls.push({ mode, delivered });
        if (behaviour.prefill === 'reject')
          throw fail(400, 'This model does not support assistant message prefill.', 'invalid_request');
        if (
          answer.startsWith(delivered) &&
          (behaviour.prefill === 'continue' || delivered.trimEnd().length < minOverlapChars)
        )
          share = answer.slice(delivered.length);
      } else if (last?.role === 'user' && textOfMessage(last) === continueInstruction) {
        mode = 'explicit';
        delivered = textOfMessage(prompt.at(-2));
        calls.push({ mode, delivered });
        const rest = answer.startsWith(delivered) ? answer.slice(delivered.length) : answer;
        const words = delivered.split(' ');
        // An echo: its last two words again (of more than two: fewer would be a restart).
        if (behaviour.explicit === 'echo' && /\w$/.test(delivered) && /^\s/.test(rest) && words.length > 2) {
          share = `${words.slice(-2).join(' ')}${rest}`;
        } else if (behaviour.explicit !== 'restart' || delivered.trimEnd().length < minOverlapChars)
          share = rest;
      } else calls.push({ mode, delivered });
      const step = script.shift() ?? { kind: 'answer' };
      if (step.kind === 'refuse') throw fail(503, 'overloaded', 'transient');
      const limit = step.kind === 'answer' ? share.length : Math.min(step.afterChars, share.length);
      const parts: LanguageModelV4StreamPart[] = [
        { type: 'stream-start', warnings: [] },
        { type: 'response-metadata', id: 'r', modelId: options.modelId ?? 'reference' },
        { type: 'text-start', id: '0' },
      ];
      for (let at = 0, index = 0; at < limit; index++) {
        const size = Math.max(1, chunks[index % chunks.length] as number);
        parts.push({ type: 'text-delta', id: '0', delta: share.slice(at, Math.min(limit, at + size)) });
        at += size;
      }
      if (step.kind === 'answer') {
        parts.push({ type: 'text-end', id: '0' });
        parts.push({
          type: 'finish',
          finishReason: { unified: 'stop', raw: 'stop' },
          usage: usage(share.length),
        });
      }
      let index = 0;
      const signal = callOptions.abortSignal;
      const stream = new ReadableStream<LanguageModelV4StreamPart>({
        pull(controller) {
          if (index < parts.length) {
            controller.enqueue(parts[index++] as LanguageModelV4StreamPart);
            return;
          }
          switch (step.kind) {
            case 'answer':
            case 'end':
              controller.close();
              return;
            case 'error-part':
              controller.enqueue({ type: 'error', error: fail(503, 'cut mid-answer', 'transient') });
              controller.close();
              return;
            case 'throw':
              controller.error(new TypeError('terminated'));
              return;
            case 'stall':
              // Silence until the router gives up on it.
              return new Promise<void>((resolve) => {
                signal?.addEventListener('abort', () => resolve(), { once: true });
              });
          }
        },
      });
      return { stream };
    },
  };
}
