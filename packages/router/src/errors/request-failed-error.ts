import { type AttemptRecord, type DecisionRecord, type ErrorCode, SwitchyardError } from '@switchyard/core';

/**
 * A routed request failed: every eligible candidate failed
 * (`SWITCHYARD_ALL_TARGETS_FAILED`), the request itself is invalid and would
 * fail everywhere (`SWITCHYARD_INVALID_REQUEST`), the provider refused the
 * content (`SWITCHYARD_CONTENT_FILTERED`), the deadline passed
 * (`SWITCHYARD_DEADLINE_EXCEEDED`) or the caller aborted
 * (`SWITCHYARD_ABORTED`). The last provider error is the `cause`.
 */
export class RequestFailedError extends SwitchyardError {
  /** The route asked for. */
  readonly route: string;
  /** Every attempt made. */
  readonly attempts: readonly AttemptRecord[];
  /** The request's decision record. */
  readonly record: DecisionRecord;

  constructor(options: {
    code: ErrorCode;
    route: string;
    message: string;
    record: DecisionRecord;
    cause?: unknown;
  }) {
    super({ code: options.code, name: 'RequestFailedError', message: options.message, cause: options.cause });
    this.route = options.route;
    this.attempts = options.record.attempts;
    this.record = options.record;
  }
}
