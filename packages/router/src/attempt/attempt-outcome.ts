import type { ClassifiedFailure, StreamContinuation, TokenUsage } from '@switchyard/core';
import type { AttemptBudget } from '../budget/attempt-budget.js';
import type { StreamTrial } from './stream-trial.js';

/** Facts of a failed attempt that its record carries besides the failure. */
export interface AttemptFacts {
  /** Tokens the attempt used before it failed (e.g. a streamed generate cut mid-answer). */
  readonly usage?: TokenUsage | undefined;
  /** The usage is the router's bound of a cut stream (`cutStreamUsage`), not the provider's. */
  readonly usageEstimated?: boolean;
  /** How the attempt was to continue an answer another attempt started. */
  readonly continuation?: StreamContinuation | undefined;
}

/** How one attempt ended: with its value, or with its failure classified once. */
export type AttemptOutcome<T> =
  | { readonly value: T; readonly failure?: undefined }
  | {
      readonly value?: undefined;
      /** The failure, classified once; it travels as is to the record, the breaker and the health. */
      readonly failure: ClassifiedFailure;
      /** What the model threw (the `cause` of the router's error). */
      readonly error: unknown;
      /** The call as a whole was aborted (caller, deadline): recorded as `aborted`. */
      readonly aborted: boolean;
      /**
       * Try the same target again at once, outside its retry budget and without
       * counting the failure against its health: the request's form was at fault,
       * not the target (a continuation's prefill the target rejects).
       */
      readonly again?: boolean;
      /** More for the attempt's record. */
      readonly facts?: AttemptFacts;
    };

/** Facts of one attempt the runner decided on. */
export interface AttemptStart {
  /** 0 for the first attempt on the target in this request, 1 for its first retry, ... */
  readonly retry: number;
  /** Router clock at the start (the instant the policy admitted it). */
  readonly startedAt: number;
  /** Its budget reservation, when a budget counts it: settled once when the attempt ends. */
  readonly budget?: AttemptBudget | undefined;
  /** The circuit's half-open trial, when the attempt is one whose stream decides it at its end. */
  readonly trial?: StreamTrial | undefined;
}
