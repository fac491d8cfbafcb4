import { ProviderError } from '@switchyard/core';
import { type SimulatorHandle, startSimulator } from '@switchyard/simulators';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createOpenAI } from './create-openai.js';

const prompt = { prompt: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi' }] }] };
let simulator: SimulatorHandle;

beforeAll(async () => {
  simulator = await startSimulator({ kind: 'openai', models: ['gpt-test'] });
});
afterAll(async () => {
  await simulator.stop();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createOpenAI', () => {
  describe('credentials', () => {
    it('does not throw at construction without an API key', () => {
      vi.stubEnv('OPENAI_API_KEY', '');
      expect(() => createOpenAI({ baseURL: simulator.baseURL })('gpt-test')).not.toThrow();
    });

    it('fails the call with auth (missing_credentials), before any request', async () => {
      vi.stubEnv('OPENAI_API_KEY', '');
      const before = simulator.requests.length;
      const model = createOpenAI({ baseURL: simulator.baseURL })('gpt-test');
      const error = await Promise.resolve(model.doGenerate(prompt)).catch((caught: unknown) => caught);
      expect(ProviderError.isInstance(error)).toBe(true);
      expect((error as ProviderError).failure).toMatchObject({ kind: 'auth', code: 'missing_credentials' });
      expect((error as ProviderError).model).toBe('gpt-test');
      await expect(model.doStream(prompt)).rejects.toMatchObject({ failure: { kind: 'auth' } });
      expect(simulator.requests.length).toBe(before);
    });

    it('picks up a key set after construction at the next call', async () => {
      vi.stubEnv('OPENAI_API_KEY', '');
      const provider = createOpenAI({ baseURL: simulator.baseURL });
      const model = provider('gpt-test');
      await expect(model.doGenerate(prompt)).rejects.toMatchObject({ failure: { kind: 'auth' } });
      vi.stubEnv('OPENAI_API_KEY', 'sk-test-later');
      const result = await model.doGenerate(prompt);
      expect(result.content.length).toBeGreaterThan(0);
      expect(provider.client.apiKey).toBe('sk-test-later');
    });

    it('reading client without a key throws the same auth failure', () => {
      vi.stubEnv('OPENAI_API_KEY', '');
      expect(() => createOpenAI().client).toThrow(/no OpenAI API key/);
    });
  });

  describe('settings', () => {
    it.each([
      [
        { baseUrl: 'http://h/v1' },
        'createOpenAI: settings.baseUrl: unknown key "baseUrl"; expected one of baseURL,',
      ],
      [
        { maxRetries: -1 },
        'settings.maxRetries: too small: got number -1; expected a whole number, at least 0',
      ],
      [
        { maxResponseBytes: 0 },
        'settings.maxResponseBytes: too small: got number 0; expected a whole number, more than 0 (the closest valid value is 1)',
      ],
    ])('rejects %o, naming the setting', (settings, message) => {
      expect(() => createOpenAI({ apiKey: 'k', ...(settings as object) })).toThrow(message);
    });

    it('sends credentials of the baseURL as a header and never shows them', async () => {
      let seen: { url: string; authorization: string | null } | undefined;
      const provider = createOpenAI({
        apiKey: 'sk-test',
        baseURL: 'http://gateway:p4ss@llm-gateway.invalid/v1',
        fetch: async (input, init) => {
          seen = { url: String(input), authorization: new Headers(init?.headers).get('authorization') };
          return new Response('{"error":{"message":"nope","type":"invalid_request_error"}}', {
            status: 400,
            headers: { 'content-type': 'application/json' },
          });
        },
      });
      expect(provider.baseURL).toBe('http://llm-gateway.invalid/v1');
      const error = await provider('gpt-test')
        .doGenerate(prompt)
        .catch((thrown: unknown) => thrown);
      expect(seen).toEqual({
        url: 'http://llm-gateway.invalid/v1/chat/completions',
        authorization: `Basic ${btoa('gateway:p4ss')}`,
      });
      expect(String(error)).not.toContain('p4ss');
    });
  });
});
