import type { PreparedTarget } from '../prepare/prepared-target.js';
import type { RequestState } from '../request/request-state.js';
import type { RouterState } from '../router-state.js';

/**
 * Skips a candidate before any attempt on it (recorded as skipped): its
 * context window is no larger than one that already rejected the prompt as
 * too long, or it was cut off while the request ran (a probe the request
 * claimed counts only a cut-off newer than the request).
 */
export function skippedBeforeAttempts(
  state: RouterState,
  request: RequestState,
  entry: PreparedTarget,
  largestFailedWindow: number,
): boolean {
  const targetId = entry.target.id;
  if (entry.target.contextWindow <= largestFailedWindow) {
    request.skip({
      targetId,
      reason: 'context_window',
      detail: `a target with a context window of ${largestFailedWindow} already rejected the prompt as too long`,
    });
    return true;
  }
  if (entry.health.record.hasCutoffs) {
    const found = entry.health.cutoffFor(request.context.jurisdiction, state.clock.now());
    const probing = request.plan.probes.includes(entry);
    if (found !== undefined && (!probing || found.cutoff.since >= request.startedAt)) {
      request.skip({
        targetId,
        reason: 'cutoff',
        detail: 'cut off while this request was running',
      });
      return true;
    }
  }
  return false;
}
