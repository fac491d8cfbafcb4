import type { DecisionRecord } from '../record/decision-record.js';
import { errorCodes } from './error-codes.js';
import { SwitchyardError } from './switchyard-error.js';

const marker = Symbol.for('switchyard.BudgetUnavailableError');

/**
 * The budget store cannot be reached (Redis down or unreachable), this
 * process's lease for a budget is spent, and that budget's `onStoreDown` is
 * `deny`: nothing was sent, since the spend could not be checked. With
 * `onStoreDown: local-only` the request is served by self-hosted targets
 * instead, and this error is not thrown.
 *
 * @example
 * ```ts
 * if (BudgetUnavailableError.isInstance(error)) console.warn(`budget store down: ${error.budgetIds.join(', ')}`);
 * ```
 */
export class BudgetUnavailableError extends SwitchyardError {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through the symbol in isInstance
  private readonly [marker] = true;
  /** The budgets whose store could not be reached, by id. */
  readonly budgetIds: readonly string[];
  /** The route asked for, when the router threw it. */
  readonly route: string | undefined;
  /** The request's id, as in its decision record, when the router threw it. */
  readonly requestId: string | undefined;
  /** The request's decision record, when the router threw it. */
  readonly record: DecisionRecord | undefined;

  constructor(options: {
    budgetIds: readonly string[];
    route?: string;
    record?: DecisionRecord;
    cause?: unknown;
  }) {
    super({
      code: errorCodes.BUDGET_UNAVAILABLE,
      name: 'BudgetUnavailableError',
      message: `the budget store cannot be reached and this process's lease is spent for ${options.budgetIds.join(', ')} (onStoreDown: deny)${
        options.record ? ` (request ${options.record.requestId})` : ''
      }`,
      cause: options.cause,
    });
    this.budgetIds = options.budgetIds;
    this.route = options.route;
    this.requestId = options.record?.requestId;
    this.record = options.record;
  }

  /** Whether `error` is a BudgetUnavailableError (of any copy of this package). */
  static override isInstance(error: unknown): error is BudgetUnavailableError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}
