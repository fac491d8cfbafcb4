import { describe, expect, it } from 'vitest';
import { createRouter } from './create-router.js';
import { memorySink } from './sinks/memory-sink.js';
import { scriptedModel } from './test/scripted-model.js';
import { testConfig } from './test-fixtures/router-fixtures.js';

describe('createRouter', () => {
  describe('requestId option', () => {
    it('stamps records and metadata with the ids it generates, so a seeded run is reproducible', async () => {
      let next = 0;
      const sink = memorySink();
      const router = createRouter({
        config: testConfig(),
        models: { alpha: scriptedModel({ steps: [{ text: 'one' }, { text: 'two' }] }) },
        sinks: [sink],
        requestId: () => `drill-${++next}`,
      });
      const model = router.languageModel('chat');
      const first = await model.doGenerate({
        prompt: [{ role: 'user', content: [{ type: 'text', text: 'a' }] }],
      });
      await model.doGenerate({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'b' }] }] });
      await router.close();
      expect(first.providerMetadata?.switchyard?.requestId).toBe('drill-1');
      expect(sink.records.map((record) => record.requestId)).toEqual(['drill-1', 'drill-2']);
    });

    it('defaults to random UUIDs', async () => {
      const sink = memorySink();
      const router = createRouter({
        config: testConfig(),
        models: { alpha: scriptedModel({ steps: [{ text: 'one' }] }) },
        sinks: [sink],
      });
      await router
        .languageModel('chat')
        .doGenerate({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'a' }] }] });
      await router.close();
      expect(sink.records[0]?.requestId).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    });
  });
});
