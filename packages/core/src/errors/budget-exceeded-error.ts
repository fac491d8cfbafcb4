import type { BudgetShortfall } from '../budget/budget-store.js';
import { describeShortfall } from '../budget/describe-shortfall.js';
import type { DecisionRecord } from '../record/decision-record.js';
import { errorCodes } from './error-codes.js';
import { SwitchyardError } from './switchyard-error.js';

const marker = Symbol.for('switchyard.BudgetExceededError');

/**
 * A budget whose `onExhausted` is `deny` cannot pay for the request: nothing
 * was sent. `shortfalls` says which budget counter ran out of what (its limit,
 * what was spent and reserved, what the attempt needed), `retryAt` when every
 * one of them can pay again (the end of the calendar period, or when the
 * oldest counted spend leaves the rolling window). A budget that is
 * `reroute` skips its targets instead; only when `reroute` budgets set aside
 * every candidate of a request, so that none was attempted, does the request
 * fail with this error (the shortfalls of each candidate), not as if targets
 * had failed.
 *
 * @example
 * ```ts
 * try { await generateText({ model: router.languageModel('chat'), prompt }) }
 * catch (error) {
 *   if (BudgetExceededError.isInstance(error)) console.warn(`budget ${error.budgetIds.join(', ')} until ${new Date(error.retryAt)}`);
 * }
 * ```
 */
export class BudgetExceededError extends SwitchyardError {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through the symbol in isInstance
  private readonly [marker] = true;
  /** The budgets that cannot pay, by id, without repeats. */
  readonly budgetIds: readonly string[];
  /** Each counter and unit that cannot pay. */
  readonly shortfalls: readonly BudgetShortfall[];
  /** When every one of them can pay again (epoch ms). */
  readonly retryAt: number;
  /** The route asked for, when the router threw it. */
  readonly route: string | undefined;
  /** The request's id, as in its decision record, when the router threw it. */
  readonly requestId: string | undefined;
  /** The request's decision record, when the router threw it. */
  readonly record: DecisionRecord | undefined;

  constructor(options: {
    shortfalls: readonly BudgetShortfall[];
    route?: string;
    record?: DecisionRecord;
    cause?: unknown;
  }) {
    const budgetIds = [...new Set(options.shortfalls.map((shortfall) => shortfall.budgetId))];
    const retryAt = options.shortfalls.reduce((latest, shortfall) => Math.max(latest, shortfall.retryAt), 0);
    const what = options.shortfalls
      .map((shortfall) => `${shortfall.key}: ${describeShortfall(shortfall)}`)
      .join('; ');
    super({
      code: errorCodes.BUDGET_EXCEEDED,
      name: 'BudgetExceededError',
      message: `budget exhausted (${what || budgetIds.join(', ')}); it can pay again at ${new Date(retryAt).toISOString()}${
        options.record ? ` (request ${options.record.requestId})` : ''
      }`,
      cause: options.cause,
    });
    this.budgetIds = budgetIds;
    this.shortfalls = options.shortfalls;
    this.retryAt = retryAt;
    this.route = options.route;
    this.requestId = options.record?.requestId;
    this.record = options.record;
  }

  /** Whether `error` is a BudgetExceededError (of any copy of this package). */
  static override isInstance(error: unknown): error is BudgetExceededError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}
