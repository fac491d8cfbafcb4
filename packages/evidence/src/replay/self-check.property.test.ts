import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { createRouter, memorySink } from '@switchyard/router';
import { providerFailure, type ScriptedStep, scriptedModel } from '@switchyard/router/test';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { policyAfter, policyBefore, replayConfig } from '../test-fixtures/replay-router.js';
import { ReplayBasis } from './replay-basis.js';
import { selfCheck } from './self-check.js';

const ids = ['alpha', 'beta', 'gamma', 'local'] as const;
const jurisdictions = ['US', 'CN', 'DE', 'RU', 'SG'];

const arbitraryStep: fc.Arbitrary<ScriptedStep> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<ScriptedStep>({ text: 'one two three' }) },
  fc.constant<ScriptedStep>({ error: providerFailure({ kind: 'transient', status: 503, message: 'down' }) }),
  fc.constant<ScriptedStep>({
    error: providerFailure({ kind: 'rate_limited', status: 429, message: 'slow', retryAfterMs: 5_000 }),
  }),
  fc.constant<ScriptedStep>({
    error: providerFailure({
      kind: 'cutoff',
      cutoffReason: 'region_blocked',
      scope: 'jurisdiction',
      status: 403,
      message: 'region',
    }),
  }),
  fc.constant<ScriptedStep>({
    error: providerFailure({
      kind: 'cutoff',
      cutoffReason: 'model_withdrawn',
      scope: 'target',
      status: 404,
      message: 'gone',
    }),
  }),
  fc.constant<ScriptedStep>({
    error: providerFailure({ kind: 'context_length', status: 400, message: 'too long' }),
  }),
);

const arbitraryScenario = fc.record({
  strategy: fc.constantFrom('priority', 'cheapest', 'fastest', 'weighted', 'least-busy' as const),
  withoutModel: fc.subarray([...ids], { maxLength: 1 }),
  steps: fc.record(
    Object.fromEntries(ids.map((id) => [id, fc.array(arbitraryStep, { maxLength: 8 })])) as Record<
      (typeof ids)[number],
      fc.Arbitrary<ScriptedStep[]>
    >,
  ),
  requests: fc.array(
    fc.record({
      jurisdiction: fc.constantFrom(...jurisdictions),
      dataClass: fc.constantFrom('internal', 'regulated'),
      stream: fc.boolean(),
      tools: fc.boolean(),
      words: fc.integer({ min: 1, max: 1_200 }),
      /** ms the clock moves before this request. */
      advanceMs: fc.integer({ min: 0, max: 40_000 }),
      /** Start the next request before this one ends (in flight together). */
      overlap: fc.boolean(),
      /** Put the other policy in force before this request. */
      switchPolicy: fc.boolean(),
      manualCutoff: fc.option(
        fc.record({
          target: fc.constantFrom(...ids),
          jurisdiction: fc.option(fc.constantFrom(...jurisdictions), { nil: undefined }),
        }),
        { nil: undefined },
      ),
    }),
    { minLength: 1, maxLength: 10 },
  ),
  seed: fc.integer(),
});

async function drain(stream: ReadableStream<LanguageModelV4StreamPart>): Promise<void> {
  const reader = stream.getReader();
  for (;;) if ((await reader.read()).done) return;
}

describe('selfCheck (property)', () => {
  it('reproduces every record the router writes: any strategy, health, policy change, capability and size', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryScenario, async (scenario) => {
        let now = Date.parse('2026-06-24T23:59:00.000Z');
        let seed = scenario.seed;
        const random = () => {
          seed = (Math.imul(seed, 1_103_515_245) + 12_345) | 0;
          return ((seed >>> 0) % 1_000_000) / 1_000_000;
        };
        const sink = memorySink();
        const router = createRouter({
          config: replayConfig({ strategy: scenario.strategy }),
          models: Object.fromEntries(
            ids
              .filter((id) => !scenario.withoutModel.includes(id))
              .map((id) => [
                id,
                scriptedModel({
                  provider: id,
                  modelId: id,
                  steps: [...scenario.steps[id], ...Array(20).fill({ text: 'more' })],
                }),
              ]),
          ),
          sinks: [sink],
          clock: { now: () => now },
          random,
          health: {
            maxRetries: 1,
            initialBackoffMs: 1,
            maxBackoffMs: 1,
            maxRetryAfterMs: 0,
            probeCutoffAfterMs: 30_000,
            breakerThreshold: 2,
          },
        });
        const model = router.languageModel('chat');
        let after = false;
        let pending: Promise<unknown> | undefined;
        for (const request of scenario.requests) {
          now += request.advanceMs;
          if (request.switchPolicy) {
            after = !after;
            router.setPolicy(after ? policyAfter : policyBefore);
          }
          if (request.manualCutoff)
            router.health.cutOff(request.manualCutoff.target, {
              ...(request.manualCutoff.jurisdiction
                ? { jurisdiction: request.manualCutoff.jurisdiction }
                : {}),
              reason: 'legal_block',
            });
          const options = {
            prompt: [
              {
                role: 'user' as const,
                content: [{ type: 'text' as const, text: 'word '.repeat(request.words) }],
              },
            ],
            providerOptions: {
              switchyard: { jurisdiction: request.jurisdiction, dataClass: request.dataClass },
            },
            ...(request.tools
              ? {
                  tools: [
                    { type: 'function' as const, name: 'lookup', inputSchema: { type: 'object' as const } },
                  ],
                }
              : {}),
          };
          const call = (
            request.stream
              ? Promise.resolve(model.doStream(options)).then((result) => drain(result.stream))
              : Promise.resolve(model.doGenerate(options))
          ).catch(() => undefined);
          if (pending) await pending;
          pending = request.overlap ? call : undefined;
          if (!request.overlap) await call;
        }
        await pending;
        await router.close();
        const basis = ReplayBasis.fromDocuments(sink.documents);
        expect(sink.records.length).toBeGreaterThan(0);
        for (const record of sink.records) {
          const result = selfCheck({ record, basis });
          expect(result.differences, record.requestId).toEqual([]);
        }
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
