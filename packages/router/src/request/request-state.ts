import type { LanguageModelV4CallOptions } from '@ai-sdk/provider';
import type {
  AttemptRecord,
  BudgetRefusal,
  BudgetShortfall,
  MidStreamMode,
  RequestContext,
  TargetSetPolicy,
  Verdict,
} from '@switchyard/core';
import type { CallSignal } from '../attempt/call-signal.js';
import type { RequestPlan } from '../plan/plan-request.js';
import type { RequestNeeds } from '../plan/request-needs.js';
import type { PreparedRoute } from '../prepare/prepared-target.js';
import type { SkippedCandidate } from '../record/skipped-reason.js';
import type { CapturedInputs } from './captured-inputs.js';

/** The attempts of a request before its first ends: one frozen empty list for every request. */
const noAttempts: readonly AttemptRecord[] = Object.freeze([]);

/**
 * Everything one request carries from its start to its decision record, as
 * one explicit object every step gets: who asked, what the policy said, the
 * plan, the attempts so far, and how the call can be aborted.
 */
/** What the budgets said of the candidates they set aside in one request. */
export interface BudgetSkips {
  /** The budget counters that could not pay (for the record). */
  readonly refusals: BudgetRefusal[];
  /** What could not pay for each candidate a `reroute` budget set aside (for the error when it set aside all). */
  readonly shortfalls: BudgetShortfall[];
  /** A candidate was set aside because the budget store was down (`onStoreDown: local-only`). */
  storeDown: boolean;
}

export class RequestState {
  /** Targets that failed at least once in this request (for `fallbackDepth`). */
  failedTargets: string[] | undefined;
  /** The last target an attempt started on (for the `fallback` event). */
  previousTarget: string | undefined;
  /**
   * The attempts ended so far, in order ({@link addAttempt}). Until the first
   * one, a shared empty list: a stream in flight on its first attempt keeps
   * no list of its own.
   */
  attempts: readonly AttemptRecord[] = noAttempts;
  /** Successful attempts not recorded (nothing wanted their record: no sink, hook or listener). */
  unrecordedAttempts = 0;
  /** While a stream's answer is being continued: the characters the caller already had (for the attempt hooks). */
  continuesFrom: number | undefined;
  /**
   * Once a stream's answer is being continued: the text the caller received
   * before (a continuation's prompt carries it). Redacted from errors like the
   * prompt (`requestPromptTexts`).
   */
  continuedAnswer: string | undefined;
  /** The version of a policy a `setPolicy` put in force while this request ran, that admitted an attempt. */
  admittedUnder: string | undefined;
  /** The prompt's input token bound, computed at the first budget reservation. */
  inputTokens: number | undefined;
  /** Budget reservations made so far (the `n` of attempt ids `<requestId>:<n>`). */
  budgetAttempts = 0;
  /** What the budgets said of the candidates they set aside (`budget` skips); made at the first. */
  budgetSkips: BudgetSkips | undefined;

  constructor(
    /** The request's id (the router's `requestId` option, else a random UUID). */
    readonly requestId: string,
    readonly route: PreparedRoute,
    readonly operation: 'generate' | 'stream',
    readonly callOptions: LanguageModelV4CallOptions,
    readonly context: RequestContext,
    /** Router clock when the request started (the plan's instant). */
    readonly startedAt: number,
    /** The policy's verdicts at `startedAt`, one per candidate of the route. */
    readonly verdicts: readonly Verdict[],
    /** The route's compiled policy when the request started (a later `setPolicy` replaces the route's). */
    readonly policy: TargetSetPolicy,
    /** The version of that policy: the one that gave `verdicts` (the record's `policyVersion`). */
    readonly policyVersion: string,
    readonly plan: RequestPlan,
    /** What the call needs (capabilities, prompt tokens): also prices a stream that failed after content. */
    readonly needs: RequestNeeds,
    /** How the call can be aborted (replaced by an abortable one when a stream continues an answer). */
    public signal: CallSignal,
    readonly deadlineMs: number | undefined,
    /** What the plan read of health and strategy, at its instant (for the decision record). */
    readonly inputs: CapturedInputs,
    /** What a stream that fails after content reached the caller does: `continue` or `error`. */
    readonly midStream: MidStreamMode = 'continue',
  ) {
    this.skipped = plan.skipped;
    this.planSkipped = plan.skipped?.length ?? 0;
  }

  /** How many leading entries of `skipped` the plan made (later ones were found while the request ran). */
  readonly planSkipped: number;

  /**
   * Candidates not attempted, and why (the plan's, then those found during
   * the request); undefined: none. Read-only: the plan's list may be the
   * route's shared one, so {@link skip} adds to a copy of it.
   */
  skipped: readonly SkippedCandidate[] | undefined;

  /** Records a candidate that was not attempted, and why. */
  skip(skipped: SkippedCandidate): void {
    const list = this.skipped;
    if (list === undefined) this.skipped = [skipped];
    else if (Object.isFrozen(list)) this.skipped = [...list, skipped];
    else (list as SkippedCandidate[]).push(skipped);
  }

  /** Adds an ended attempt to the request's list. */
  addAttempt(attempt: AttemptRecord): void {
    if (this.attempts === noAttempts) this.attempts = [attempt];
    else (this.attempts as AttemptRecord[]).push(attempt);
  }

  /** Notes a failed attempt on `targetId`. */
  noteFailedTarget(targetId: string): void {
    if (this.failedTargets === undefined) this.failedTargets = [targetId];
    else if (!this.failedTargets.includes(targetId)) this.failedTargets.push(targetId);
  }

  /** Distinct targets that failed before `servedBy` served (0: the first target tried served). */
  fallbackDepth(servedBy: string | null): number {
    const failed = this.failedTargets;
    if (failed === undefined) return 0;
    return servedBy !== null && failed.includes(servedBy) ? failed.length - 1 : failed.length;
  }
}
