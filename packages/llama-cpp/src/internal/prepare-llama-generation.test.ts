import { ProviderError } from '@switchyard/core/failure';
import { describe, expect, it } from 'vitest';
import { userPrompt } from '../test-fixtures/tiny-model.js';
import { prepareLlamaGeneration } from './prepare-llama-generation.js';

const call = { provider: 'llama-cpp', model: 'tiny.gguf' };

function thrown(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(ProviderError.isInstance(error)).toBe(true);
    return (error as ProviderError).failure;
  }
  throw new Error('expected a ProviderError');
}

describe('prepareLlamaGeneration', () => {
  it('maps sampling, limits, stops and penalties, and minP from providerOptions', () => {
    const generation = prepareLlamaGeneration({
      call,
      callOptions: {
        prompt: userPrompt('Hi'),
        temperature: 0.7,
        topP: 0.9,
        topK: 40,
        seed: 3,
        maxOutputTokens: 16,
        stopSequences: ['END'],
        presencePenalty: 0.1,
        frequencyPenalty: 0.2,
        providerOptions: { 'llama-cpp': { minP: 0.05 } },
      },
    });
    expect(generation.options).toEqual({
      temperature: 0.7,
      topP: 0.9,
      topK: 40,
      seed: 3,
      maxTokens: 16,
      customStopTriggers: ['END'],
      repeatPenalty: { presencePenalty: 0.1, frequencyPenalty: 0.2 },
      minP: 0.05,
    });
    expect(generation.warnings).toEqual([]);
    expect(generation.mode).toEqual({ type: 'text' });
  });

  it('rejects an unknown provider option before any work, naming the closest one', () => {
    expect(
      thrown(() =>
        prepareLlamaGeneration({
          call,
          callOptions: { prompt: userPrompt('Hi'), providerOptions: { 'llama-cpp': { minp: 0.05 } } },
        }),
      ),
    ).toMatchObject({
      kind: 'invalid_request',
      code: 'invalid_provider_options',
      message: expect.stringMatching(/providerOptions\.llama-cpp\.minp: unknown key "minp".*"minP"/),
    });
  });

  it('rejects a minP out of range and the fields the call owns', () => {
    expect(
      thrown(() =>
        prepareLlamaGeneration({
          call,
          callOptions: { prompt: userPrompt('Hi'), providerOptions: { 'llama-cpp': { minP: 2 } } },
        }),
      ),
    ).toMatchObject({ code: 'invalid_provider_options', message: expect.stringContaining('minP') });
    expect(
      thrown(() =>
        prepareLlamaGeneration({
          call,
          callOptions: { prompt: userPrompt('Hi'), providerOptions: { 'llama-cpp': { messages: [] } } },
        }),
      ),
    ).toMatchObject({
      code: 'invalid_provider_options',
      message: expect.stringContaining('providerOptions.llama-cpp.messages cannot be set'),
    });
  });
});
