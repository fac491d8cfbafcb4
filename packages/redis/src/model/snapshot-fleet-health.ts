import type { HealthSnapshot, HealthSource, TargetSnapshot } from '@switchyard/router';
import type { FleetHealth } from './fleet-health.js';

/**
 * A readable snapshot of a replica: per target, the cut-offs in force (first
 * detection, every detecting process, evidence), the circuit, a cooldown still
 * running and the fleet's latency; each fact marked `local` when `processId`
 * set it, else `fleet`. What `switchyard health` prints.
 *
 * @param health the replica.
 * @param options.now epoch ms the snapshot is taken at (decides half-open circuits and running cooldowns).
 * @param options.processId the process taking it (absent: every fact is `fleet`).
 * @param options.targetIds targets to include even when nothing is known of them (shown healthy).
 * @returns the snapshot, targets sorted by id.
 */
export function snapshotFleetHealth(
  health: FleetHealth,
  options: { now: number; processId?: string; targetIds?: readonly string[] },
): HealthSnapshot {
  const { now, processId } = options;
  const source = (by: string): HealthSource => (by === processId ? 'local' : 'fleet');
  const ids = [...new Set([...(options.targetIds ?? []), ...health.targetIds()])].sort();
  const targets = ids.map((targetId): TargetSnapshot => {
    const cutoffs = health.cutoffsOf(targetId).map((cutoff) => ({
      scope: cutoff.scope,
      ...(cutoff.jurisdiction === undefined ? {} : { jurisdiction: cutoff.jurisdiction }),
      ...(cutoff.reason === undefined ? {} : { reason: cutoff.reason }),
      since: cutoff.at,
      by: cutoff.by,
      source: source(cutoff.by),
      evidence: cutoff.evidence,
      detectedBy: health.detectionsOf(targetId, cutoff.jurisdiction).map((detection) => detection.by),
    }));
    const circuitEvent = health.circuitOf(targetId);
    const circuit =
      circuitEvent === undefined
        ? undefined
        : {
            state:
              circuitEvent.state === 'closed'
                ? ('closed' as const)
                : now < (circuitEvent.openUntil ?? 0)
                  ? ('open' as const)
                  : ('half-open' as const),
            ...(circuitEvent.openUntil === undefined ? {} : { openUntil: circuitEvent.openUntil }),
            since: circuitEvent.at,
            by: circuitEvent.by,
            source: source(circuitEvent.by),
          };
    const cooldownEvent = health.cooldownOf(targetId);
    const cooldown =
      cooldownEvent === undefined || cooldownEvent.until <= now
        ? undefined
        : {
            until: cooldownEvent.until,
            since: cooldownEvent.at,
            by: cooldownEvent.by,
            source: source(cooldownEvent.by),
          };
    const fleetLatency = health.latencyOf(targetId);
    const latency = fleetLatency === undefined ? undefined : { fleet: fleetLatency };
    const state = cutoffs.some((cutoff) => cutoff.scope === 'target')
      ? 'cutoff'
      : cutoffs.length > 0 || (circuit !== undefined && circuit.state !== 'closed') || cooldown !== undefined
        ? 'degraded'
        : 'healthy';
    return {
      targetId,
      state,
      cutoffs,
      ...(circuit === undefined ? {} : { circuit }),
      ...(cooldown === undefined ? {} : { cooldown }),
      ...(latency === undefined ? {} : { latency }),
    };
  });
  return { takenAt: now, ...(processId === undefined ? {} : { processId }), targets };
}
