import type { LanguageModelV4, LanguageModelV4StreamPart } from '@ai-sdk/provider';

/** A model whose stream sends a word every `everyMs` and never finishes. */
export function tricklingModel(everyMs: number): LanguageModelV4 {
  return {
    specificationVersion: 'v4',
    provider: 'openai.chat',
    modelId: 'gpt-5.4',
    supportedUrls: {},
    doGenerate: () => Promise.reject(new Error('stream only')),
    doStream: async () => {
      let step = 0;
      const stream = new ReadableStream<LanguageModelV4StreamPart>(
        {
          pull: async (controller) => {
            if (step === 0) controller.enqueue({ type: 'stream-start', warnings: [] });
            else if (step === 1) controller.enqueue({ type: 'text-start', id: '0' });
            else {
              if (step > 2) await new Promise((resolve) => setTimeout(resolve, everyMs));
              controller.enqueue({ type: 'text-delta', id: '0', delta: 'word ' });
            }
            step++;
          },
        },
        { highWaterMark: 0 },
      );
      return { stream };
    },
  };
}
