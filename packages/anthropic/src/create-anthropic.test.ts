import type { LanguageModelV4CallOptions } from '@ai-sdk/provider';
import Anthropic from '@anthropic-ai/sdk';
import { ProviderError } from '@switchyard/core';
import { type SimulatorHandle, simulatedAnswer, startSimulator } from '@switchyard/simulators';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AnthropicMessagesLanguageModel } from './anthropic-messages-language-model.js';
import { createAnthropic } from './create-anthropic.js';

const model = 'claude-test';
let simulator: SimulatorHandle;

beforeAll(async () => {
  simulator = await startSimulator({ kind: 'anthropic', models: [model] });
});
afterAll(async () => {
  await simulator.stop();
});
beforeEach(() => {
  simulator.clearFaults();
  simulator.clearRequests();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const ask: LanguageModelV4CallOptions = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
};

describe('createAnthropic', () => {
  describe('settings', () => {
    it('reads ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL when apiKey and baseURL are not set', async () => {
      vi.stubEnv('ANTHROPIC_API_KEY', 'sk-ant-from-env-abcd');
      vi.stubEnv('ANTHROPIC_BASE_URL', simulator.baseURL);
      const result = await createAnthropic()(model).doGenerate(ask);
      expect(result.content).toEqual([{ type: 'text', text: simulatedAnswer({ model, prompt: 'Hi' }) }]);
      expect(simulator.requests[0]?.apiKeySuffix).toBe('abcd');
    });

    it('prefers explicit apiKey and baseURL over the environment', async () => {
      vi.stubEnv('ANTHROPIC_API_KEY', 'sk-ant-from-env-abcd');
      vi.stubEnv('ANTHROPIC_BASE_URL', 'http://127.0.0.1:9');
      await createAnthropic({ apiKey: 'sk-ant-explicit-wxyz', baseURL: simulator.baseURL })(model).doGenerate(
        ask,
      );
      expect(simulator.requests[0]?.apiKeySuffix).toBe('wxyz');
    });

    it('sends default headers on every request beside the SDK headers', async () => {
      await createAnthropic({
        apiKey: 'k',
        baseURL: simulator.baseURL,
        headers: { 'x-switchyard-caller-country': 'fr', 'x-team': 'search' },
      })(model).doGenerate(ask);
      expect(simulator.requests[0]?.caller).toBe('FR');
      expect(simulator.requests[0]?.headers['x-team']).toBe('search');
      expect(simulator.requests[0]?.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });

    it('uses a custom fetch', async () => {
      const urls: string[] = [];
      const counting: typeof fetch = (input, init) => {
        urls.push(String(input instanceof Request ? input.url : input));
        return fetch(input, init);
      };
      await createAnthropic({ apiKey: 'k', baseURL: simulator.baseURL, fetch: counting })(model).doGenerate(
        ask,
      );
      expect(urls).toEqual([`${simulator.baseURL}/v1/messages`]);
    });

    it('uses a client the caller built, and exposes it', async () => {
      const client = new Anthropic({
        apiKey: 'sk-ant-own-client-9876',
        baseURL: simulator.baseURL,
        maxRetries: 0,
      });
      const provider = createAnthropic({ client, apiKey: 'ignored', baseURL: 'http://127.0.0.1:9' });
      expect(provider.client).toBe(client);
      await provider.languageModel(model).doGenerate(ask);
      expect(simulator.requests[0]?.apiKeySuffix).toBe('9876');
    });

    it('names the provider in models and errors', async () => {
      const provider = createAnthropic({ apiKey: 'k', baseURL: simulator.baseURL, name: 'anthropic-eu' });
      const languageModel = provider('claude-missing');
      expect(languageModel).toBeInstanceOf(AnthropicMessagesLanguageModel);
      expect(languageModel).toMatchObject({
        specificationVersion: 'v4',
        provider: 'anthropic-eu',
        modelId: 'claude-missing',
      });
      const error = await languageModel.doGenerate(ask).catch((caught: unknown) => caught);
      expect(ProviderError.isInstance(error) && error.provider).toBe('anthropic-eu');
    });

    it('disables the SDK retries by default (maxRetries 0)', () => {
      expect(createAnthropic({ apiKey: 'k', baseURL: simulator.baseURL }).client.maxRetries).toBe(0);
      expect(
        createAnthropic({ apiKey: 'k', baseURL: simulator.baseURL, maxRetries: 3 }).client.maxRetries,
      ).toBe(3);
    });

    it('passes the timeout to the client', () => {
      expect(createAnthropic({ apiKey: 'k', timeout: 1234 }).client.timeout).toBe(1234);
    });
  });

  describe('credentials', () => {
    it('does not throw at construction without a key; the call fails with auth before any request', async () => {
      vi.stubEnv('ANTHROPIC_API_KEY', '');
      vi.stubEnv('ANTHROPIC_AUTH_TOKEN', '');
      const provider = createAnthropic({ baseURL: simulator.baseURL });
      const error = await Promise.resolve(provider(model).doGenerate(ask)).catch((caught: unknown) => caught);
      expect(ProviderError.isInstance(error) && error.failure).toMatchObject({
        kind: 'auth',
        code: 'missing_credentials',
      });
      expect(simulator.requests).toHaveLength(0);
    });
  });

  describe('bad settings', () => {
    it.each([
      [
        { maxRetries: -1 },
        'settings.maxRetries: too small: got number -1; expected a whole number, at least 0',
      ],
      [
        { timeout: 0 },
        'settings.timeout: too small: got number 0; expected a whole number, more than 0 (the closest valid value is 1)',
      ],
      [
        { defaultMaxTokens: 1.5 },
        'settings.defaultMaxTokens: not a whole number: got 1.5; expected a whole number, e.g. 2',
      ],
      [{ host: 'http://h' }, 'settings.host: unknown key "host"; expected one of baseURL, apiKey'],
      [{ baseUrl: 'http://h' }, 'did you mean "baseURL"?'],
    ])('rejects %o, naming the setting', (settings, message) => {
      expect(() => createAnthropic({ apiKey: 'k', ...(settings as object) })).toThrow(message);
    });
    it('rejects an empty model id', () => {
      expect(() => createAnthropic({ apiKey: 'k' })('')).toThrow(
        'createAnthropic: the model id must be a non-empty string; got "".',
      );
    });
  });

  describe('supportedUrls', () => {
    it('lets the AI SDK pass http(s) image and PDF URLs through instead of downloading them', () => {
      const { supportedUrls } = createAnthropic({ apiKey: 'k' })(model);
      expect(supportedUrls['image/*']?.some((pattern) => pattern.test('https://example.com/a.png'))).toBe(
        true,
      );
      expect(
        supportedUrls['application/pdf']?.some((pattern) => pattern.test('http://example.com/a.pdf')),
      ).toBe(true);
      expect(supportedUrls['image/*']?.some((pattern) => pattern.test('ftp://example.com/a.png'))).toBe(
        false,
      );
    });
  });
});
