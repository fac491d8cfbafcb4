import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
} from '@ai-sdk/provider';
import { maxTimerMs } from '../timeline/long-timeout.js';
import { modelIdentity } from './model-identity.js';
import { type Pace, paceTiming, waitOnClock } from './pace-timing.js';
import { PartPacer } from './part-pacer.js';
import { realWork as defaultRealWork, type RealWork } from './real-work.js';

/** A stream read to its end: its parts, the rest of its result, and the error it ended with, if any. */
interface ReadStream {
  readonly parts: LanguageModelV4StreamPart[];
  readonly rest: Omit<LanguageModelV4StreamResult, 'stream'>;
  readonly error?: { readonly reason: unknown };
}

/**
 * A paced in-process model whose compute runs beside the virtual clock: what
 * `pacedModel(realWorkModel(model))` gives, in less real time.
 *
 * With `realWorkModel` the clock stops while the model computes, although
 * nothing reads the answer before its paced first-token time: one core
 * infers while the other waits. Here the call starts at once, is tracked as
 * real work `until` that instant (`firstTokenMs` after the call), and the
 * clock meanwhile fires every timer due before it, so the simulated traffic
 * goes on beside the inference. The answer, or the model's failure, reaches
 * the caller at its first-token time, then token by token as `pacedModel`
 * paces it; so every instant a drill records is a function of the calls
 * alone, whatever the machine.
 *
 * For that the model must answer each call as a function of the call alone
 * and run its calls one at a time in the order they came (the drill's
 * default: `memoizedModel` in front of one sequence with no prompt cache).
 * The model runs each call to its end without the caller's abort signal: an
 * abort reaches the caller at its own instant, through the paced waits, with
 * the failure every adapter gives an abort. Response timestamps are the
 * call's instant.
 *
 * @param options.model the in-process model (its calls in order, each answer a function of its call).
 * @param options.pace first-token delay and token rate.
 * @param options.timeScale divides every delay (loopback mode); default 1.
 * @param options.realWork the tracker the clock consults (default the process-wide one).
 * @returns the model, paced, its compute beside the clock.
 * @example
 * ```ts
 * const local = overlappedModel({ model: memoizedModel(llama), pace: { firstTokenMs: 600, tokensPerSecond: 50 } });
 * ```
 */
export function overlappedModel(options: {
  model: LanguageModelV4;
  pace: Pace;
  timeScale?: number;
  realWork?: RealWork;
}): LanguageModelV4 {
  const { model } = options;
  const work = options.realWork ?? defaultRealWork;
  const timing = paceTiming(model, options.pace, options.timeScale);
  const { firstTokenMs, msPerToken, fail } = timing;
  // The first-token timer is due at `now + floor(firstTokenMs)` or later: nothing reads the
  // answer before that instant. Below 1 ms (or past what a timer takes) the clock waits for it.
  const lead = firstTokenMs >= 1 && firstTokenMs < maxTimerMs ? Math.floor(firstTokenMs) : 0;
  /** Starts the call now, tracked until its first-token instant; the first-token wait starts with it. */
  const begin = <T>(
    call: LanguageModelV4CallOptions,
    run: (unsignalled: LanguageModelV4CallOptions) => PromiseLike<T>,
  ) => {
    const startedAt = Date.now();
    const firstToken = waitOnClock(firstTokenMs, call.abortSignal, fail);
    const { abortSignal: _signal, ...unsignalled } = call;
    const answer = work.track(Promise.resolve().then(() => run(unsignalled)) as Promise<T>, {
      until: startedAt + lead,
    });
    // Read after the first token; a failure before then is not unhandled.
    answer.catch(() => {});
    return { startedAt, firstToken, answer };
  };
  return {
    ...modelIdentity(model),
    async doGenerate(call) {
      const { startedAt, firstToken, answer } = begin(call, (unsignalled) => model.doGenerate(unsignalled));
      await firstToken;
      const result = await answer;
      await waitOnClock(msPerToken * (result.usage.outputTokens.total ?? 0), call.abortSignal, fail);
      return { ...result, response: { ...result.response, timestamp: new Date(startedAt) } };
    },
    async doStream(call) {
      const { startedAt, firstToken, answer } = begin(call, (unsignalled) => readStream(model, unsignalled));
      await firstToken;
      const { parts, rest, error } = await answer;
      const stamp = new Date(startedAt);
      let next = 0;
      // The first-token wait is done: the rest is paced part by part.
      const pacer = new PartPacer(timing, call.abortSignal, true);
      const stream = new ReadableStream<LanguageModelV4StreamPart>({
        async pull(controller) {
          const part = parts[next++];
          if (part === undefined) {
            if (error === undefined) controller.close();
            else controller.error(error.reason);
            return;
          }
          try {
            await pacer.before(part);
          } catch (failure) {
            next = parts.length;
            controller.enqueue({ type: 'error', error: failure });
            controller.close();
            return;
          }
          controller.enqueue(
            part.type === 'response-metadata' && part.timestamp !== undefined
              ? { ...part, timestamp: stamp }
              : part,
          );
        },
      });
      return { ...rest, stream };
    },
  };
}

/** Calls `doStream` and reads the whole stream as the model produces it. */
async function readStream(model: LanguageModelV4, call: LanguageModelV4CallOptions): Promise<ReadStream> {
  const { stream, ...rest } = await model.doStream(call);
  const parts: LanguageModelV4StreamPart[] = [];
  const reader = stream.getReader();
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) return { parts, rest };
      parts.push(next.value);
    }
  } catch (reason) {
    return { parts, rest, error: { reason } };
  }
}
