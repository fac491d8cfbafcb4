import {
  amountUnits,
  BudgetSpendTally,
  compileBudgets,
  describeShortfall,
  microUsdToUsd,
} from '@switchyard/core';
import type { Assertion } from '../scenario/scenario-schema.js';
import type { AssertionEvaluator } from './assertion-evaluator.js';
import { type AssertionFacts, type AssertionVerdict, pushExample } from './assertion-verdict.js';

type Of<Type extends Assertion['type']> = Extract<Assertion, { type: Type }>;

function verdict(
  assertion: Assertion,
  passed: boolean,
  summary: string,
  evidence: Record<string, unknown>,
): AssertionVerdict {
  return { name: assertion.name ?? assertion.type, type: assertion.type, passed, summary, evidence };
}

/**
 * `budget-never-exceeded`: rebuilds every counter of the checked budgets from
 * the records' charges (their `attempt.budget`), window by window, and holds
 * when no window of any counter spent past its limit in any unit. Budgets
 * `warn` are not checked unless named. Fails when the config has none of the
 * budgets checked: a check of nothing proves nothing.
 */
export function budgetNeverExceeded(
  assertion: Of<'budget-never-exceeded'>,
  facts: AssertionFacts,
): AssertionEvaluator {
  const all = facts.budgets ?? [];
  const checked = new Set(
    assertion.budgets ?? all.filter((budget) => budget.onExhausted !== 'warn').map((budget) => budget.id),
  );
  const budgets = compileBudgets({ budgets: all.filter((budget) => checked.has(budget.id)) });
  const tally = new BudgetSpendTally({ budgets, dedupe: false });
  return {
    add: (record) => tally.add(record),
    verdict() {
      const counters = tally.counters(facts.startMs).filter((counter) => checked.has(counter.budgetId));
      const examples: unknown[] = [];
      let worst = 0;
      for (const counter of counters) {
        for (const unit of amountUnits) {
          const limit = counter.limits?.[unit];
          if (limit === undefined) continue;
          worst = Math.max(worst, limit === 0 ? 0 : counter.peak[unit] / limit);
          if (counter.peak[unit] > limit)
            pushExample(examples, {
              key: counter.key,
              unit,
              peak: counter.peak[unit],
              limit,
              over: describeShortfall({ unit, limit, committed: counter.peak[unit], needed: 0 }),
            });
        }
      }
      // What each budget was charged, in the units it limits (a requests cap shows requests, not dollars).
      const charged = budgets.all
        .map((budget) => {
          const own = counters.filter((counter) => counter.budgetId === budget.id);
          const total = (unit: (typeof amountUnits)[number]) =>
            own.reduce((sum, counter) => sum + counter.total[unit], 0);
          const amounts = [
            budget.limits.microUsd === undefined ? '' : `$${microUsdToUsd(total('microUsd')).toFixed(4)}`,
            budget.limits.tokens === undefined ? '' : `${total('tokens')} tokens`,
            budget.limits.requests === undefined ? '' : `${total('requests')} requests`,
          ].filter(Boolean);
          return `${budget.id} ${amounts.join(' + ')}`;
        })
        .join(', ');
      const missing = budgets.all.length === 0;
      return verdict(
        assertion,
        !missing && examples.length === 0,
        missing
          ? `no budget to check: the config has none of ${[...checked].join(', ') || 'its budgets (all warn, or none)'}`
          : `${counters.length} counter(s): the fullest window reached ${(worst * 100).toFixed(1)} % of its limit, ${examples.length} over (charged: ${charged})`,
        {
          budgets: budgets.all.map((budget) => budget.id),
          counters: counters.map((counter) => ({
            key: counter.key,
            peak: counter.peak,
            limits: counter.limits,
          })),
          examples,
        },
      );
    },
  };
}

/**
 * `rerouted-on-budget`: finds the requests where a budget (`budget`, or any)
 * could not pay for a candidate that was then skipped (`skipped` reason
 * `budget`), and holds when at least one exists and at least `minShare` of
 * them were still served, by another target.
 */
export function reroutedOnBudget(
  assertion: Of<'rerouted-on-budget'>,
  _facts: AssertionFacts,
): AssertionEvaluator {
  let rerouted = 0;
  let served = 0;
  const servedBy: Record<string, number> = {};
  const examples: unknown[] = [];
  return {
    add(record) {
      const skip = record.skipped.find(
        (entry) =>
          entry.reason === 'budget' &&
          (assertion.budget === undefined || (entry.budgetIds ?? []).includes(assertion.budget)),
      );
      if (skip === undefined) return;
      rerouted++;
      if (record.servedBy !== null) {
        served++;
        servedBy[record.servedBy] = (servedBy[record.servedBy] ?? 0) + 1;
      } else
        pushExample(examples, {
          requestId: record.requestId,
          skipped: skip.targetId,
          error: record.error?.code,
        });
    },
    verdict() {
      const share = rerouted === 0 ? 0 : served / rerouted;
      const what = assertion.budget === undefined ? 'a budget' : `budget ${assertion.budget}`;
      return verdict(
        assertion,
        rerouted > 0 && share >= assertion.minShare,
        rerouted === 0
          ? `no request was rerouted because ${what} could not pay`
          : `${served} of ${rerouted} request(s) rerouted because ${what} could not pay were served (${(share * 100).toFixed(2)} %), required >= ${(assertion.minShare * 100).toFixed(2)} %`,
        { rerouted, served, share, servedBy, examples },
      );
    },
  };
}

/**
 * `aborted-streams-charged`: every streamed attempt that delivered content
 * (it has a time to first token) and then ended aborted or failed must carry
 * its usage (the provider's, or the router's bound: `usageEstimated`) with
 * output tokens, and a cost when its target has a price (and, when a budget
 * counted it, a charge). Fails when no such stream exists: nothing was shown.
 */
export function abortedStreamsCharged(
  assertion: Of<'aborted-streams-charged'>,
  facts: AssertionFacts,
): AssertionEvaluator {
  const priced = new Set(
    facts.targets
      .filter((target) => target.price !== undefined && (target.price.input > 0 || target.price.output > 0))
      .map((target) => target.id),
  );
  let cut = 0;
  let charged = 0;
  const examples: unknown[] = [];
  return {
    add(record) {
      if (record.operation !== 'stream') return;
      for (const attempt of record.attempts) {
        if (attempt.ttftMs === undefined || attempt.outcome === 'success') continue;
        cut++;
        const tokens = (attempt.usage?.outputTokens ?? 0) > 0;
        const costs = !priced.has(attempt.targetId) || attempt.costUsd > 0;
        const counted = attempt.budget === undefined || attempt.budget.charged.tokens > 0;
        if (tokens && costs && counted) charged++;
        else
          pushExample(examples, {
            requestId: record.requestId,
            targetId: attempt.targetId,
            outcome: attempt.outcome,
            usage: attempt.usage,
            costUsd: attempt.costUsd,
          });
      }
    },
    verdict: () =>
      verdict(
        assertion,
        cut > 0 && charged === cut,
        cut === 0
          ? 'no streamed request was cut after its first content part in this run (generate calls are not counted, even when sent as streams: their caller read no part)'
          : `${charged} of ${cut} stream(s) cut after content were charged for what they delivered`,
        { cut, charged, examples },
      ),
  };
}
