import { createOllama } from '@switchyard/ollama';
import { fixtureFetch } from '@switchyard/simulators';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  byKind,
  generatedSummary,
  streamedSummary,
  withoutMadeUpIds,
} from './wire-traffic/answer-summary.js';
import { byteChunks, byteCuts } from './wire-traffic/byte-chunks.js';
import { expectedFromOllamaAnswer, ollamaClientAnswer } from './wire-traffic/ollama-oracle.js';
import { ndjsonText, ollamaAnswer, ollamaParts } from './wire-traffic/ollama-traffic.js';
import { propertyRuns, propertyTimeout } from './wire-traffic/property-runs.js';
import { throughRouter } from './wire-traffic/through-router.js';

/**
 * Differential property: legal `/api/chat` NDJSON streams (generated in the
 * client's documented shapes, cut into network chunks anywhere) read by our
 * adapter agree in substance with the `ollama` client's own reading of the
 * same bytes; and the client's answer, served as a non-streamed body, is
 * read the same way by `doGenerate`.
 */
const model = (fetch: typeof globalThis.fetch) =>
  createOllama({ baseURL: 'http://fixture.invalid:11434', fetch })('llama3.2');

describe('the Ollama adapter agrees with the ollama client on generated streams', () => {
  it(
    'reads every legal stream as the client does (text, thinking, tool calls, finish, usage, model)',
    async () => {
      await fc.assert(
        fc.asyncProperty(ollamaAnswer, byteCuts, async (answer, cuts) => {
          const body = byteChunks(ndjsonText(ollamaParts(answer), answer.crlf), cuts);
          const answerOf = () =>
            fixtureFetch({ headers: { 'content-type': 'application/x-ndjson' }, body }).fetch;
          const whole = await ollamaClientAnswer(answerOf());
          const expected = expectedFromOllamaAnswer(whole);
          expect(withoutMadeUpIds(byKind(await streamedSummary(model(answerOf()))), expected)).toEqual(
            expected,
          );
          expect(
            withoutMadeUpIds(byKind(await streamedSummary(throughRouter(model(answerOf())))), expected),
          ).toEqual(expected);
          const generated = fixtureFetch({
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(whole),
          });
          expect(withoutMadeUpIds(byKind(await generatedSummary(model(generated.fetch))), expected)).toEqual(
            expected,
          );
        }),
        propertyRuns(100),
      );
    },
    propertyTimeout(100),
  );
});
