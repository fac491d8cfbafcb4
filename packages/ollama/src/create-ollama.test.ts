import { startSimulator } from '@switchyard/simulators';
import { Ollama } from 'ollama';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOllama } from './create-ollama.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createOllama', () => {
  describe('baseURL', () => {
    it('defaults to http://127.0.0.1:11434 and reads OLLAMA_HOST', () => {
      vi.stubEnv('OLLAMA_HOST', '');
      expect(createOllama().baseURL).toBe('http://127.0.0.1:11434');
      vi.stubEnv('OLLAMA_HOST', 'gpu-box:8080');
      expect(createOllama().baseURL).toBe('http://gpu-box:8080');
      expect(createOllama({ baseURL: 'https://ollama.example.com/' }).baseURL).toBe(
        'https://ollama.example.com:443',
      );
    });

    it('rejects a baseURL that is not a URL, naming where it came from', () => {
      expect(() => createOllama({ baseURL: 'http://exa mple' })).toThrow(
        'createOllama: settings.baseURL must be a URL such as http://127.0.0.1:11434; got "http://exa mple".',
      );
      vi.stubEnv('OLLAMA_HOST', 'http://[::1');
      expect(() => createOllama()).toThrow('the OLLAMA_HOST environment variable must be a URL');
    });

    it('rejects the old host setting, naming its new name', () => {
      expect(() => createOllama({ host: 'http://127.0.0.1:11434' } as never)).toThrow(
        'createOllama: settings.host: unknown key "host"; expected one of baseURL,',
      );
    });

    it('sends credentials of the URL as a header, and never shows them (bug 9)', async () => {
      const seen: { url: string; authorization: string | null }[] = [];
      const provider = createOllama({
        baseURL: 'http://alice:s3cr3t@gpu-box:11434',
        fetch: async (input, init) => {
          seen.push({ url: String(input), authorization: new Headers(init?.headers).get('authorization') });
          return new Response('{"error":"this model is not available in your region"}', {
            status: 403,
            headers: { 'content-type': 'application/json' },
          });
        },
      });
      expect(provider.baseURL).toBe('http://gpu-box:11434');
      const error = await provider('llama3.2')
        .doGenerate({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] })
        .catch((thrown: unknown) => thrown);
      expect(seen).toEqual([
        { url: 'http://gpu-box:11434/api/chat', authorization: `Basic ${btoa('alice:s3cr3t')}` },
      ]);
      expect(String(error)).not.toContain('s3cr3t');
      expect(JSON.stringify(error)).not.toContain('s3cr3t');
    });

    it('never shows the credentials of a URL it cannot read', () => {
      expect(() => createOllama({ baseURL: 'http://alice:s3cr3t@exa mple' })).toThrow(
        'got "http://[redacted]@exa mple"',
      );
    });

    it('sends the API key as a bearer token', async () => {
      let authorization: string | null = null;
      await createOllama({
        apiKey: 'ollama-key-1',
        fetch: async (_input, init) => {
          authorization = new Headers(init?.headers).get('authorization');
          return new Response('{"error":"unauthorized"}', { status: 401 });
        },
      })('llama3.2')
        .doGenerate({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] })
        .catch(() => undefined);
      expect(authorization).toBe('Bearer ollama-key-1');
    });
  });

  describe('languageModel', () => {
    it('names the provider and model, and rejects an empty model id', () => {
      const model = createOllama({ name: 'gpu-box' }).languageModel('qwen3:8b');
      expect([model.provider, model.modelId, model.specificationVersion]).toEqual([
        'gpu-box',
        'qwen3:8b',
        'v4',
      ]);
      expect(() => createOllama()('')).toThrow(
        'createOllama: the model id must be a non-empty string; got "".',
      );
    });
  });

  describe('client', () => {
    it("reuses a user-built client's host, headers and fetch", async () => {
      const simulator = await startSimulator({ kind: 'ollama', models: ['llama3.2'] });
      try {
        const seen: string[] = [];
        const client = new Ollama({
          host: simulator.baseURL,
          headers: { 'x-from-client': 'yes' },
          fetch: (input, init) => {
            seen.push(String(input));
            return fetch(input, init);
          },
        });
        const provider = createOllama({ client });
        expect(provider.baseURL).toBe(simulator.baseURL);
        await provider('llama3.2').doGenerate({
          prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
        });
        expect(seen).toEqual([`${simulator.baseURL}/api/chat`]);
        expect(simulator.requests[0]?.headers['x-from-client']).toBe('yes');
      } finally {
        await simulator.stop();
      }
    });
  });
});
