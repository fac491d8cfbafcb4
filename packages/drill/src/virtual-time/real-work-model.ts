import type { LanguageModelV4, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { modelIdentity } from './model-identity.js';
import { realWork as defaultRealWork, type RealWork } from './real-work.js';

/**
 * Wraps a model whose calls do real work the virtual clock cannot see (an
 * in-process inference engine such as llama.cpp): each `doGenerate`, each
 * `doStream` opening and each read of its stream is tracked in `realWork`,
 * so a drill on virtual time waits for it before advancing. The work takes
 * no virtual time: its real duration never reaches the records.
 *
 * Do not wrap a model that waits on timers (a simulator or a network client
 * with its own timeouts): the clock does not move while tracked work runs.
 *
 * @param model the model.
 * @param realWork the tracker (default the process-wide one `runOnVirtualTime` consults).
 * @returns a model with the same identity that declares its work.
 *
 * @example
 * ```ts
 * const models = { 'local-llama': realWorkModel(llamaCpp.languageModel('model.gguf')) };
 * ```
 */
export function realWorkModel(model: LanguageModelV4, realWork: RealWork = defaultRealWork): LanguageModelV4 {
  return {
    ...modelIdentity(model),
    doGenerate: (options) => realWork.track(Promise.resolve(model.doGenerate(options))),
    async doStream(options) {
      const result = await realWork.track(Promise.resolve(model.doStream(options)));
      const reader = result.stream.getReader();
      const stream = new ReadableStream<LanguageModelV4StreamPart>({
        async pull(controller) {
          const next = await realWork.track(reader.read());
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        },
        cancel: (reason) => reader.cancel(reason),
      });
      return { ...result, stream };
    },
  };
}
