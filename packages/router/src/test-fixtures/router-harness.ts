/** Shared set-up of the router's request-path tests: four scripted targets on route `chat`. */
import type { LanguageModelV4CallOptions, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import type { SwitchyardConfigInput } from '@switchyard/core';
import { createRouter } from '../create-router.js';
import { memorySink } from '../sinks/memory-sink.js';
import { providerFailure, type ScriptedStep, scriptedModel } from '../test/scripted-model.js';
import { testConfig } from './router-fixtures.js';

export const prompt: LanguageModelV4CallOptions['prompt'] = [
  { role: 'user', content: [{ type: 'text', text: 'Hello there' }] },
];
export const call = (extra: Partial<LanguageModelV4CallOptions> = {}): LanguageModelV4CallOptions => ({
  prompt,
  ...extra,
});

export const transient = providerFailure({ kind: 'transient', status: 503, message: 'overloaded' });
export const regionBlock = providerFailure({
  kind: 'cutoff',
  cutoffReason: 'region_blocked',
  scope: 'jurisdiction',
  status: 403,
  message: 'region',
});
export const withdrawn = providerFailure({
  kind: 'cutoff',
  cutoffReason: 'model_withdrawn',
  scope: 'target',
  status: 404,
  message: 'gone',
});

export function setup(
  steps: Partial<Record<'alpha' | 'beta' | 'gamma' | 'local', ScriptedStep[]>>,
  overrides: { config?: Partial<SwitchyardConfigInput> } & Partial<
    Omit<Parameters<typeof createRouter>[0], 'config'>
  > = {},
) {
  const models = {
    alpha: scriptedModel({ provider: 'openai.chat', modelId: 'gpt-5.4', steps: steps.alpha ?? [] }),
    beta: scriptedModel({
      provider: 'anthropic.messages',
      modelId: 'claude-sonnet-5',
      steps: steps.beta ?? [],
    }),
    gamma: scriptedModel({ provider: 'mistral', modelId: 'mistral-large', steps: steps.gamma ?? [] }),
    local: scriptedModel({ provider: 'ollama', modelId: 'llama4', steps: steps.local ?? [] }),
  };
  const sink = memorySink();
  const { config, ...rest } = overrides;
  const router = createRouter({
    config: testConfig(config),
    models,
    sinks: [sink],
    health: { maxRetries: 0, ...overrides.health },
    random: () => 0.5,
    ...rest,
  });
  return { router, models, sink, model: router.languageModel('chat') };
}

/**
 * Reads a stream to its end. A stream that fails ends with an `error` part and
 * then errors with the same error: that error ends the reading; any other is thrown.
 */
export async function collect(stream: ReadableStream<LanguageModelV4StreamPart>) {
  const parts: LanguageModelV4StreamPart[] = [];
  const reader = stream.getReader();
  for (;;) {
    let next: Awaited<ReturnType<typeof reader.read>>;
    try {
      next = await reader.read();
    } catch (error) {
      const last = parts.at(-1);
      if (last?.type === 'error' && last.error === error) return parts;
      throw error;
    }
    if (next.done) return parts;
    parts.push(next.value);
  }
}

export const textOf = (parts: LanguageModelV4StreamPart[]) =>
  parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');
