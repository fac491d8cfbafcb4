import type { LanguageModelV4 } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { modelIdentity } from './model-identity.js';

describe('modelIdentity', () => {
  it("copies the wrapped model's identity fields and none of its methods", () => {
    const supportedUrls = { 'image/*': [/^https:\/\//] };
    const model = {
      specificationVersion: 'v4',
      provider: 'llama-cpp',
      modelId: 'tiny.gguf',
      supportedUrls,
      doGenerate: async () => {
        throw new Error('not called');
      },
      doStream: async () => {
        throw new Error('not called');
      },
    } as unknown as LanguageModelV4;
    const identity = modelIdentity(model);
    expect(identity).toEqual({
      specificationVersion: 'v4',
      provider: 'llama-cpp',
      modelId: 'tiny.gguf',
      supportedUrls,
    });
    expect(identity.supportedUrls).toBe(supportedUrls);
    expect(Object.keys(identity)).not.toContain('doGenerate');
  });
});
