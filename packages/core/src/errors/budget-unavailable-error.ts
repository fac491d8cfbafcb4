import type { DecisionRecord } from '../record/decision-record.js';
import { errorCodes } from './error-codes.js';
import { SwitchyardError } from './switchyard-error.js';

const marker = Symbol.for('switchyard.BudgetUnavailableError');

/**
 * The budget store cannot be reached (Redis down or unreachable), this
 * process's lease for a budget is spent, and nothing was sent, since the
 * spend could not be checked: that budget's `onStoreDown` is `deny`, or it is
 * `local-only` (only self-hosted targets go ahead, uncounted) and the route
 * had no self-hosted candidate left to serve (`onStoreDown: 'local-only'`
 * here; the candidates set aside are in the record's `skipped`, reason
 * `budget`).
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
  /** What the budgets' `onStoreDown` said: `deny` refused the request, `local-only` found no self-hosted target to serve it. */
  readonly onStoreDown: 'deny' | 'local-only';

  /**
   * @param options.onStoreDown `deny` (default) or `local-only`, see {@link BudgetUnavailableError.onStoreDown}.
   */
  constructor(options: {
    budgetIds: readonly string[];
    route?: string;
    record?: DecisionRecord;
    onStoreDown?: 'deny' | 'local-only';
    cause?: unknown;
  }) {
    const onStoreDown = options.onStoreDown ?? 'deny';
    const budgetIds = options.budgetIds.join(', ');
    super({
      code: errorCodes.BUDGET_UNAVAILABLE,
      name: 'BudgetUnavailableError',
      message: `${
        onStoreDown === 'deny'
          ? `the budget store cannot be reached and this process's lease is spent for ${budgetIds} (onStoreDown: deny)`
          : `the budget store cannot be reached and this process's lease is spent for ${budgetIds}; onStoreDown: local-only lets only self-hosted targets through, and no self-hosted candidate of route "${options.route ?? '?'}" could serve: bring the store back, add a self-hosted target to the route, or raise the budget's leasePercent`
      }${options.record ? ` (request ${options.record.requestId})` : ''}`,
      cause: options.cause,
    });
    this.onStoreDown = onStoreDown;
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
