import { fixtureFetch } from '@switchyard/simulators';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  byKind,
  generatedSummary,
  streamedSummary,
  withoutMadeUpIds,
} from './wire-traffic/answer-summary.js';
import { anthropicEvents } from './wire-traffic/anthropic-events.js';
import { anthropicSdkMessage, expectedFromAnthropicMessage } from './wire-traffic/anthropic-oracle.js';
import { anthropicAnswer } from './wire-traffic/anthropic-traffic.js';
import { byteChunks, byteCuts } from './wire-traffic/byte-chunks.js';
import { expectedFromOllamaAnswer, ollamaClientAnswer } from './wire-traffic/ollama-oracle.js';
import { ndjsonText, ollamaAnswer, ollamaParts } from './wire-traffic/ollama-traffic.js';
import {
  completionBody,
  expectedFromOpenAICompletion,
  openAISdkCompletion,
} from './wire-traffic/openai-oracle.js';
import { openAIAnswer, openAIEvents } from './wire-traffic/openai-traffic.js';
import { propertyRuns, propertyTimeout } from './wire-traffic/property-runs.js';
import { anthropicTraffic, ollamaTraffic, openAITraffic } from './wire-traffic/provider-traffic.js';
import { sseFraming, sseText } from './wire-traffic/sse-framing.js';
import { throughRouter } from './wire-traffic/through-router.js';

/**
 * Differential properties: legal provider streams, generated in the shapes
 * the official SDKs' types define (framed, and cut into network chunks
 * anywhere), read by our adapter agree in substance with the provider SDK's
 * own reading of the same bytes: directly, through a one-target router, and
 * (the SDK's final answer served as a non-streamed body) through
 * `doGenerate`. The deliberate differences are in each oracle
 * (`wire-traffic/*-oracle.ts`) and each adapter's README. CI runs a fixed
 * seed's short share; `wire-traffic/property-runs.ts` says how to run long.
 */
const served = (contentType: string, body: ReturnType<typeof byteChunks>) => () =>
  fixtureFetch({ headers: { 'content-type': contentType }, body }).fetch;
const json = (body: string) => fixtureFetch({ headers: { 'content-type': 'application/json' }, body }).fetch;

describe('the Anthropic adapter agrees with @anthropic-ai/sdk on generated streams', () => {
  const model = anthropicTraffic.model;
  it(
    'reads every legal stream as the SDK does (text, reasoning, tool calls, finish, usage, id)',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          anthropicAnswer,
          sseFraming({ done: false }),
          byteCuts,
          async (answer, framing, cuts) => {
            const fetch = served(
              'text/event-stream',
              byteChunks(sseText(anthropicEvents(answer), framing), cuts),
            );
            const message = await anthropicSdkMessage(fetch());
            const expected = expectedFromAnthropicMessage(message);
            expect(await streamedSummary(model(fetch()))).toEqual(expected);
            expect(await streamedSummary(throughRouter(model(fetch())))).toEqual(expected);
            expect(await generatedSummary(model(json(JSON.stringify(message))))).toEqual(expected);
          },
        ),
        propertyRuns(40),
      );
    },
    propertyTimeout(40),
  );
});

describe('the OpenAI adapter agrees with the openai SDK on generated streams', () => {
  const model = openAITraffic.model;
  it(
    'reads every legal stream as the SDK does (text, reasoning, tool calls, finish, usage, id)',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          openAIAnswer,
          sseFraming({ done: 'maybe' }),
          byteCuts,
          async (answer, framing, cuts) => {
            const fetch = served(
              'text/event-stream',
              byteChunks(sseText(openAIEvents(answer), framing), cuts),
            );
            const completion = await openAISdkCompletion(fetch());
            const expected = expectedFromOpenAICompletion(completion, answer);
            expect(byKind(await streamedSummary(model(fetch())))).toEqual(expected);
            expect(byKind(await streamedSummary(throughRouter(model(fetch()))))).toEqual(expected);
            expect(byKind(await generatedSummary(model(json(completionBody(completion, answer)))))).toEqual(
              expected,
            );
          },
        ),
        propertyRuns(40),
      );
    },
    propertyTimeout(40),
  );
});

describe('the Ollama adapter agrees with the ollama client on generated streams', () => {
  const model = ollamaTraffic.model;
  it(
    'reads every legal stream as the client does (text, thinking, tool calls, finish, usage, model)',
    async () => {
      await fc.assert(
        fc.asyncProperty(ollamaAnswer, byteCuts, async (answer, cuts) => {
          const fetch = served(
            'application/x-ndjson',
            byteChunks(ndjsonText(ollamaParts(answer), answer.crlf), cuts),
          );
          const whole = await ollamaClientAnswer(fetch());
          const expected = expectedFromOllamaAnswer(whole);
          // A tool call the server sent without id gets one of ours: the oracle has '' there.
          const ours = (summary: Parameters<typeof byKind>[0]) => withoutMadeUpIds(byKind(summary), expected);
          expect(ours(await streamedSummary(model(fetch())))).toEqual(expected);
          expect(ours(await streamedSummary(throughRouter(model(fetch()))))).toEqual(expected);
          expect(ours(await generatedSummary(model(json(JSON.stringify(whole)))))).toEqual(expected);
        }),
        propertyRuns(40),
      );
    },
    propertyTimeout(40),
  );
});
