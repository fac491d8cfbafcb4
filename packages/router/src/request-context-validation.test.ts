import type { LanguageModelV4CallOptions } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { createRouter } from './create-router.js';
import { scriptedModel } from './test/scripted-model.js';

const targets = [
  {
    id: 'a',
    provider: 'openai',
    model: 'gpt-5.4',
    hostedIn: 'US',
    origin: 'US',
    weights: 'closed',
    contextWindow: 1000,
  },
  {
    id: 'b',
    provider: 'ollama',
    model: 'llama4',
    hostedIn: 'self',
    origin: 'US',
    weights: 'open',
    contextWindow: 1000,
  },
] as const;

function setup(callers?: { dataClasses: string[] }) {
  const models = {
    a: scriptedModel({ provider: 'openai.chat', modelId: 'gpt-5.4', steps: [{ text: 'a' }] }),
    b: scriptedModel({ provider: 'ollama', modelId: 'llama4', steps: [{ text: 'b' }] }),
  };
  const router = createRouter({
    config: {
      targets: targets.map((target) => ({ ...target })),
      routes: { chat: { targets: ['a'], lastResort: ['b'] } },
      ...(callers ? { callers } : {}),
    },
    models,
  });
  return { model: router.languageModel('chat'), models, router };
}

const call = (switchyard: Record<string, unknown>): LanguageModelV4CallOptions => ({
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  providerOptions: { switchyard: switchyard as never },
});

describe('createRouter', () => {
  describe('per-request context', () => {
    it('rejects a lower-case jurisdiction with the code it meant, before any attempt', async () => {
      const { model, models } = setup();
      await expect(model.doGenerate(call({ jurisdiction: 'us' }))).rejects.toThrow(
        /jurisdiction: unknown jurisdiction "us".*did you mean "US"\?/,
      );
      expect(models.a.calls).toHaveLength(0);
    });

    it('rejects "self" as a caller jurisdiction', async () => {
      const { model } = setup();
      await expect(model.doGenerate(call({ jurisdiction: 'self' }))).rejects.toThrow(
        /"self" marks on-premises hosting; it is not a caller jurisdiction/,
      );
    });

    it('rejects a data class the config does not declare, so a typo cannot slip past the rules that name the real one', async () => {
      const { model, models } = setup();
      await expect(model.doGenerate(call({ jurisdiction: 'DE', dataClass: 'Regulated' }))).rejects.toThrow(
        /dataClass: unknown data class "Regulated".*did you mean "regulated"\?/,
      );
      expect(models.a.calls).toHaveLength(0);
    });

    it('accepts the data classes the config declares in callers.dataClasses', async () => {
      const { model } = setup({ dataClasses: ['secret'] });
      await expect(
        model.doGenerate(call({ jurisdiction: 'DE', dataClass: 'secret' })),
      ).resolves.toBeDefined();
    });

    it('validates a withContext context with the same rules', () => {
      const { router } = setup();
      expect(() => router.withContext({ jurisdiction: 'XX' }, () => 1)).toThrow(/unknown jurisdiction "XX"/);
    });
  });
});
