import type { LanguageModelV4GenerateResult } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import type { SwitchyardMetadata } from '../record/switchyard-metadata.js';
import { servedResult } from './served-result.js';

const switchyard: SwitchyardMetadata = {
  servedBy: 'alpha',
  requestId: 'req-1',
  fallbackDepth: 0,
  attempts: 1,
};

/** What `servedResult` must equal: the result shaped with spreads, as `routeGenerate` did before it. */
const spreadShaped = (result: LanguageModelV4GenerateResult, modelId: string) => ({
  ...result,
  response: { ...result.response, modelId: result.response?.modelId ?? modelId },
  providerMetadata: { ...result.providerMetadata, switchyard },
});

const responses = [
  undefined,
  null,
  {},
  { id: 'resp-1' },
  { modelId: undefined, id: 'resp-2' },
  { modelId: null },
  { id: 'resp-3', modelId: 'given-model', headers: { 'x-request-id': 'abc' } },
];
const providerMetadatas = [
  undefined,
  null,
  {},
  { openai: { cached: 1 } },
  { switchyard: { servedBy: 'stale' } },
];

describe('servedResult', () => {
  it('equals the spread-shaped result for every response and providerMetadata, key order included', () => {
    for (const response of responses) {
      for (const providerMetadata of providerMetadatas) {
        const result = {
          content: [{ type: 'text', text: 'hello' }],
          finishReason: { unified: 'stop', raw: 'stop' },
          usage: { inputTokens: { total: 1 }, outputTokens: { total: 2 } },
          warnings: [],
          response,
          providerMetadata,
        } as unknown as LanguageModelV4GenerateResult;
        const before = structuredClone(result);
        const shaped = servedResult(result, 'target-model', switchyard);
        const expected = spreadShaped(result, 'target-model');
        expect(shaped).toStrictEqual(expected);
        expect(Object.keys(shaped)).toEqual(Object.keys(expected));
        expect(Object.keys(shaped.response ?? {})).toEqual(Object.keys(expected.response));
        expect(Object.keys(shaped.providerMetadata ?? {})).toEqual(Object.keys(expected.providerMetadata));
        // The model's objects are copied, never changed.
        expect(result).toStrictEqual(before);
        if (response) expect(shaped.response).not.toBe(response);
        if (providerMetadata) expect(shaped.providerMetadata).not.toBe(providerMetadata);
      }
    }
  });

  it('keeps a field the model gave that the router does not know', () => {
    const result = {
      content: [],
      finishReason: { unified: 'stop', raw: undefined },
      usage: { inputTokens: { total: 0 }, outputTokens: { total: 0 } },
      warnings: [],
      request: { body: '{}' },
    } as unknown as LanguageModelV4GenerateResult;
    const shaped = servedResult(result, 'target-model', switchyard);
    expect(shaped.request).toBe(result.request);
    expect(shaped.response).toEqual({ modelId: 'target-model' });
    expect(shaped.providerMetadata).toEqual({ switchyard });
  });
});
