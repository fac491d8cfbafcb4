import type { LanguageModelV4, LanguageModelV4StreamPart, LanguageModelV4Usage } from '@ai-sdk/provider';
import { DecisionRecordSchema, inputTokenBound } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { scriptedModel } from '../test/scripted-model.js';
import { call, collect, setup, textOf } from '../test-fixtures/router-harness.js';

/** What a provider that reports no token counts (LM Studio's streams, some gateways) gives the AI SDK. */
const unreported: LanguageModelV4Usage = {
  inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: undefined, text: undefined, reasoning: undefined },
};
const answer = 'An answer of some length.';

/** A model answering `answer` without usage, as one `doGenerate` or as a stream. */
function usageless(): LanguageModelV4 {
  const parts: LanguageModelV4StreamPart[] = [
    { type: 'stream-start', warnings: [] },
    { type: 'text-start', id: 't' },
    { type: 'text-delta', id: 't', delta: answer },
    { type: 'text-end', id: 't' },
    { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: unreported },
  ];
  return {
    ...scriptedModel({ provider: 'openai.chat', modelId: 'gpt-5.4', steps: [] }),
    async doGenerate() {
      return {
        content: [{ type: 'text', text: answer }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: unreported,
        warnings: [],
      };
    },
    async doStream() {
      return {
        stream: new ReadableStream<LanguageModelV4StreamPart>({
          start(controller) {
            for (const part of parts) controller.enqueue(part);
            controller.close();
          },
        }),
      };
    },
  };
}

// alpha: $2 / $10 per million input / output tokens.
const bound = (inputTokenBound(call()) * 2 + answer.length * 10) / 1e6;

describe('servedGenerateAttempt', () => {
  for (const streamGenerate of [true, false]) {
    it(`prices an answer whose provider reported no usage by its bound, never $0 (streamGenerate: ${streamGenerate})`, async () => {
      const { model, sink } = setup({}, { models: { alpha: usageless() }, health: { streamGenerate } });
      const result = await model.doGenerate(call());
      expect(result.content).toEqual([{ type: 'text', text: answer }]);
      const record = DecisionRecordSchema.parse(sink.records[0]);
      expect(record.attempts[0]).toMatchObject({
        targetId: 'alpha',
        outcome: 'success',
        usageEstimated: true,
        usage: { inputTokens: inputTokenBound(call()), outputTokens: answer.length },
      });
      expect(record.totals.costUsd).toBeCloseTo(bound, 12);
    });
  }
});

describe('StreamSegment', () => {
  it('prices a served stream whose finish part reported no usage by its bound, never $0', async () => {
    const { model, sink } = setup({}, { models: { alpha: usageless() } });
    const parts = await collect((await model.doStream(call())).stream);
    expect(textOf(parts)).toBe(answer);
    const record = DecisionRecordSchema.parse(sink.records[0]);
    expect(record.attempts[0]).toMatchObject({
      outcome: 'success',
      usageEstimated: true,
      usage: { inputTokens: inputTokenBound(call()), outputTokens: answer.length },
    });
    expect(record.totals.costUsd).toBeCloseTo(bound, 12);
  });
});
