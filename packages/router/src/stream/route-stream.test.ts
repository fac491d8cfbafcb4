import type { LanguageModelV4, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { errorCodes } from '@switchyard/core';
import { providerStream, type SseJsonEvent, sseJsonEvents } from '@switchyard/core/adapter';
import { describe, expect, it } from 'vitest';
import { call, collect, setup, textOf, transient, withdrawn } from '../test-fixtures/router-harness.js';

/** A model whose stream is an adapter's (`providerStream` over server-sent events of `{"text"}`). */
function providerStreamModel(texts: string[]) {
  const made: ReadableStream<LanguageModelV4StreamPart>[] = [];
  const model: LanguageModelV4 = {
    specificationVersion: 'v4',
    provider: 'openai.chat',
    modelId: 'gpt-5.4',
    supportedUrls: {},
    doGenerate: () => Promise.reject(new Error('not used')),
    async doStream() {
      const body = texts.map((text) => `data: ${JSON.stringify({ text })}\n\n`).join('');
      const response = new Response(body, { headers: { 'content-type': 'text/event-stream' } });
      const call = { provider: 'openai', model: 'gpt-5.4' };
      let open = false;
      const stream = providerStream<SseJsonEvent>({
        source: sseJsonEvents(response, { call }),
        decoder: {
          push(event, emit) {
            if (!open) emit({ type: 'text-start', id: '0' });
            open = true;
            emit({ type: 'text-delta', id: '0', delta: (event.data as { text: string }).text });
            return false;
          },
          end(emit) {
            emit({ type: 'text-end', id: '0' });
            emit({
              type: 'finish',
              finishReason: { unified: 'stop', raw: 'stop' },
              usage: {
                inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
                outputTokens: { total: 2, text: 2, reasoning: 0 },
              },
            });
            return undefined;
          },
          close() {},
        },
        call,
        fail: (error) => {
          throw error;
        },
        warnings: [],
      });
      made.push(stream);
      return { stream };
    },
  };
  return { model, made };
}

describe('routeStream', () => {
  describe('doStream', () => {
    it('reads an adapter stream straight from its loop, not through its web stream', async () => {
      const alpha = providerStreamModel(['hello', ' world']);
      const { model, sink } = setup({}, { models: { alpha: alpha.model } as never });
      const parts = await collect((await model.doStream(call())).stream);
      expect(textOf(parts)).toBe('hello world');
      expect(sink.records[0]).toMatchObject({ servedBy: 'alpha', outcome: 'served' });
      // The web stream the model returned was never read: its parts went to the router's part reader.
      const web = (alpha.made[0] as ReadableStream<LanguageModelV4StreamPart>).getReader();
      expect((await web.read()).value?.type).toBe('stream-start');
      await expect(web.read()).rejects.toThrow('the provider stream is read by a part reader');
    });

    it('falls back when a stream fails before its first content, and emits only the serving stream', async () => {
      const { model, sink } = setup({
        alpha: [{ text: 'partial answer', streamErrorAfterWords: 0, error: transient }],
        beta: [{ text: 'full answer here' }],
      });
      const { stream } = await model.doStream(call());
      const parts = await collect(stream);
      expect(textOf(parts)).toBe('full answer here');
      expect(parts.filter((part) => part.type === 'stream-start')).toHaveLength(1);
      expect(parts.at(-1)).toMatchObject({
        type: 'finish',
        providerMetadata: { switchyard: { servedBy: 'beta' } },
      });
      expect(sink.records[0]).toMatchObject({ servedBy: 'beta', operation: 'stream', outcome: 'served' });
      expect(sink.records[0]?.totals.ttftMs).toBeGreaterThanOrEqual(0);
    });

    it('falls back, with no first token and no continuation, when a stream closes an empty block before its error part', async () => {
      // What the Anthropic adapter sends for a stream cut at its first delta: the text block it opened, closed.
      const { model, models, sink } = setup({
        alpha: [
          {
            parts: [
              { type: 'stream-start', warnings: [] },
              { type: 'response-metadata', id: 'msg_1' },
              { type: 'text-start', id: '0' },
              { type: 'text-end', id: '0' },
              { type: 'error', error: transient },
            ],
          },
        ],
        beta: [{ text: 'full answer here' }],
      });
      const parts = await collect((await model.doStream(call())).stream);
      expect(textOf(parts)).toBe('full answer here');
      expect(parts.filter((part) => part.type === 'text-end')).toHaveLength(1);
      expect(models.beta.calls).toHaveLength(1);
      const record = sink.records[0];
      expect(record).toMatchObject({ servedBy: 'beta', outcome: 'served' });
      expect(record?.attempts[0]).not.toHaveProperty('ttftMs');
      expect(record?.attempts[1]).not.toHaveProperty('continuation');
      expect(record?.totals).not.toHaveProperty('continuations');
    });

    it('with midStream error, ends a stream that fails after its first content with an error part, never falling back', async () => {
      const { model, models, sink } = setup(
        {
          alpha: [{ text: 'one two three four', streamErrorAfterWords: 2, error: transient }],
          beta: [{ text: 'never' }],
        },
        { midStream: 'error' },
      );
      const { stream } = await model.doStream(call());
      const reader = stream.getReader();
      const parts = [];
      let thrown: unknown;
      try {
        for (;;) {
          const next = await reader.read();
          if (next.done) break;
          parts.push(next.value);
        }
      } catch (error) {
        thrown = error;
      }
      expect(textOf(parts)).toBe('one two');
      const last = parts.at(-1);
      expect(last).toMatchObject({ type: 'error' });
      // After the error part the stream errors with the same error: a reader never sees a clean end.
      expect(thrown).toBe(last?.type === 'error' ? last.error : undefined);
      expect(parts.some((part) => part.type === 'finish')).toBe(false);
      expect(models.beta.calls).toHaveLength(0);
      expect(sink.records[0]).toMatchObject({ outcome: 'failed', servedBy: null });
      expect(sink.records[0]?.attempts[0]).toMatchObject({ targetId: 'alpha', deliveredChars: 7 });
    });

    it('turns a stream that ends without a finish part into an error part', async () => {
      const { model, sink } = setup(
        {
          alpha: [
            {
              parts: [
                { type: 'stream-start', warnings: [] },
                { type: 'text-start', id: 't' },
                { type: 'text-delta', id: 't', delta: 'cut' },
              ],
            },
          ],
        },
        { midStream: 'error' },
      );
      const parts = await collect((await model.doStream(call())).stream);
      expect(parts.at(-1)).toMatchObject({ type: 'error', error: { code: errorCodes.STREAM_TRUNCATED } });
      expect(sink.records[0]?.outcome).toBe('failed');
    });

    it('falls back when a stream rejects before any part (cut-off) and records the cut-off', async () => {
      const { model, router } = setup({ alpha: [{ error: withdrawn }], beta: [{ text: 'served' }] });
      const parts = await collect((await model.doStream(call())).stream);
      expect(textOf(parts)).toBe('served');
      expect(router.health.state('alpha').state).toBe('cutoff');
    });
  });
});
