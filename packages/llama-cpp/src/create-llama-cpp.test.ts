import { describe, expect, it } from 'vitest';
import { classifyLlamaCppError } from './classify-llama-cpp-error.js';
import { createLlamaCpp } from './create-llama-cpp.js';
import { queueFull } from './loaded-llama-model.js';

describe('createLlamaCpp', () => {
  describe('settings', () => {
    it('rejects an unknown setting, naming the closest one', () => {
      expect(() => createLlamaCpp({ sequence: 2 } as never)).toThrow(
        'createLlamaCpp: settings.sequence: unknown key "sequence"',
      );
      expect(() => createLlamaCpp({ sequence: 2 } as never)).toThrow('did you mean "sequences"');
    });

    it('rejects the settings of HTTP adapters: nothing goes over the network', () => {
      expect(() => createLlamaCpp({ baseURL: 'http://127.0.0.1:8080' } as never)).toThrow(
        'settings.baseURL: unknown key "baseURL"',
      );
    });

    it('rejects out-of-range numbers and a chat wrapper that is not one, listing every problem', () => {
      const thrown = (() => {
        try {
          createLlamaCpp({ sequences: 0, maxQueued: -1, contextSize: 1.5, chatWrapper: 'chatml' as never });
        } catch (error) {
          return error as Error;
        }
      })();
      expect(thrown).toBeInstanceOf(TypeError);
      expect(thrown?.message).toContain('settings.sequences');
      expect(thrown?.message).toContain('settings.maxQueued');
      expect(thrown?.message).toContain('settings.contextSize');
      expect(thrown?.message).toContain('settings.chatWrapper');
    });

    it('takes prefixSlots only for one call at a time without the prompt cache, and counts no slot as capacity', () => {
      expect(() => createLlamaCpp({ promptCache: false, prefixSlots: 4 })).toThrow(
        'createLlamaCpp: settings.prefixSlots: prefix slots are kept only for calls run one at a time without the prompt cache: set sequences: 1 (got 4) and promptCache: false (got false), or prefixSlots: 1; got 4',
      );
      expect(() => createLlamaCpp({ sequences: 1, prefixSlots: 2 })).toThrow('promptCache: false (got true)');
      expect(() => createLlamaCpp({ sequences: 1, promptCache: false, prefixSlots: 0 })).toThrow(
        'settings.prefixSlots',
      );
      const model = createLlamaCpp({ sequences: 1, promptCache: false, prefixSlots: 4 }).languageModel(
        'tiny.gguf',
      );
      expect(model.capacity).toBe(1 + 64);
    });

    it('takes every documented setting', () => {
      const provider = createLlamaCpp({
        baseDir: '/models',
        sequences: 2,
        maxQueued: 0,
        contextSize: 512,
        promptCache: false,
        maxThreads: 1,
        maxMemoryBytes: 1_000_000,
        chatWrapper: 'auto',
        name: 'local',
      });
      const model = provider('tiny.gguf');
      expect([model.provider, model.modelId, model.load]).toEqual(['local', 'tiny.gguf', undefined]);
      expect(model.capacity).toBe(2);
    });
  });

  describe('languageModel', () => {
    it('tells the error a call past its queue gets, without loading the model', () => {
      const model = createLlamaCpp().languageModel('/nowhere/tiny.gguf');
      const error = model.queueFullError();
      expect(error.failure).toEqual(classifyLlamaCppError(queueFull));
      expect(error.failure.code).toBe('bulkhead_full');
      expect(model.load).toBeUndefined();
    });

    it('makes a fresh tool-call id for each call, as its answers carry them, without loading the model', () => {
      const model = createLlamaCpp().languageModel('/nowhere/tiny.gguf');
      const first = model.newToolCallId(0);
      expect(first).toMatch(/^call_[0-9a-f]{24}_0$/);
      expect(model.newToolCallId(2)).toMatch(/^call_[0-9a-f]{24}_2$/);
      expect(model.newToolCallId(0)).not.toBe(first);
      expect(model.load).toBeUndefined();
    });

    it('tells how many calls it takes at once, running and queued, before the model is loaded', () => {
      expect(createLlamaCpp().languageModel('/nowhere/tiny.gguf').capacity).toBe(4 + 64);
      const model = createLlamaCpp({ sequences: 3, maxQueued: 5 }).languageModel('/nowhere/tiny.gguf');
      expect([model.capacity, model.load]).toEqual([8, undefined]);
    });

    it('rejects an empty model path', () => {
      expect(() => createLlamaCpp().languageModel(' ')).toThrow(
        'createLlamaCpp: the model must be the path of a .gguf file; got " ".',
      );
    });
  });
});
