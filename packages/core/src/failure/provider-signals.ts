/**
 * What a classifier reads from one failed provider response (or an error
 * inside a 200 stream, where `status` is undefined): the fields every SDK's
 * error envelope carries under some name.
 */
export interface FailureSignal {
  /** HTTP status; undefined for an error inside a 200 stream. */
  readonly status: number | undefined;
  /** The provider's error code (`insufficient_quota`), when it sends one. */
  readonly code: string | undefined;
  /** The provider's error type (`rate_limit_error`), when it sends one. */
  readonly type: string | undefined;
  /** The provider's message, secrets removed. */
  readonly message: string;
}

/** A predicate over a {@link FailureSignal}. */
export type SignalTest = (signal: FailureSignal) => boolean;

/**
 * One provider's own signal table: which of its responses mean what. Every
 * entry is optional; {@link classifyResponseFailure} applies the shared
 * status ladder around them, so an adapter keeps only what is particular to
 * its provider.
 */
export interface ProviderSignals {
  /** The prompt is longer than the model's context window (checked first, any status). */
  readonly contextLength?: SignalTest;
  /** The provider's content filter refused the request (any status). */
  readonly contentFiltered?: SignalTest;
  /** The provider refuses callers from this region (scope `jurisdiction`). */
  readonly regionBlocked?: SignalTest;
  /** The account's quota, credits or spend limit is exhausted. */
  readonly quotaExhausted?: SignalTest;
  /** A billing problem; default: status 402. */
  readonly billing?: SignalTest;
  /** On a 401: whether the key is revoked or invalid (`cutoff`) rather than missing (`auth`); default: always. */
  readonly keyRevoked?: SignalTest;
  /** On a 404: whether it is about the model (`cutoff`) rather than the request (`invalid_request`); default: always. */
  readonly modelMissing?: SignalTest;
  /** The provider says the model is deprecated, retired or withdrawn; default: {@link saysModelWithdrawn}. */
  readonly modelWithdrawn?: SignalTest;
  /** A rate limit besides status 429 (e.g. an in-stream `rate_limit_error`). */
  readonly rateLimited?: SignalTest;
  /** A transient failure besides 408, 409 and 5xx (e.g. Ollama's 499). */
  readonly transient?: SignalTest;
}

const withdrawnPattern =
  /deprecat|withdrawn|retired|decommission|no longer (?:available|supported|served)|has been (?:removed|shut down)/i;

/**
 * Whether a message says the model existed and is gone (deprecated, retired,
 * withdrawn, decommissioned, no longer available): the default
 * {@link ProviderSignals.modelWithdrawn}.
 *
 * @param signal the failure signal.
 * @returns true when the message names a withdrawal.
 * @example
 * ```ts
 * saysModelWithdrawn({ status: 404, code: 'model_not_found', type: undefined,
 *   message: 'The model `gpt-3.5-turbo-1106` has been deprecated' }); // true
 * ```
 */
export function saysModelWithdrawn(signal: FailureSignal): boolean {
  return withdrawnPattern.test(signal.message);
}

/**
 * A {@link SignalTest} that matches a code or type in `codes`, or a message
 * matching `pattern`, optionally only for some statuses (with `statuses`
 * alone, any signal of those statuses matches).
 *
 * @param options.codes provider codes or types that match.
 * @param options.pattern a message pattern that matches.
 * @param options.statuses restrict to these statuses (`undefined` in the list: in-stream errors).
 * @returns the test.
 * @example
 * ```ts
 * const quota = matchSignal({ codes: ['insufficient_quota'], pattern: /spend limit/i });
 * ```
 */
export function matchSignal(options: {
  codes?: readonly string[];
  pattern?: RegExp;
  statuses?: readonly (number | undefined)[];
}): SignalTest {
  const codes = new Set(options.codes ?? []);
  const { pattern, statuses } = options;
  return (signal) => {
    if (statuses !== undefined && !statuses.includes(signal.status)) return false;
    if (codes.size === 0 && pattern === undefined) return true;
    if (signal.code !== undefined && codes.has(signal.code)) return true;
    if (signal.type !== undefined && codes.has(signal.type)) return true;
    return pattern?.test(signal.message) ?? false;
  };
}
