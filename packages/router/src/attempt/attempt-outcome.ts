import type { ClassifiedFailure } from '@switchyard/core';
import type { AttemptBudget } from '../budget/attempt-budget.js';

/** How one attempt ended: with its value, or with its failure classified once. */
export type AttemptOutcome<T> =
  | { readonly value: T; readonly failure?: undefined }
  | {
      readonly value?: undefined;
      /** The failure, classified once; it travels as is to the record, the breaker and the health. */
      readonly failure: ClassifiedFailure;
      /** What the model threw (the `cause` of the router's error). */
      readonly error: unknown;
      /** The call as a whole was aborted (caller or deadline): recorded as `aborted`. */
      readonly aborted: boolean;
    };

/** Facts of one attempt the runner decided on. */
export interface AttemptStart {
  /** 0 for the first attempt on the target in this request, 1 for its first retry, ... */
  readonly retry: number;
  /** Router clock at the start (the instant the policy admitted it). */
  readonly startedAt: number;
  /** Its budget reservation, when a budget counts it: settled once when the attempt ends. */
  readonly budget?: AttemptBudget | undefined;
}
