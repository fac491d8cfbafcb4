import { describe, expect, it } from 'vitest';
import { createRouter } from '../create-router.js';
import { memorySink } from '../sinks/memory-sink.js';
import { scriptedModel } from '../test/scripted-model.js';
import { testConfig, testTargets } from '../test-fixtures/router-fixtures.js';
import { call } from '../test-fixtures/router-harness.js';

describe('prepareTargets', () => {
  it.each(['constructor', 'toString', 'valueOf'])(
    "gives a target named %s no model unless one is given (not the models object's own %s)",
    async (id) => {
      const sink = memorySink();
      const router = createRouter({
        config: testConfig({
          targets: [
            { ...(testTargets[0] as (typeof testTargets)[number]), id },
            testTargets[1] as (typeof testTargets)[number],
          ],
          routes: { chat: { targets: [id, 'beta'] } },
        }),
        models: {
          beta: scriptedModel({
            provider: 'anthropic.messages',
            modelId: 'claude-sonnet-5',
            steps: [{ text: 'from beta' }],
          }),
        },
        sinks: [sink],
      });
      const result = await router.languageModel('chat').doGenerate(call());
      expect(result.providerMetadata?.switchyard).toMatchObject({ servedBy: 'beta' });
      expect(sink.records[0]?.skipped).toEqual([
        { targetId: id, reason: 'no_model', detail: expect.any(String) },
      ]);
      await router.close();
    },
  );
});
