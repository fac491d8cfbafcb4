import type { AttemptRecord, DecisionRecord, Target } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../scenario/parse-scenario.js';
import { fixtureScenario } from '../testing/fixture-scenario.js';
import { answerEvaluator, repeatsAt } from './answer-evaluators.js';
import type { AssertionFacts, StreamedAnswer } from './assertion-verdict.js';
import { createPolicyTimeline } from './policy-timeline.js';

const scenario = validateScenario(fixtureScenario());
const startMs = Date.parse(scenario.start);
const answer = 'This is a whole answer of nine words, no more.';

const facts: AssertionFacts = {
  targets: scenario.config.targets as Target[],
  policy: createPolicyTimeline({ config: scenario.config, timeline: scenario.timeline, startMs }),
  startMs,
  restores: [],
  referenceAnswer: (targetId) => (targetId === 'primary' ? answer : undefined),
};

const attempt = (targetId: string, fields: Partial<AttemptRecord>): AttemptRecord => ({
  targetId,
  provider: 'openai',
  model: 'm',
  startMs: 0,
  latencyMs: 10,
  outcome: 'success',
  retry: 0,
  costUsd: 0,
  ...fields,
});

/** A streamed request served after one continuation at `splice`. */
function continued(requestId: string, splice: number, startedBy = 'primary'): DecisionRecord {
  return {
    schemaVersion: 1,
    requestId,
    time: new Date(startMs).toISOString(),
    route: 'chat',
    operation: 'stream',
    context: { jurisdiction: 'US' },
    policyVersion: 'v',
    verdicts: [],
    skipped: [],
    attempts: [
      attempt(startedBy, { outcome: 'failure', failureKind: 'transient', deliveredChars: splice, ttftMs: 5 }),
      attempt('backup', {
        deliveredChars: answer.length - splice,
        ttftMs: 5,
        continuation: { fromChars: splice, mode: 'prefill', overlapChars: 0 },
      }),
    ],
    servedBy: 'backup',
    outcome: 'served',
    totals: {
      latencyMs: 20,
      attempts: 2,
      fallbackDepth: 1,
      continuations: 1,
      usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 },
      costUsd: 0,
      wastedCostUsd: 0,
    },
  };
}

function verdictOf(
  type: 'complete-answers' | 'no-repeated-text',
  answers: Record<string, StreamedAnswer>,
  records: DecisionRecord[],
) {
  const evaluator = answerEvaluator({ type }, facts);
  for (const record of records) evaluator.add(record);
  return evaluator.verdict({
    sent: records.length,
    outcomes: { served: records.length, failed: 0, lost: 0 },
    answers: new Map(Object.entries(answers)),
  });
}

const read = (text: string): StreamedAnswer => ({ text, prompt: 'p', finishReason: 'stop' });

describe('answerEvaluator', () => {
  describe('complete-answers', () => {
    it('holds when every continued answer is the whole answer of the target that started it', () => {
      expect(verdictOf('complete-answers', { a: read(answer) }, [continued('a', 10)]).passed).toBe(true);
    });

    it('fails on an answer with a word twice, one with a word missing, and one it cannot check', () => {
      const result = verdictOf(
        'complete-answers',
        {
          twice: read('This is a whole whole answer of nine words, no more.'),
          missing: read('This is a answer of nine words, no more.'),
          unknown: read(answer),
        },
        [continued('twice', 15), continued('missing', 10), continued('unknown', 10, 'gamma')],
      );
      expect(result.passed).toBe(false);
      expect(result.summary).toBe(
        '2 of 3 continued answer(s) are not the whole answer; 1 could not be checked',
      );
    });

    it('accepts the start of the answer when it was cut at the output limit', () => {
      const cut = { text: 'This is a whole', prompt: 'p', finishReason: 'length' };
      expect(verdictOf('complete-answers', { a: cut }, [continued('a', 5)]).passed).toBe(true);
    });
  });

  describe('no-repeated-text', () => {
    it('finds a restart or an echo at the splice, and nothing where the answer goes on', () => {
      const restart = 'This is a whole This is a whole answer of nine words, no more.';
      const echo = 'This is a whole answer is a whole answer of nine words, no more.';
      const result = verdictOf(
        'no-repeated-text',
        { restart: read(restart), echo: read(echo), fine: read(answer) },
        [continued('restart', 15), continued('echo', 22), continued('fine', 22)],
      );
      expect(result.passed).toBe(false);
      expect(result.summary).toBe('2 of 3 continued answer(s) repeat text at a splice');
    });
  });

  it('fails, saying so, when no answer was continued: both would hold vacuously', () => {
    for (const type of ['complete-answers', 'no-repeated-text'] as const) {
      expect(verdictOf(type, {}, [])).toMatchObject({
        passed: false,
        summary: 'no streamed answer was continued on another target in this run: nothing was checked',
      });
    }
  });

  describe('continuations', () => {
    it('counts the streamed answers continued on another target', () => {
      const evaluator = answerEvaluator({ type: 'continuations', min: 2 }, facts);
      evaluator.add(continued('a', 10));
      expect(evaluator.verdict({ sent: 1, outcomes: { served: 1, failed: 0, lost: 0 } })).toMatchObject({
        passed: false,
        summary: '1 streamed answer(s) continued on another target, required >= 2',
      });
    });
  });
});

describe('repeatsAt', () => {
  it('needs three words for an echo: two could be the text itself', () => {
    expect(repeatsAt('one two three four three four five', 19)).toBe(false);
    expect(repeatsAt('one two three four two three four five', 19)).toBe(true);
  });
});
