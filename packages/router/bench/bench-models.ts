import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import type { SwitchyardConfigInput } from '@switchyard/core';

// The router bench's models, config and call options: in-memory models that cost next to nothing,
// so what a measure adds over them is the router's (or a wrapper's) own work.

const usage = {
  inputTokens: { total: 12, noCache: 12, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 8, text: 8, reasoning: 0 },
};
const generated: LanguageModelV4GenerateResult = {
  content: [{ type: 'text', text: 'A prebuilt answer.' }],
  finishReason: { unified: 'stop', raw: 'stop' },
  usage,
  warnings: [],
};

/** An in-memory model: a prebuilt generate result; streams of `parts` text deltas. */
export function memoryModel(provider: string, modelId: string): LanguageModelV4 & { streamParts: number } {
  const model = {
    specificationVersion: 'v4' as const,
    provider,
    modelId,
    supportedUrls: {},
    streamParts: 1,
    async doGenerate() {
      return generated;
    },
    async doStream() {
      let index = -2;
      const count = model.streamParts;
      const stream = new ReadableStream<LanguageModelV4StreamPart>(
        {
          pull(controller) {
            if (index === -2) controller.enqueue({ type: 'stream-start', warnings: [] });
            else if (index === -1) controller.enqueue({ type: 'text-start', id: '0' });
            else if (index < count) controller.enqueue({ type: 'text-delta', id: '0', delta: 'tok ' });
            else if (index === count) controller.enqueue({ type: 'text-end', id: '0' });
            else if (index === count + 1)
              controller.enqueue({ type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage });
            else controller.close();
            index++;
          },
        },
        { highWaterMark: 0 },
      );
      return { stream };
    },
  };
  return model;
}

/** A model whose streams send one text delta, then stay open until `release()`. */
export function pendingStreamModel(): LanguageModelV4 & { release(): void; hold(): void } {
  const waiting: (() => void)[] = [];
  let released = false;
  return {
    specificationVersion: 'v4',
    provider: 'openai.chat',
    modelId: 'gpt-5.4',
    supportedUrls: {},
    async doGenerate() {
      return generated;
    },
    async doStream() {
      let step = 0;
      const stream = new ReadableStream<LanguageModelV4StreamPart>(
        {
          pull(controller) {
            const end = () => {
              controller.enqueue({ type: 'text-end', id: '0' });
              controller.enqueue({ type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage });
              controller.close();
            };
            if (step === 0) controller.enqueue({ type: 'stream-start', warnings: [] });
            else if (step === 1) controller.enqueue({ type: 'text-start', id: '0' });
            else if (step === 2) controller.enqueue({ type: 'text-delta', id: '0', delta: 'first ' });
            else if (released) end();
            else
              return new Promise<void>((resolve) => {
                waiting.push(() => {
                  end();
                  resolve();
                });
              });
            step++;
            return undefined;
          },
        },
        { highWaterMark: 0 },
      );
      return { stream };
    },
    release() {
      released = true;
      for (const resolve of waiting.splice(0)) resolve();
    },
    hold() {
      released = false;
    },
  };
}

/** A realistic config: three hosted targets, local open weights as last resort, an export-control pack. */
export function benchConfig(): SwitchyardConfigInput {
  const target = (id: string, provider: string, hostedIn: string, weights: 'open' | 'closed') => ({
    id,
    provider,
    model: `${id}-model`,
    hostedIn,
    origin: 'US',
    weights,
    contextWindow: 200_000,
    capabilities: ['tools' as const, 'json' as const, 'streaming' as const],
    price: { input: 2, output: 8 },
  });
  return {
    targets: [
      target('frontier', 'openai', 'US', 'closed'),
      target('second', 'anthropic', 'US', 'closed'),
      target('eu', 'mistral', 'FR', 'open'),
      target('local', 'ollama', 'self', 'open'),
    ],
    routes: { chat: { targets: ['frontier', 'second', 'eu'], lastResort: ['local'] } },
    defaults: { context: { jurisdiction: 'DE', dataClass: 'internal' } },
    policy: {
      defaultEffect: 'allow',
      rules: [
        {
          id: 'export-control',
          description: 'No frontier provider for CN and RU callers',
          source: 'bench',
          effect: 'deny',
          when: { jurisdiction: ['CN', 'RU'] },
          targets: { provider: ['openai'] },
        },
        {
          id: 'eu-residency',
          description: 'Regulated data from EU callers stays in the EU or on premises',
          source: 'bench',
          effect: 'require',
          when: { jurisdiction: ['EU'], dataClass: ['regulated'] },
          targets: { hostedIn: ['EU', 'self'] },
        },
      ],
    },
  };
}

/** A one-message call, with the router's default context. */
export const callOptions: LanguageModelV4CallOptions = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
};
/** The same call with a context of its own in `providerOptions.switchyard`. */
export const callOptionsWithContext: LanguageModelV4CallOptions = {
  ...callOptions,
  providerOptions: { switchyard: { jurisdiction: 'DE', dataClass: 'internal', tenant: 'acme' } },
};

/**
 * `model` behind one pull-based stream that passes its parts on (two read
 * ahead, as the router's served stream): what interposing any stream costs
 * inside `streamText`, whose pipeline lets the queue fill (a drain's pending
 * read takes each part straight on and hides it).
 */
export function layered(model: LanguageModelV4): LanguageModelV4 {
  return {
    ...model,
    async doStream(options: LanguageModelV4CallOptions) {
      const reader = (await model.doStream(options)).stream.getReader();
      const source = {
        async pull(controller: ReadableStreamDefaultController<LanguageModelV4StreamPart>) {
          while ((controller.desiredSize ?? 0) > 0) {
            const next = await reader.read();
            if (next.done) return controller.close();
            controller.enqueue(next.value);
          }
        },
      };
      return { stream: new ReadableStream<LanguageModelV4StreamPart>(source, { highWaterMark: 2 }) };
    },
  };
}
