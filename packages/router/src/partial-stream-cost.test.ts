import { describe, expect, it } from 'vitest';
import { createRouter } from './create-router.js';
import { memorySink } from './sinks/memory-sink.js';
import { providerFailure, scriptedModel } from './test/scripted-model.js';
import { testConfig } from './test-fixtures/router-fixtures.js';

describe('createRouter', () => {
  describe('doStream', () => {
    it('prices a stream cut after content at the bound of its prompt and of the tokens it delivered, as wasted spend', async () => {
      const sink = memorySink();
      const cut = providerFailure({ kind: 'transient', code: 'terminated', message: 'terminated' });
      const router = createRouter({
        config: testConfig(),
        models: {
          alpha: scriptedModel({
            steps: [
              { text: 'one two three four five six seven eight', streamErrorAfterWords: 4, error: cut },
            ],
          }),
        },
        sinks: [sink],
      });
      const prompt = 'x'.repeat(400);
      const { stream } = await router
        .languageModel('chat')
        .doStream({ prompt: [{ role: 'user', content: [{ type: 'text', text: prompt }] }] });
      const reader = stream.getReader();
      let text = '';
      for (;;) {
        const next = await reader.read();
        if (next.done || next.value.type === 'error') break;
        if (next.value.type === 'text-delta') text += next.value.delta;
      }
      await router.close();
      const [record] = sink.records;
      const [attempt] = record?.attempts ?? [];
      expect(record?.outcome).toBe('failed');
      // alpha costs $2 in and $10 out per million tokens. Without usage from the provider the attempt is
      // priced at its bound: the prompt's 400 bytes and two messages' overhead (8 tokens each), and one
      // token per byte delivered (no token covers less than a byte), so never less than was delivered.
      const outputTokens = Buffer.byteLength(text);
      expect(text.length).toBeGreaterThan(0);
      expect(attempt?.usage).toEqual({
        inputTokens: 416,
        outputTokens,
        cachedInputTokens: 0,
        reasoningTokens: 0,
      });
      expect(attempt?.usageEstimated).toBe(true);
      expect(attempt?.costUsd).toBeCloseTo((416 * 2 + outputTokens * 10) / 1_000_000, 12);
      expect(record?.totals.wastedCostUsd).toBe(attempt?.costUsd);
      expect(record?.totals.costUsd).toBe(attempt?.costUsd);
    });

    it('counts a stream that failed before any of its answer arrived at what the provider reported: nothing', async () => {
      const sink = memorySink();
      const cut = providerFailure({ kind: 'transient', code: 'terminated', message: 'terminated' });
      const step = { text: 'one two three', streamErrorAfterWords: 0, error: cut };
      const router = createRouter({
        config: testConfig(),
        models: { alpha: scriptedModel({ steps: [step, step, step] }) },
        sinks: [sink],
      });
      const failure = await router
        .languageModel('chat')
        .doStream({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'x'.repeat(400) }] }] })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(failure).toBeInstanceOf(Error);
      await router.close();
      const [record] = sink.records;
      const alpha = record?.attempts.filter((attempt) => attempt.targetId === 'alpha') ?? [];
      expect(alpha.length).toBeGreaterThan(0);
      for (const attempt of alpha) {
        expect(attempt.outcome).not.toBe('success');
        expect(attempt.usageEstimated).toBeUndefined();
        expect(attempt.costUsd ?? 0).toBe(0);
      }
    });
  });
});
