import type { DecisionRecord } from '@switchyard/core';
import type { Assertion } from '../scenario/scenario-schema.js';
import type { AssertionEvaluator } from './assertion-evaluator.js';
import { type AssertionFacts, type AssertionVerdict, pushExample } from './assertion-verdict.js';

type AnswerAssertion = Extract<
  Assertion,
  { type: 'continuations' | 'complete-answers' | 'no-repeated-text' }
>;

/** Fewest words of a repeat at a splice that counts (shorter ones may be genuine text: "very very"). */
const minRepeatWords = 3;

/** What an answer check keeps of a continued stream's record: its id, who started it, where attempts joined. */
interface Continued {
  readonly requestId: string;
  /** The target whose attempt delivered the first characters. */
  readonly startedBy: string | undefined;
  /** The splice points: characters the caller had when each continuation took over. */
  readonly splices: readonly number[];
}

function continuedOf(record: DecisionRecord): Continued | undefined {
  if (record.operation !== 'stream' || record.servedBy === null || (record.totals.continuations ?? 0) === 0)
    return undefined;
  return {
    requestId: record.requestId,
    startedBy: record.attempts.find((attempt) => (attempt.deliveredChars ?? 0) > 0)?.targetId,
    splices: record.attempts.flatMap((attempt) =>
      attempt.continuation !== undefined && attempt.ttftMs !== undefined
        ? [attempt.continuation.fromChars]
        : [],
    ),
  };
}

const words = (text: string) => text.trim().split(/\s+/).filter(Boolean);

const startsWithWords = (text: readonly string[], start: readonly string[]) =>
  start.length <= text.length && start.every((word, index) => text[index] === word);

/**
 * Whether the text after `at` begins by repeating what came before it: all
 * of it (a restart, two words or more) or its last {@link minRepeatWords}
 * words or more (an echo).
 *
 * @example
 * ```ts
 * repeatsAt('The quick brown fox brown fox jumps', 15); // false: 'fox' then 'brown fox' is not 3 words
 * repeatsAt('The quick brown The quick brown fox', 16); // true: a restart
 * ```
 */
export function repeatsAt(text: string, at: number): boolean {
  const before = words(text.slice(0, at));
  const after = words(text.slice(at));
  if (before.length >= 2 && startsWithWords(after, before)) return true;
  for (let count = minRepeatWords; count < before.length; count++)
    if (startsWithWords(after, before.slice(-count))) return true;
  return false;
}

/**
 * Evaluators over continued streams (`continuations`, `complete-answers`,
 * `no-repeated-text`): each record of a streamed answer the router finished
 * on another target is kept compactly (id, the target that started it, the
 * splice points), and joined at the end with the text the caller read.
 */
export function answerEvaluator(assertion: AnswerAssertion, facts: AssertionFacts): AssertionEvaluator {
  const continued: Continued[] = [];
  const verdict = (
    passed: boolean,
    summary: string,
    evidence: Record<string, unknown>,
  ): AssertionVerdict => ({
    name: assertion.name ?? assertion.type,
    type: assertion.type,
    passed,
    summary,
    evidence,
  });
  return {
    add(record) {
      const entry = continuedOf(record);
      if (entry !== undefined) continued.push(entry);
    },
    verdict({ answers }) {
      if (assertion.type === 'continuations') {
        const count = continued.length;
        const passed = count >= assertion.min && (assertion.max === undefined || count <= assertion.max);
        const required = `required >= ${assertion.min}${assertion.max === undefined ? '' : ` and <= ${assertion.max}`}`;
        return verdict(passed, `${count} streamed answer(s) continued on another target, ${required}`, {
          continued: count,
          examples: continued.slice(0, 10).map((entry) => entry.requestId),
        });
      }
      const examples: unknown[] = [];
      let bad = 0;
      let unchecked = 0;
      for (const entry of continued) {
        const answer = answers?.get(entry.requestId);
        if (answer === undefined) {
          unchecked++;
          pushExample(examples, { requestId: entry.requestId, problem: 'the caller never read this answer' });
          continue;
        }
        if (assertion.type === 'no-repeated-text') {
          const at = entry.splices.find((splice) => repeatsAt(answer.text, splice));
          if (at !== undefined) {
            bad++;
            pushExample(examples, { requestId: entry.requestId, spliceAt: at, text: answer.text });
          }
          continue;
        }
        const expected =
          entry.startedBy === undefined ? undefined : facts.referenceAnswer?.(entry.startedBy, answer.prompt);
        if (expected === undefined) {
          unchecked++;
          pushExample(examples, {
            requestId: entry.requestId,
            problem: `no reference answer for ${entry.startedBy ?? 'an unknown target'} (live drills and targets given as models have none)`,
          });
          continue;
        }
        const whole =
          answer.text === expected || (answer.finishReason === 'length' && expected.startsWith(answer.text));
        if (!whole) {
          bad++;
          pushExample(examples, { requestId: entry.requestId, expected, got: answer.text });
        }
      }
      const what =
        assertion.type === 'no-repeated-text' ? 'repeat text at a splice' : 'are not the whole answer';
      // Over no continued answer it would hold vacuously: it fails, saying so.
      return verdict(
        continued.length > 0 && bad === 0 && unchecked === 0,
        continued.length === 0
          ? 'no streamed answer was continued on another target in this run: nothing was checked'
          : `${bad} of ${continued.length} continued answer(s) ${what}${unchecked > 0 ? `; ${unchecked} could not be checked` : ''}`,
        { continued: continued.length, bad, unchecked, examples },
      );
    },
  };
}
