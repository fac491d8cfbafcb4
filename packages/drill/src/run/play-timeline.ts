import type { Target } from '@switchyard/core';
import type { Router } from '@switchyard/router';
import { targetsOf } from '../faults/fault-state.js';
import type { TimelineAction } from '../timeline/expand-timeline.js';
import type { DrillBackend } from './drill-backend.js';

/**
 * What one timeline action does: a `policy` event replaces the router's
 * policy; a fault event starts (or, at its end, lifts) the provider signal
 * on the targets it hits; a `restore` lifts every fault on its targets and
 * the router's cut-offs of them. Each action is logged as an event at its
 * offset (`action.atMs`): it runs before any clock read at or past that
 * offset returns, so every record from its offset on sees it in force, even
 * when its timer fires late (loopback and live modes).
 */
export function timelinePlayer(options: {
  router: Router;
  backend: DrillBackend;
  targets: readonly Target[];
  /** Lists the action that just played (at its offset, `action.atMs`). */
  log: (action: TimelineAction) => void;
}): (action: TimelineAction) => void {
  const { router, backend, targets } = options;
  return (action) => {
    const { event } = action;
    if (event.type === 'policy') {
      if (action.phase === 'start') router.setPolicy(event.policy);
    } else if (event.type === 'restore') {
      const hit = targetsOf(event, targets);
      backend.restore(new Set(hit.map((target) => target.id)));
      for (const target of hit) router.health.restore(target.id);
    } else if (action.phase === 'start') {
      const callers = 'callers' in event && event.callers ? event.callers : undefined;
      backend.applyFault(action.eventIndex, event, targetsOf(event, targets), callers);
    } else {
      backend.liftFault(action.eventIndex);
    }
    options.log(action);
  };
}
