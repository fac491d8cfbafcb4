import { fixtureFetch } from '@switchyard/simulators';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnswerSummary, streamedSummary } from './wire-traffic/answer-summary.js';
import { byteChunks, byteCuts } from './wire-traffic/byte-chunks.js';
import { extraFields, jsonMutation, mutated, withExtraFields } from './wire-traffic/mutate-json.js';
import { propertyRuns, propertyTimeout } from './wire-traffic/property-runs.js';
import {
  anthropicTraffic,
  ollamaTraffic,
  openAITraffic,
  type ProviderTraffic,
} from './wire-traffic/provider-traffic.js';
import type { WireEvent } from './wire-traffic/sse-framing.js';

/**
 * Hostile streams, made from legal ones (the generators of the differential
 * properties): cut short at any byte, one field of one event given the wrong
 * type or removed, unknown fields and event types added. Whatever comes, our
 * adapter ends the stream in an answer or in one classified failure (never a
 * raw `TypeError`, a hang, a part out of order, a finish after an error); a
 * stream cut before its end is never a short answer; what a newer API adds
 * is skipped as the provider's SDK skips it. `test/hostile-bodies.test.ts`
 * has the fixed hostile bodies (HTML pages, empty, endless, 64 MiB).
 */

/**
 * The failures a broken stream may end in: the body is cut, or not what the
 * provider sends; or what the legal stream it was made from ended in (a
 * refusal, or the content filter, with nothing answered; Ollama's `load` or
 * `unload`, or a `done_reason` it never sends, with nothing answered).
 */
const brokenStream = new Set([
  'stream_truncated',
  'malformed_stream',
  'malformed_response',
  'refusal',
  'content_filter',
  'model_load_only',
  'model_unload_only',
  'no_answer',
]);

const served = (contentType: string, text: string, cuts: readonly number[]) => () =>
  fixtureFetch({ headers: { 'content-type': contentType }, body: byteChunks(text, cuts) }).fetch;

/** Bytes of `text` up to the end of the JSON of event `position` (a reader flushes the last event at the end of the body). */
function endOfEvent<Framing>(
  traffic: ProviderTraffic<unknown, Framing>,
  events: readonly WireEvent[],
  position: number,
  framing: Framing,
): number {
  const upTo = traffic.text(events.slice(0, position + 1), framing);
  return new TextEncoder().encode(upTo.slice(0, upTo.lastIndexOf('}') + 1)).length;
}

/** The text of `answer`'s stream with its events' data replaced by `change` of all of them. */
function textWithData<Framing>(
  traffic: ProviderTraffic<unknown, Framing>,
  answer: unknown,
  framing: Framing,
  change: (data: readonly unknown[]) => unknown[],
): string {
  const events = traffic.events(answer);
  const data = change(events.map((event) => event.data));
  return traffic.text(
    events.map((event, position) => ({ ...event, data: data[position] })),
    framing,
  );
}

function expectClassified(summary: AnswerSummary): void {
  if (summary.failure === undefined) expect(summary.finish).toBeDefined();
  else expect(brokenStream).toContain(summary.failure.code);
}

describe.each([anthropicTraffic, openAITraffic, ollamaTraffic] as ProviderTraffic<unknown, unknown>[])(
  'hostile $name streams',
  (traffic) => {
    it(
      'a stream cut short at any byte is a classified failure, never a short answer',
      async () => {
        await fc.assert(
          fc.asyncProperty(traffic.traffic, fc.nat(), byteCuts, async ({ answer, framing }, cut, cuts) => {
            const events = traffic.events(answer);
            const bytes = new TextEncoder().encode(traffic.text(events, framing));
            const at = cut % bytes.length;
            const text = new TextDecoder().decode(bytes.slice(0, at));
            const summary = await streamedSummary(traffic.model(served(traffic.contentType, text, cuts)()));
            expectClassified(summary);
            if (at < endOfEvent(traffic, events, traffic.terminal(events), framing))
              expect(summary.failure).toBeDefined();
          }),
          propertyRuns(15),
        );
      },
      propertyTimeout(15),
    );

    it(
      'a field of the wrong type, or missing, ends in an answer or a classified failure',
      async () => {
        await fc.assert(
          fc.asyncProperty(
            traffic.traffic,
            jsonMutation,
            byteCuts,
            async ({ answer, framing }, mutation, cuts) => {
              const text = textWithData(traffic, answer, framing, (data) => mutated(data, mutation));
              expectClassified(
                await streamedSummary(traffic.model(served(traffic.contentType, text, cuts)())),
              );
            },
          ),
          propertyRuns(20),
        );
      },
      propertyTimeout(20),
    );

    it('reads a huge field whole, as the SDK does (1 MiB of text in one delta)', async () => {
      const [{ answer, framing }] = fc.sample(traffic.traffic, { seed: 1, numRuns: 1 }) as [
        { answer: unknown; framing: unknown },
      ];
      const huge = traffic.withText(answer, 'é中😀"\\\n'.repeat(88 * 1024));
      const fetch = served(
        traffic.contentType,
        traffic.text(traffic.events(huge), framing),
        [65_536, 1_000_003],
      );
      const expected = await traffic.expected(fetch, huge);
      expect(traffic.comparable(await streamedSummary(traffic.model(fetch())), expected)).toEqual(expected);
    });

    it(
      'skips unknown fields as the provider SDK does',
      async () => {
        await fc.assert(
          fc.asyncProperty(
            traffic.traffic,
            extraFields,
            byteCuts,
            async ({ answer, framing }, extra, cuts) => {
              const text = textWithData(traffic, answer, framing, (data) => withExtraFields(data, extra));
              const fetch = served(traffic.contentType, text, cuts);
              const expected = await traffic.expected(fetch, answer);
              expect(traffic.comparable(await streamedSummary(traffic.model(fetch())), expected)).toEqual(
                expected,
              );
            },
          ),
          propertyRuns(15),
        );
      },
      propertyTimeout(15),
    );
  },
);

describe('hostile anthropic streams', () => {
  const unknownEvent = fc.oneof(
    fc.constant({ event: 'content_block_future', data: { type: 'content_block_future', index: 0 } }),
    fc.constant({ event: 'message_future', data: { type: 'message_future', detail: { a: [1] } } }),
    fc.nat(6).map((index) => ({
      event: 'content_block_delta',
      data: { type: 'content_block_delta', index, delta: { type: 'future_delta', future: 'x' } },
    })),
  );

  it(
    'skips unknown event and delta types as the SDK does',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          anthropicTraffic.traffic,
          fc.array(fc.tuple(fc.nat(), unknownEvent), { minLength: 1, maxLength: 3 }),
          byteCuts,
          async ({ answer, framing }, inserts, cuts) => {
            const events = anthropicTraffic.events(answer);
            for (const [at, event] of inserts) events.splice(at % (events.length + 1), 0, event);
            const fetch = served(anthropicTraffic.contentType, anthropicTraffic.text(events, framing), cuts);
            const expected = await anthropicTraffic.expected(fetch, answer);
            expect(await streamedSummary(anthropicTraffic.model(fetch()))).toEqual(expected);
          },
        ),
        propertyRuns(15),
      );
    },
    propertyTimeout(15),
  );
});
