import type { LanguageModelV4, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { modelIdentity } from './model-identity.js';
import type { Pace } from './pace-timing.js';
import { paceTiming, waitOnClock } from './pace-timing.js';
import { PartPacer } from './part-pacer.js';

export type { Pace } from './pace-timing.js';

/**
 * Paces a model's answers on the clock, as a simulator paces its own: a
 * non-streamed answer comes `firstTokenMs + outputTokens / tokensPerSecond`
 * after its call returned; a stream's first content part comes `firstTokenMs`
 * after it opened, each later token `1 / tokensPerSecond` after the previous
 * one, and its `finish` once all its output tokens are paid for. The answers
 * themselves (text, tokens, usage) are the model's.
 *
 * A drill wraps an in-process model (real inference, tracked by
 * `realWorkModel`, which takes no virtual time) in it, so the scenario's
 * `latency` entry for that target gives it a latency on the virtual clock,
 * the same for the same answer on every run. The waits are timers, so put
 * this outside `realWorkModel`, never inside. An abort during a wait fails the
 * call (or ends the stream with an error part) with the failure every adapter
 * gives an abort (`timeout` for a `TimeoutError` reason).
 *
 * @param options.model the model.
 * @param options.pace first-token delay and token rate.
 * @param options.timeScale divides every delay (loopback mode); default 1.
 * @returns a model with the same identity and the same answers, paced.
 *
 * @example
 * ```ts
 * const local = pacedModel({ model: realWorkModel(llama), pace: { firstTokenMs: 600, tokensPerSecond: 50 } });
 * ```
 */
export function pacedModel(options: {
  model: LanguageModelV4;
  pace: Pace;
  timeScale?: number;
}): LanguageModelV4 {
  const { model } = options;
  const timing = paceTiming(model, options.pace, options.timeScale);
  const { firstTokenMs, msPerToken, fail } = timing;
  return {
    ...modelIdentity(model),
    async doGenerate(call) {
      const result = await model.doGenerate(call);
      const outputTokens = result.usage.outputTokens.total ?? 0;
      await waitOnClock(firstTokenMs + msPerToken * outputTokens, call.abortSignal, fail);
      return result;
    },
    async doStream(call) {
      const result = await model.doStream(call);
      const reader = result.stream.getReader();
      const pacer = new PartPacer(timing, call.abortSignal);
      const stream = new ReadableStream<LanguageModelV4StreamPart>({
        async pull(controller) {
          const next = await reader.read();
          if (next.done) return controller.close();
          const part = next.value;
          try {
            await pacer.before(part);
          } catch (error) {
            await reader.cancel(error).catch(() => {});
            controller.enqueue({ type: 'error', error });
            controller.close();
            return;
          }
          controller.enqueue(part);
        },
        cancel: (reason) => reader.cancel(reason),
      });
      return { ...result, stream };
    },
  };
}
