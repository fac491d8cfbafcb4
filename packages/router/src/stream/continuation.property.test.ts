import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRouter } from '../create-router.js';
import { memorySink } from '../sinks/memory-sink.js';
import {
  type ReferenceBehaviour,
  type ReferenceCall,
  type ReferenceModel,
  referenceAnswerModel,
} from '../test-fixtures/reference-answer-model.js';
import { testConfig } from '../test-fixtures/router-fixtures.js';
import { collect } from '../test-fixtures/router-harness.js';

const ids = ['alpha', 'beta', 'gamma', 'local'] as const;

/** An answer of distinct words (a repeat at a splice could then only be the router's). */
const arbitraryAnswer = fc
  .uniqueArray(fc.stringMatching(/^[a-z]{1,7}[,.]?$/), {
    minLength: 3,
    maxLength: 30,
    selector: (word) => word.replace(/[,.]/, ''),
  })
  .map((words) => words.join(' '));

const arbitraryBehaviour: fc.Arbitrary<ReferenceBehaviour> = fc.record({
  prefill: fc.constantFrom('continue', 'reject', 'ignore'),
  explicit: fc.constantFrom('continue', 'restart', 'echo'),
  chunks: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 4 }),
});

const arbitraryCall: fc.Arbitrary<ReferenceCall> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<ReferenceCall>({ kind: 'answer' }) },
  { weight: 1, arbitrary: fc.constant<ReferenceCall>({ kind: 'refuse' }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constantFrom('error-part', 'throw', 'end', 'stall'),
      afterChars: fc.integer({ min: 1, max: 200 }),
    }) as fc.Arbitrary<ReferenceCall>,
  },
);

const arbitraryScenario = fc.record({
  answer: arbitraryAnswer,
  targets: fc.tuple(
    ...ids.map(() =>
      fc.record({ behaviour: arbitraryBehaviour, script: fc.array(arbitraryCall, { maxLength: 3 }) }),
    ),
  ),
  maxRetries: fc.integer({ min: 0, max: 1 }),
});

/** Runs `work` while advancing the fake clock, until it settles. */
async function settle<T>(work: Promise<T>): Promise<T> {
  let done = false;
  const watched = work.finally(() => {
    done = true;
  });
  watched.catch(() => {}); // awaited below, after the clock has run

  for (let step = 0; !done && step < 2_000; step++) await vi.advanceTimersByTimeAsync(250);
  return watched;
}

describe('mid-stream continuation (properties)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  // Many runs of whole routed streams: 7 s on a busy machine.
  it('gives the caller the reference answer, nothing repeated, or an error after a prefix of it; every attempt is recorded with its splice point', {
    timeout: 60_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryScenario, async (scenario) => {
        const models: Record<string, ReferenceModel> = {};
        ids.forEach((id, index) => {
          const target = scenario.targets[index] as (typeof scenario.targets)[number];
          models[id] = referenceAnswerModel({
            answer: scenario.answer,
            behaviour: target.behaviour,
            script: target.script,
          });
        });
        const sink = memorySink();
        const router = createRouter({
          config: testConfig(),
          models,
          sinks: [sink],
          health: {
            maxRetries: scenario.maxRetries,
            initialBackoffMs: 1,
            maxBackoffMs: 1,
            ttftTimeoutMs: 1_000,
            stallTimeoutMs: 1_000,
          },
          random: () => 0.5,
        });
        const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Explain.' }] }];
        let parts: LanguageModelV4StreamPart[] = [];
        let opened = true;
        try {
          parts = await settle(
            Promise.resolve(router.languageModel('chat').doStream({ prompt })).then(({ stream }) =>
              collect(stream),
            ),
          );
        } catch {
          opened = false; // every candidate failed before any content: nothing reached the caller
        }
        const text = parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');
        const finishes = parts.filter((part) => part.type === 'finish').length;
        const errors = parts.filter((part) => part.type === 'error').length;
        const [record] = sink.records;
        expect(record).toBeDefined();
        if (opened) expect(finishes + errors).toBe(1);
        if (finishes === 1) {
          expect(text).toBe(scenario.answer);
          expect(record?.outcome).toBe('served');
        } else {
          expect(scenario.answer.startsWith(text)).toBe(true);
          expect(record?.outcome).toBe('failed');
        }
        expect(parts.filter((part) => part.type === 'stream-start').length).toBeLessThanOrEqual(1);
        // Every call a model received is an attempt in the record, in order, with its splice point.
        const calls = ids.reduce((sum, id) => sum + (models[id]?.calls.length ?? 0), 0);
        const attempts = record?.attempts ?? [];
        expect(attempts).toHaveLength(calls);
        let delivered = 0;
        for (const attempt of attempts) {
          if (attempt.continuation !== undefined) expect(attempt.continuation.fromChars).toBe(delivered);
          delivered += attempt.deliveredChars ?? 0;
        }
        expect(delivered).toBe(text.length);
        // Continuations counted: the attempts that took the answer over (they opened: a first-token time).
        const tookOver = attempts.filter(
          (attempt) => attempt.continuation && attempt.ttftMs !== undefined,
        ).length;
        expect(record?.totals.continuations ?? 0).toBe(tookOver);
        const finish = parts.find((part) => part.type === 'finish');
        if (finish?.type === 'finish')
          expect(finish.providerMetadata?.switchyard?.continuations ?? 0).toBe(tookOver);
        await router.close();
      }),
      {
        numRuns: Number(process.env.RUNS ?? 200),
        seed: process.env.SEED ? Number(process.env.SEED) : undefined,
      },
    );
  });
});
