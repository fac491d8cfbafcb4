import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import { type ClassifiedFailure, ProviderError } from '@switchyard/core';

/** What one call of a scripted model does. */
export type ScriptedStep =
  /** Answers with this text (streamed word by word). */
  | { text: string; usage?: { input: number; output: number } }
  /** Calls a tool with this input. */
  | { toolCall: { toolName: string; input: unknown } }
  /** Fails the call: `doGenerate` rejects, `doStream` rejects before any part. */
  | { error: unknown }
  /** Streams `afterWords` words of `text`, then an error part (generate: rejects). */
  | { text: string; streamErrorAfterWords: number; error: unknown }
  /** Streams these parts exactly (generate: not supported). */
  | { parts: LanguageModelV4StreamPart[] }
  /** Never answers until the call is aborted. */
  | { hang: true };

/** A model whose results are consumed one per call, for tests. */
export interface ScriptedModel extends LanguageModelV4 {
  /** The options of every call, in order. */
  readonly calls: LanguageModelV4CallOptions[];
  /** Steps not consumed yet. */
  readonly remaining: number;
}

const usageOf = (input: number, output: number) => ({
  inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: output, text: output, reasoning: 0 },
});

/** A ProviderError with this failure, as an adapter would throw. */
export function providerFailure(
  failure: ClassifiedFailure,
  provider = 'mock',
  model = 'mock-model',
): ProviderError {
  return new ProviderError({ provider, model, failure });
}

function abortable<T>(signal: AbortSignal | undefined): Promise<T> {
  return new Promise<T>((_, reject) => {
    if (signal?.aborted) reject(signal.reason);
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/**
 * A `LanguageModelV4` that plays a script: each call (generate or stream)
 * consumes the next step. A call past the end of the script fails loudly.
 *
 * @example
 * ```ts
 * const model = scriptedModel({ steps: [{ error: providerFailure({ kind: 'transient', message: '503' }) }, { text: 'Hello' }] });
 * ```
 */
export function scriptedModel(options: {
  steps: ScriptedStep[];
  provider?: string;
  modelId?: string;
}): ScriptedModel {
  const steps = [...options.steps];
  const calls: LanguageModelV4CallOptions[] = [];
  const provider = options.provider ?? 'mock';
  const modelId = options.modelId ?? 'mock-model';
  const take = (callOptions: LanguageModelV4CallOptions): ScriptedStep => {
    calls.push(callOptions);
    const step = steps.shift();
    if (!step)
      throw new Error(`scripted model ${provider}/${modelId} has no step left for call ${calls.length}`);
    return step;
  };
  return {
    specificationVersion: 'v4',
    provider,
    modelId,
    supportedUrls: {},
    calls,
    get remaining() {
      return steps.length;
    },
    async doGenerate(callOptions): Promise<LanguageModelV4GenerateResult> {
      const step = take(callOptions);
      if ('hang' in step) return abortable(callOptions.abortSignal);
      if ('error' in step && !('streamErrorAfterWords' in step)) throw step.error;
      if ('streamErrorAfterWords' in step) throw step.error;
      if ('parts' in step) throw new Error('a parts step can only answer doStream');
      if ('toolCall' in step) {
        return {
          content: [
            {
              type: 'tool-call',
              toolCallId: 'call-1',
              toolName: step.toolCall.toolName,
              input: JSON.stringify(step.toolCall.input),
            },
          ],
          finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
          usage: usageOf(10, 5),
          warnings: [],
          response: { id: 'response-1', modelId, timestamp: new Date(0) },
        };
      }
      return {
        content: [{ type: 'text', text: step.text }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: usageOf(step.usage?.input ?? 10, step.usage?.output ?? step.text.split(' ').length),
        warnings: [],
        response: { id: 'response-1', modelId, timestamp: new Date(0) },
      };
    },
    async doStream(callOptions) {
      const step = take(callOptions);
      if ('hang' in step) return abortable(callOptions.abortSignal);
      if ('error' in step && !('streamErrorAfterWords' in step)) throw step.error;
      let parts: LanguageModelV4StreamPart[];
      if ('parts' in step) parts = step.parts;
      else if ('toolCall' in step) {
        const input = JSON.stringify(step.toolCall.input);
        parts = [
          { type: 'stream-start', warnings: [] },
          { type: 'response-metadata', id: 'response-1', modelId },
          { type: 'tool-input-start', id: 'call-1', toolName: step.toolCall.toolName },
          { type: 'tool-input-delta', id: 'call-1', delta: input },
          { type: 'tool-input-end', id: 'call-1' },
          { type: 'tool-call', toolCallId: 'call-1', toolName: step.toolCall.toolName, input },
          {
            type: 'finish',
            finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
            usage: usageOf(10, 5),
          },
        ];
      } else {
        const words = step.text.split(' ');
        const shown = 'streamErrorAfterWords' in step ? words.slice(0, step.streamErrorAfterWords) : words;
        parts = [
          { type: 'stream-start', warnings: [] },
          { type: 'response-metadata', id: 'response-1', modelId },
          { type: 'text-start', id: 'text-1' },
          ...shown.map((word, index) => ({
            type: 'text-delta' as const,
            id: 'text-1',
            delta: index === 0 ? word : ` ${word}`,
          })),
        ];
        if ('streamErrorAfterWords' in step) parts.push({ type: 'error', error: step.error });
        else {
          parts.push({ type: 'text-end', id: 'text-1' });
          parts.push({
            type: 'finish',
            finishReason: { unified: 'stop', raw: 'stop' },
            usage: usageOf(step.usage?.input ?? 10, step.usage?.output ?? words.length),
          });
        }
      }
      let index = 0;
      return {
        stream: new ReadableStream<LanguageModelV4StreamPart>({
          pull(controller) {
            const part = parts[index++];
            if (part === undefined) controller.close();
            else controller.enqueue(part);
          },
        }),
      };
    },
  };
}
