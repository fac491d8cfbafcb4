import { errorCodes } from '@switchyard/core';
import { streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import { createRouter } from '../create-router.js';
import { RequestFailedError } from '../errors/request-failed-error.js';
import { memorySink } from '../sinks/memory-sink.js';
import { referenceAnswerModel } from '../test-fixtures/reference-answer-model.js';
import { testConfig } from '../test-fixtures/router-fixtures.js';
import { setup, transient } from '../test-fixtures/router-harness.js';

const answer = 'one two three four five six';
const cutAfterTwo = { text: answer, streamErrorAfterWords: 2, error: transient };

/** Reads `textStream` as a naive caller does; returns what it got and what it threw. */
async function readTextStream(stream: AsyncIterable<string>) {
  let text = '';
  try {
    for await (const delta of stream) text += delta;
    return { text, thrown: undefined };
  } catch (error) {
    return { text, thrown: error };
  }
}

describe('streamText over the router', () => {
  describe('when the answer cannot be finished (midStream error, or no candidate left)', () => {
    it('rejects `await result.text`: a truncated answer is never a success', async () => {
      const { model } = setup({ alpha: [cutAfterTwo] }, { midStream: 'error' });
      const result = streamText({ model, prompt: 'Count.', onError: () => {} });
      const error = await result.text.then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(RequestFailedError.isInstance(error)).toBe(true);
      expect((error as RequestFailedError).code).toBe(errorCodes.PROVIDER_ERROR);
      await expect(result.finishReason).rejects.toBe(error);
      await expect(result.usage).rejects.toBe(error);
    });

    it('throws from `textStream` after the text that did arrive', async () => {
      const { model } = setup({ alpha: [cutAfterTwo] }, { midStream: 'error' });
      const result = streamText({ model, prompt: 'Count.', onError: () => {} });
      const { text, thrown } = await readTextStream(result.textStream);
      expect(text).toBe('one two');
      expect(RequestFailedError.isInstance(thrown)).toBe(true);
    });

    it('shows the error part in `fullStream`, then throws, and tells onError', async () => {
      const { model } = setup({ alpha: [cutAfterTwo] }, { midStream: 'error' });
      const seen: unknown[] = [];
      const result = streamText({ model, prompt: 'Count.', onError: ({ error }) => void seen.push(error) });
      const types: string[] = [];
      let thrown: unknown;
      try {
        for await (const part of result.fullStream) types.push(part.type);
      } catch (error) {
        thrown = error;
      }
      expect(types).toContain('error');
      expect(types).not.toContain('finish');
      expect(RequestFailedError.isInstance(thrown)).toBe(true);
      expect(seen).toEqual([thrown]);
    });

    it('rejects too when continuation is on but no other candidate may continue', async () => {
      const { model } = setup(
        { alpha: [cutAfterTwo] },
        { config: { routes: { chat: { targets: ['alpha'] } } } },
      );
      const result = streamText({ model, prompt: 'Count.', onError: () => {} });
      await expect(result.text).rejects.toSatisfy(
        (error: unknown) =>
          RequestFailedError.isInstance(error) &&
          /no other candidate may continue the answer/.test(error.message),
      );
    });
  });

  describe('when the answer is continued', () => {
    it('resolves `await result.text` to the whole answer, each word once', async () => {
      const behaviour = { prefill: 'continue', explicit: 'continue' } as const;
      const sink = memorySink();
      const router = createRouter({
        config: testConfig(),
        models: {
          alpha: referenceAnswerModel({ answer, behaviour, script: [{ kind: 'throw', afterChars: 9 }] }),
          beta: referenceAnswerModel({ answer, behaviour, script: [] }),
        },
        sinks: [sink],
      });
      const result = streamText({ model: router.languageModel('chat'), prompt: 'Count.' });
      expect(await result.text).toBe(answer);
      expect((await result.providerMetadata)?.switchyard).toMatchObject({
        servedBy: 'beta',
        continuations: 1,
      });
      expect(sink.records[0]?.attempts.map((attempt) => [attempt.targetId, attempt.deliveredChars])).toEqual([
        ['alpha', 9],
        ['beta', answer.length - 9],
      ]);
    });
  });
});
