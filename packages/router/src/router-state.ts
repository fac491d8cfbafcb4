import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type BasisDocument,
  type BudgetsDocument,
  budgetsDocument,
  type CatalogDocument,
  type CompiledPolicy,
  catalogDocuments,
  compileConfigPolicy,
  errorCodes,
  type MidStreamMode,
  type PolicyDocument,
  type PolicyInput,
  type Price,
  type PriceDocument,
  policyDocument,
  type RequestContext,
  type SwitchyardConfig,
  SwitchyardError,
} from '@switchyard/core';
import type { AttemptHooks } from './attempt/attempt-hooks.js';
import { LazyTimeouts } from './attempt/lazy-timeouts.js';
import type { RouterBudgets } from './budget/router-budgets.js';
import type { Classifier } from './classify/classify-error.js';
import { prepareRoutes } from './prepare/prepare-routes.js';
import type { PreparedRoute, PreparedTarget } from './prepare/prepared-target.js';
import type { RecordWriter } from './record/record-writer.js';
import type { RouterClock } from './router-clock.js';
import type { RouterEventBus } from './router-event-bus.js';

/**
 * Everything the steps of the request path share, as one explicit object:
 * the config, the prepared targets and routes, the compiled policy, the
 * clock and random source, events, sinks, timers and options. Built once by
 * `createRouter`; requests read it, `setPolicy` and `close` change it.
 */
export class RouterState {
  readonly contextStore = new AsyncLocalStorage<RequestContext>();
  readonly timeouts = new LazyTimeouts();
  readonly defaultContext: RequestContext;
  routes: Map<string, PreparedRoute>;
  #policy: CompiledPolicy;
  /** The catalog and routes the router was built with (records name it by `catalogVersion`). */
  readonly catalog: CatalogDocument;
  /** Every target's resolved price (records name it by `priceVersion`). */
  readonly prices: PriceDocument;
  /** The budgets enforced (records name it by `budgetsVersion`); undefined without budgets. */
  readonly budgetsBasis: BudgetsDocument | undefined;
  /** Every policy put in force so far, by version. */
  readonly #policies = new Map<string, PolicyDocument>();
  closed = false;
  /** Served streams not ended yet: their decision records are still to come (`close()` reports them). */
  openStreams = 0;

  constructor(
    readonly config: SwitchyardConfig,
    readonly targets: ReadonlyMap<string, PreparedTarget>,
    readonly events: RouterEventBus,
    readonly records: RecordWriter,
    readonly clock: RouterClock,
    readonly random: () => number,
    readonly hooks: readonly AttemptHooks[],
    /** The config's budgets and their store; undefined without budgets. */
    readonly budgets: RouterBudgets | undefined,
    readonly options: {
      readonly recordPrompts: boolean;
      readonly contentFiltered: 'fail' | 'fallback';
      readonly deadlineMs: number | undefined;
      readonly classify: Classifier | undefined;
      readonly requestId: (() => string) | undefined;
      /** What a stream does when it fails after content: `continue` on another target or `error`. */
      readonly midStream: MidStreamMode;
      /** This process's id in the fleet (`by` of what it detects). */
      readonly processId: string;
    },
  ) {
    this.defaultContext = config.defaults.context;
    this.#policy = compileConfigPolicy({ config });
    this.routes = prepareRoutes({ config, targets, policy: this.#policy });
    const prices = new Map<string, Price | undefined>();
    for (const [id, entry] of targets) prices.set(id, entry.price);
    const documents = catalogDocuments({ config, prices });
    this.catalog = documents.catalog;
    this.prices = documents.prices;
    this.budgetsBasis = budgets === undefined ? undefined : budgetsDocument({ config });
    records.basis(this.catalog);
    records.basis(this.prices);
    if (this.budgetsBasis !== undefined) records.basis(this.budgetsBasis);
    this.#notePolicy(undefined);
  }

  /** Keeps the document of the policy in force, once per version, and hands it to the sinks. */
  #notePolicy(policy: PolicyInput | undefined): void {
    const compiled = this.#policy;
    if (this.#policies.has(compiled.version)) return;
    const document = policyDocument({
      config: this.config,
      ...(policy === undefined ? {} : { policy }),
      compiled,
      catalogVersion: this.catalog.version,
    });
    this.#policies.set(compiled.version, document);
    this.records.basis(document);
  }

  /** The basis of every decision so far: the catalog, the price table, the budgets and each policy put in force. */
  basis(): BasisDocument[] {
    return [
      this.catalog,
      this.prices,
      ...(this.budgetsBasis === undefined ? [] : [this.budgetsBasis]),
      ...this.#policies.values(),
    ];
  }

  /** The compiled policy in force. */
  get policy(): CompiledPolicy {
    return this.#policy;
  }

  /** Replaces the policy (recompiled for every route). */
  setPolicy(policy: PolicyInput): void {
    this.#policy = compileConfigPolicy({ config: this.config, policy });
    prepareRoutes({ config: this.config, targets: this.targets, policy: this.#policy, routes: this.routes });
    this.#notePolicy(policy);
  }

  /** Whether a request must build its decision record: a sink or a `request-end` listener wants it. */
  get recording(): boolean {
    return this.records.active || this.events.has('request-end');
  }

  /** Whether a successful attempt must be recorded: the request's record, a hook or an `attempt-end` listener wants it. */
  get recordsAttempts(): boolean {
    return this.recording || this.hooks.length > 0 || this.events.has('attempt-end');
  }

  /** @throws {SwitchyardError} `SWITCHYARD_ROUTER_CLOSED` after `close()`. */
  ensureOpen(): void {
    if (this.closed)
      throw new SwitchyardError({ code: errorCodes.ROUTER_CLOSED, message: 'the router was closed' });
  }

  /**
   * The prepared target of `targetId`.
   *
   * @throws {SwitchyardError} `SWITCHYARD_TARGET_UNKNOWN` when the config does not define it.
   */
  target(targetId: string): PreparedTarget {
    const entry = this.targets.get(targetId);
    if (!entry) {
      throw new SwitchyardError({
        code: errorCodes.TARGET_UNKNOWN,
        message: `unknown target "${targetId}"; defined targets: ${[...this.targets.keys()].join(', ')}`,
      });
    }
    return entry;
  }
}
