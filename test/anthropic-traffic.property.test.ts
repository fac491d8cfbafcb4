import { createAnthropic } from '@switchyard/anthropic';
import { fixtureFetch } from '@switchyard/simulators';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generatedSummary, streamedSummary } from './wire-traffic/answer-summary.js';
import { anthropicSdkMessage, expectedFromAnthropicMessage } from './wire-traffic/anthropic-oracle.js';
import { anthropicAnswer, anthropicEvents } from './wire-traffic/anthropic-traffic.js';
import { byteChunks, byteCuts } from './wire-traffic/byte-chunks.js';
import { propertyRuns, propertyTimeout } from './wire-traffic/property-runs.js';
import { sseFraming, sseText } from './wire-traffic/sse-framing.js';
import { throughRouter } from './wire-traffic/through-router.js';

/**
 * Differential property: legal Messages API streams (generated in the SDK's
 * documented shapes, framed and cut into network chunks anywhere) read by our
 * adapter agree in substance with `@anthropic-ai/sdk`'s own reading of the
 * same bytes; and the SDK's final message, served as a non-streamed body, is
 * read the same way by `doGenerate`.
 */
const model = (fetch: typeof globalThis.fetch) =>
  createAnthropic({ apiKey: 'sk-ant-test', baseURL: 'http://fixture.invalid', fetch })('claude-test');

describe('the Anthropic adapter agrees with @anthropic-ai/sdk on generated streams', () => {
  it(
    'reads every legal stream as the SDK does (text, reasoning, tool calls, finish, usage, id)',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          anthropicAnswer,
          sseFraming({ done: false }),
          byteCuts,
          async (answer, framing, cuts) => {
            const body = byteChunks(sseText(anthropicEvents(answer), framing), cuts);
            const answerOf = () =>
              fixtureFetch({ headers: { 'content-type': 'text/event-stream' }, body }).fetch;
            const message = await anthropicSdkMessage(answerOf());
            const expected = expectedFromAnthropicMessage(message);
            expect(await streamedSummary(model(answerOf()))).toEqual(expected);
            expect(await streamedSummary(throughRouter(model(answerOf())))).toEqual(expected);
            const whole = fixtureFetch({
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(message),
            });
            expect(await generatedSummary(model(whole.fetch))).toEqual(expected);
          },
        ),
        propertyRuns(100),
      );
    },
    propertyTimeout(100),
  );
});
