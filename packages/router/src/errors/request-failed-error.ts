import {
  type AttemptRecord,
  type DecisionRecord,
  type ErrorCode,
  errorCodes,
  SwitchyardError,
} from '@switchyard/core';

const marker = Symbol.for('switchyard.RequestFailedError');

/**
 * A routed request failed: every eligible candidate failed
 * (`SWITCHYARD_ALL_TARGETS_FAILED`), the request itself is invalid and would
 * fail everywhere (`SWITCHYARD_INVALID_REQUEST`), the provider refused the
 * content (`SWITCHYARD_CONTENT_FILTERED`), the deadline passed
 * (`SWITCHYARD_DEADLINE_EXCEEDED`), the caller aborted (`SWITCHYARD_ABORTED`;
 * its `name` is then `AbortError`, as an abort's is everywhere),
 * or, in a stream after its first content part, the serving target failed
 * (`SWITCHYARD_PROVIDER_ERROR`) or ended without a finish part
 * (`SWITCHYARD_STREAM_TRUNCATED`): that error is the stream's `error` part.
 * The provider's error is the `cause`; `requestId` finds the decision record.
 */
export class RequestFailedError extends SwitchyardError {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through the symbol in isInstance
  private readonly [marker] = true;
  /** The route asked for. */
  readonly route: string;
  /** The request's id, as in its decision record. */
  readonly requestId: string;
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
    super({
      code: options.code,
      // The caller aborted: named as an abort is everywhere (fetch, Node, the AI SDK's `isAbortError`),
      // so code that tells an abort from a failure by its name does here too.
      name: options.code === errorCodes.ABORTED ? 'AbortError' : 'RequestFailedError',
      message: `${options.message} (request ${options.record.requestId})`,
      cause: options.cause,
    });
    this.route = options.route;
    this.requestId = options.record.requestId;
    this.attempts = options.record.attempts;
    this.record = options.record;
  }

  /** Whether `error` is a RequestFailedError (of any copy of this package). */
  static override isInstance(error: unknown): error is RequestFailedError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}
