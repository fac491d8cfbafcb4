import { compareText } from '@switchyard/core';
import type { CircuitSnapshot, CooldownSnapshot, CutoffSnapshot, TargetSnapshot } from './health-snapshot.js';
import { wholeTarget } from './health-store.js';
import type { TargetHealth } from './target-health.js';

/**
 * One target's health as people read it: each cut-off in force (first
 * detection, by whom, from where, on what evidence), the circuit (the fleet's
 * when a fleet store shares it, else this process's breaker), a rate-limit
 * cooldown still running, and the latency averages.
 *
 * @param options.health the target's health.
 * @param options.now router clock, epoch ms.
 * @param options.processId this process's id (`by` of what it detected).
 */
export function targetSnapshot(options: {
  health: TargetHealth;
  now: number;
  processId: string;
}): TargetSnapshot {
  const { health, now, processId } = options;
  const record = health.record;
  const cutoffs: CutoffSnapshot[] = record.cutoffs().map((cutoff) => {
    const by = cutoff.by ?? processId;
    const failure = cutoff.failure;
    return {
      scope: cutoff.scope,
      ...(cutoff.jurisdiction === undefined ? {} : { jurisdiction: cutoff.jurisdiction }),
      ...(cutoff.reason === undefined ? {} : { reason: cutoff.reason }),
      since: cutoff.since,
      by,
      source: cutoff.source ?? 'local',
      evidence: {
        ...(failure.status === undefined ? {} : { status: failure.status }),
        ...(failure.code === undefined ? {} : { code: failure.code }),
        message: failure.message,
      },
      detectedBy: cutoff.detectedBy ?? [by],
    };
  });
  cutoffs.sort((a, b) =>
    a.scope === b.scope
      ? compareText(a.jurisdiction ?? '', b.jurisdiction ?? '')
      : a.scope === 'target'
        ? -1
        : 1,
  );
  const circuit = circuitOf(health, now, processId);
  const cooldown: CooldownSnapshot | undefined =
    record.rateLimitedUntil > now
      ? {
          until: record.rateLimitedUntil,
          ...(record.rateLimitProvenance ?? {
            since: health.rateLimitedSince,
            by: processId,
            source: 'local',
          }),
        }
      : undefined;
  const fleet = record.fleetLatency;
  const latency =
    health.latencyEwmaMs === undefined && fleet === undefined
      ? undefined
      : {
          ...(health.latencyEwmaMs === undefined ? {} : { latencyMs: health.latencyEwmaMs }),
          ...(health.ttftEwmaMs === undefined ? {} : { ttftMs: health.ttftEwmaMs }),
          ...(fleet === undefined ? {} : { fleet }),
        };
  const circuitDown = circuit !== undefined && circuit.state !== 'closed';
  return {
    targetId: health.targetId,
    state: record.cutoff(wholeTarget)
      ? 'cutoff'
      : cutoffs.length > 0 || circuitDown || cooldown !== undefined
        ? 'degraded'
        : 'healthy',
    cutoffs,
    ...(circuit === undefined ? {} : { circuit }),
    ...(cooldown === undefined ? {} : { cooldown }),
    ...(latency === undefined ? {} : { latency }),
  };
}

/** The fleet's circuit when shared (and not closed), else this process's breaker when not closed. */
function circuitOf(health: TargetHealth, now: number, processId: string): CircuitSnapshot | undefined {
  const shared = health.record.sharedCircuit;
  if (shared !== undefined && shared.state === 'open') {
    const openUntil = shared.openUntil ?? now;
    return {
      state: now < openUntil ? 'open' : 'half-open',
      openUntil,
      since: shared.since,
      by: shared.by,
      source: shared.source,
    };
  }
  const local = health.resilience.circuit;
  if (local === 'closed') return shared;
  const openUntil = health.resilience.openUntil;
  return {
    state: local === 'half-open' ? 'half-open' : 'open',
    ...(openUntil === undefined ? {} : { openUntil }),
    since: openUntil === undefined ? now : openUntil - health.options.breakerHalfOpenAfterMs,
    by: processId,
    source: 'local',
  };
}
