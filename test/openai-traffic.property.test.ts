import { createOpenAI } from '@switchyard/openai';
import { fixtureFetch } from '@switchyard/simulators';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byKind, generatedSummary, streamedSummary } from './wire-traffic/answer-summary.js';
import { byteChunks, byteCuts } from './wire-traffic/byte-chunks.js';
import {
  completionBody,
  expectedFromOpenAICompletion,
  openAISdkCompletion,
} from './wire-traffic/openai-oracle.js';
import { openAIAnswer, openAIEvents } from './wire-traffic/openai-traffic.js';
import { propertyRuns, propertyTimeout } from './wire-traffic/property-runs.js';
import { sseFraming, sseText } from './wire-traffic/sse-framing.js';
import { throughRouter } from './wire-traffic/through-router.js';

/**
 * Differential property: legal Chat Completions streams (generated in the
 * SDK's documented chunk shapes and what compatible servers add, framed and
 * cut into network chunks anywhere) read by our adapter agree in substance
 * with the `openai` SDK's own reading of the same bytes; and the SDK's final
 * completion, served as a non-streamed body, is read the same way by
 * `doGenerate`.
 */
const model = (fetch: typeof globalThis.fetch) =>
  createOpenAI({ apiKey: 'sk-test', baseURL: 'http://fixture.invalid/v1', fetch })('gpt-test');

describe('the OpenAI adapter agrees with the openai SDK on generated streams', () => {
  it(
    'reads every legal stream as the SDK does (text, reasoning, tool calls, finish, usage, id)',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          openAIAnswer,
          sseFraming({ done: 'maybe' }),
          byteCuts,
          async (answer, framing, cuts) => {
            const body = byteChunks(sseText(openAIEvents(answer), framing), cuts);
            const answerOf = () =>
              fixtureFetch({ headers: { 'content-type': 'text/event-stream' }, body }).fetch;
            const completion = await openAISdkCompletion(answerOf());
            const expected = expectedFromOpenAICompletion(completion, answer);
            expect(byKind(await streamedSummary(model(answerOf())))).toEqual(expected);
            expect(byKind(await streamedSummary(throughRouter(model(answerOf()))))).toEqual(expected);
            const whole = fixtureFetch({
              headers: { 'content-type': 'application/json' },
              body: completionBody(completion, answer),
            });
            expect(byKind(await generatedSummary(model(whole.fetch)))).toEqual(expected);
          },
        ),
        propertyRuns(100),
      );
    },
    propertyTimeout(100),
  );
});
