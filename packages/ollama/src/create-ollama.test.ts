import { startSimulator } from '@switchyard/simulators';
import { Ollama } from 'ollama';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOllama } from './create-ollama.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createOllama', () => {
  describe('host', () => {
    it('defaults to http://127.0.0.1:11434 and reads OLLAMA_HOST', () => {
      vi.stubEnv('OLLAMA_HOST', '');
      expect(createOllama().host).toBe('http://127.0.0.1:11434');
      vi.stubEnv('OLLAMA_HOST', 'gpu-box:8080');
      expect(createOllama().host).toBe('http://gpu-box:8080');
      expect(createOllama({ host: 'https://ollama.example.com/' }).host).toBe(
        'https://ollama.example.com:443',
      );
    });

    it('rejects a host that is not a URL, naming where it came from', () => {
      expect(() => createOllama({ host: 'http://exa mple' })).toThrow(
        'createOllama: settings.host must be a URL such as http://127.0.0.1:11434; got "http://exa mple".',
      );
      vi.stubEnv('OLLAMA_HOST', 'http://[::1');
      expect(() => createOllama()).toThrow('the OLLAMA_HOST environment variable must be a URL');
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
        expect(provider.host).toBe(simulator.baseURL);
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
