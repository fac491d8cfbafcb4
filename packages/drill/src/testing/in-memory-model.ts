import type { LanguageModelV4, LanguageModelV4StreamPart } from '@ai-sdk/provider';

/**
 * A model that answers every call at once with a fixed text: a stand-in for
 * a real provider in live-mode tests. Counts its calls.
 */
export function inMemoryModel(options: {
  provider: string;
  modelId: string;
  text?: string;
}): LanguageModelV4 & {
  readonly calls: { count: number };
} {
  const text = options.text ?? 'ok from the yard';
  const usage = {
    inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: 4, text: 4, reasoning: 0 },
  };
  const calls = { count: 0 };
  return {
    specificationVersion: 'v4',
    provider: options.provider,
    modelId: options.modelId,
    supportedUrls: {},
    calls,
    async doGenerate() {
      calls.count++;
      return {
        content: [{ type: 'text', text }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage,
        warnings: [],
      };
    },
    async doStream() {
      calls.count++;
      const parts: LanguageModelV4StreamPart[] = [
        { type: 'stream-start', warnings: [] },
        { type: 'text-start', id: 't' },
        ...text
          .split(' ')
          .map((word): LanguageModelV4StreamPart => ({ type: 'text-delta', id: 't', delta: `${word} ` })),
        { type: 'text-end', id: 't' },
        { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage },
      ];
      return {
        stream: new ReadableStream<LanguageModelV4StreamPart>({
          start(controller) {
            for (const part of parts) controller.enqueue(part);
            controller.close();
          },
        }),
      };
    },
  } as LanguageModelV4 & { readonly calls: { count: number } };
}
