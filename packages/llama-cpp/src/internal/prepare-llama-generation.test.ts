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

  it('rejects a toolChoice that forces a call of no function tool, before any work', () => {
    const time = {
      type: 'function' as const,
      name: 'time',
      inputSchema: { type: 'object' as const, properties: {} },
    };
    const search = { type: 'provider' as const, id: 'openai.web_search' as const, name: 'search', args: {} };
    const prepare = (callOptions: Partial<Parameters<typeof prepareLlamaGeneration>[0]['callOptions']>) =>
      thrown(() =>
        prepareLlamaGeneration({ call, callOptions: { prompt: userPrompt('Hi'), ...callOptions } }),
      );
    expect(prepare({ tools: [time], toolChoice: { type: 'tool', toolName: 'weather' } })).toEqual({
      kind: 'invalid_request',
      code: 'invalid_tool_choice',
      message:
        'toolChoice names tool "weather", which is not a function tool of the call (function tools: time)',
    });
    expect(prepare({ tools: [search], toolChoice: { type: 'tool', toolName: 'search' } })).toMatchObject({
      message: expect.stringContaining('(function tools: none)'),
    });
    for (const tools of [undefined, [], [search]])
      expect(
        prepare({ ...(tools === undefined ? {} : { tools }), toolChoice: { type: 'required' } }),
      ).toMatchObject({
        code: 'invalid_tool_choice',
        message:
          'toolChoice is required, but the call offers no function tool (llama.cpp takes function tools only)',
      });
    // A named tool that is there is forced; `auto` without tools is free text.
    const forced = prepareLlamaGeneration({
      call,
      callOptions: {
        prompt: userPrompt('Hi'),
        tools: [time],
        toolChoice: { type: 'tool', toolName: 'time' },
      },
    });
    expect(forced.mode.type).toBe('tool');
    expect(
      prepareLlamaGeneration({
        call,
        callOptions: { prompt: userPrompt('Hi'), toolChoice: { type: 'auto' } },
      }).mode,
    ).toEqual({
      type: 'text',
    });
  });

  it('warns of the caller’s HTTP headers, which nothing carries, but not of the AI SDK’s user-agent', () => {
    const prepare = (headers: Record<string, string | undefined>) =>
      prepareLlamaGeneration({ call, callOptions: { prompt: userPrompt('Hi'), headers } }).warnings;
    expect(prepare({ 'user-agent': 'ai/7.0.173', 'x-unset': undefined })).toEqual([]);
    expect(prepare({ 'user-agent': 'ai/7.0.173', 'x-tenant': 'a', traceparent: '00-1-2-01' })).toEqual([
      {
        type: 'unsupported',
        feature: 'headers',
        details: 'llama.cpp runs in this process: no HTTP request carries x-tenant, traceparent',
      },
    ]);
  });
});
