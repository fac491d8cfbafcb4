import type { RouterState } from '../router-state.js';
import type { RemoteHealthChange } from './health-store.js';

/**
 * Announces what another process of the fleet changed, as this process's own
 * detections are announced: `target-cut-off` for a scope newly cut off,
 * `target-restored` for a lift, both with `source: 'fleet'` and the process
 * that did it. Targets this router does not know are ignored.
 */
export function announceRemoteChange(state: RouterState, change: RemoteHealthChange): void {
  if (!state.targets.has(change.targetId)) return;
  if (change.type === 'cutoff') {
    const { cutoff } = change;
    if (!state.events.has('target-cut-off')) return;
    state.events.emit('target-cut-off', {
      targetId: change.targetId,
      scope: cutoff.scope,
      ...(cutoff.jurisdiction === undefined ? {} : { jurisdiction: cutoff.jurisdiction }),
      failure: cutoff.failure,
      source: 'fleet',
      by: cutoff.by ?? 'unknown',
      since: cutoff.since,
    });
    return;
  }
  if (!state.events.has('target-restored')) return;
  state.events.emit('target-restored', {
    targetId: change.targetId,
    ...(change.jurisdiction === undefined ? {} : { jurisdiction: change.jurisdiction }),
    source: 'fleet',
    by: change.by,
  });
}
