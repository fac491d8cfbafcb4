import { withBlockedBy } from './blocked-by.js';
import type { ClassifiedFailure } from './failure-kind.js';
import { type FailureSignal, type ProviderSignals, saysModelWithdrawn } from './provider-signals.js';

/**
 * The one status-to-failure ladder every adapter shares: a failed response
 * (or an error inside a 200 stream) becomes a {@link ClassifiedFailure} from
 * its status and the provider's own {@link ProviderSignals}, checked in this
 * order (the first that applies wins):
 *
 * | step | signal | failure |
 * |---|---|---|
 * | 1 | `signals.contextLength` | `context_length` |
 * | 2 | `signals.contentFiltered` | `content_filtered` |
 * | 3 | 451 | `cutoff` `legal_block`, scope `jurisdiction`; the message names the entity of `blockedBy` |
 * | 4 | `signals.regionBlocked` | `cutoff` `region_blocked`, scope `jurisdiction` |
 * | 5 | `signals.quotaExhausted` | `cutoff` `quota_exhausted`, scope `target` |
 * | 6 | `signals.billing` (default 402) | `cutoff` `billing`, scope `target` |
 * | 7 | 401 and `signals.keyRevoked` (default yes) | `cutoff` `key_revoked`, scope `target`; else `auth` |
 * | 8 | 404 and `signals.modelMissing` (default yes) | `cutoff` `model_withdrawn` when `signals.modelWithdrawn` says so, else `model_not_found`, scope `target`; else `invalid_request` |
 * | 9 | 403 | `auth` |
 * | 10 | 429 or `signals.rateLimited` | `rate_limited` (with `retryAfterMs`) |
 * | 11 | no status (in-stream), 408, 409, 5xx, or `signals.transient` | `transient` |
 * | 12 | anything else (4xx) | `invalid_request` |
 *
 * @param options.signal what the response said (status, code, type, message with secrets removed).
 * @param options.signals the provider's signal table.
 * @param options.retryAfterMs the delay the provider asked for (`parseRetryAfter`), if any.
 * @param options.blockedBy on a 451: the entity its `Link: <...>; rel="blocked-by"` names (`blockedByOf`, RFC 7725 §4), if any.
 * @returns the classified failure, with `status`, `code` (the code, else the type) and `retryAfterMs`.
 * @example
 * ```ts
 * classifyResponseFailure({
 *   signal: { status: 429, code: 'rate_limit_exceeded', type: 'requests', message: 'slow down' },
 *   signals: {},
 *   retryAfterMs: 2000,
 * }); // { kind: 'rate_limited', status: 429, code: 'rate_limit_exceeded', message: 'slow down', retryAfterMs: 2000 }
 * ```
 */
export function classifyResponseFailure(options: {
  signal: FailureSignal;
  signals: ProviderSignals;
  retryAfterMs?: number | undefined;
  blockedBy?: string | undefined;
}): ClassifiedFailure {
  const { signal, signals, retryAfterMs, blockedBy } = options;
  const status = signal.status;
  const code = signal.code ?? signal.type;
  const base = {
    ...(status === undefined ? {} : { status }),
    ...(code === undefined ? {} : { code }),
    message: signal.message,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
  if (signals.contextLength?.(signal)) return { kind: 'context_length', ...base };
  if (signals.contentFiltered?.(signal)) return { kind: 'content_filtered', ...base };
  if (status === 451)
    return {
      kind: 'cutoff',
      cutoffReason: 'legal_block',
      scope: 'jurisdiction',
      ...base,
      message: withBlockedBy(signal.message, blockedBy),
    };
  if (signals.regionBlocked?.(signal))
    return { kind: 'cutoff', cutoffReason: 'region_blocked', scope: 'jurisdiction', ...base };
  if (signals.quotaExhausted?.(signal))
    return { kind: 'cutoff', cutoffReason: 'quota_exhausted', scope: 'target', ...base };
  if (signals.billing ? signals.billing(signal) : status === 402)
    return { kind: 'cutoff', cutoffReason: 'billing', scope: 'target', ...base };
  if (status === 401) {
    return (signals.keyRevoked?.(signal) ?? true)
      ? { kind: 'cutoff', cutoffReason: 'key_revoked', scope: 'target', ...base }
      : { kind: 'auth', ...base };
  }
  if (status === 404) {
    if (!(signals.modelMissing?.(signal) ?? true)) return { kind: 'invalid_request', ...base };
    const withdrawn = (signals.modelWithdrawn ?? saysModelWithdrawn)(signal);
    return {
      kind: 'cutoff',
      cutoffReason: withdrawn ? 'model_withdrawn' : 'model_not_found',
      scope: 'target',
      ...base,
    };
  }
  if (status === 403) return { kind: 'auth', ...base };
  if (status === 429 || signals.rateLimited?.(signal)) return { kind: 'rate_limited', ...base };
  if (
    status === undefined ||
    status === 408 ||
    status === 409 ||
    status >= 500 ||
    signals.transient?.(signal)
  ) {
    return { kind: 'transient', ...base };
  }
  return { kind: 'invalid_request', ...base };
}
