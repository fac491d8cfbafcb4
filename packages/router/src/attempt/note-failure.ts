import type { ClassifiedFailure, RequestContext } from '@switchyard/core';
import type { PreparedTarget } from '../prepare/prepared-target.js';
import type { RouterState } from '../router-state.js';

/**
 * Applies a failure to the target's health: a `cutoff` quarantines it (for
 * the caller's jurisdiction when the signal is attributable to it, else for
 * everyone) and announces it once (`target-cut-off`); a `model_not_found`
 * cut-off is also a configuration problem, announced loudly
 * (`target-misconfigured`, else a process warning) and probed again every
 * `modelNotFoundProbeAfterMs`; a `rate_limited` failure orders the target
 * after healthy ones for its retry-after (else a second).
 */
export function noteFailure(options: {
  state: RouterState;
  entry: PreparedTarget;
  context: Pick<RequestContext, 'jurisdiction'>;
  failure: ClassifiedFailure;
  now: number;
}): void {
  const { state, entry, context, failure, now } = options;
  if (failure.kind === 'rate_limited') {
    entry.health.rateLimited(now + (failure.retryAfterMs ?? 1_000), now);
    return;
  }
  if (failure.kind !== 'cutoff') return;
  const scope =
    failure.scope === 'jurisdiction' && context.jurisdiction !== undefined ? 'jurisdiction' : 'target';
  const notFound = failure.cutoffReason === 'model_not_found';
  const probeAfterMs = notFound ? entry.health.options.modelNotFoundProbeAfterMs : undefined;
  const isNew = entry.health.cutOff({
    scope,
    ...(scope === 'jurisdiction' ? { jurisdiction: context.jurisdiction } : {}),
    ...(failure.cutoffReason ? { reason: failure.cutoffReason } : {}),
    failure,
    since: now,
    ...(probeAfterMs === undefined ? {} : { probeAfterMs }),
  });
  if (!isNew) return;
  state.events.emit('target-cut-off', {
    targetId: entry.target.id,
    scope,
    ...(scope === 'jurisdiction' && context.jurisdiction ? { jurisdiction: context.jurisdiction } : {}),
    failure,
    source: 'local',
    by: state.options.processId,
    since: now,
  });
  if (!notFound || probeAfterMs === undefined) return;
  // The model id the call sent: the models map may hold another than the config's (a typo there).
  const sent = entry.model?.modelId ?? entry.target.model;
  const which =
    sent === entry.target.model
      ? `"${sent}"`
      : `"${sent}" (the config's model of the target is "${entry.target.model}")`;
  const message = `target "${entry.target.id}": ${entry.target.provider} says it has no model ${which} (${failure.message}); check the target's model id, or that the model is pulled or served. The target is set aside and probed again every ${probeAfterMs} ms.`;
  if (state.events.has('target-misconfigured')) {
    state.events.emit('target-misconfigured', {
      targetId: entry.target.id,
      provider: entry.target.provider,
      model: entry.target.model,
      failure,
      probeAfterMs,
      message,
    });
  } else {
    process.emitWarning(message, { type: 'SwitchyardWarning', code: 'SWITCHYARD_TARGET_MISCONFIGURED' });
  }
}
