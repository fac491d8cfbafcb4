/** The Redis keys of one fleet. Every key carries the fleet in a hash tag, so a cluster keeps them in one slot. */
export interface FleetKeys {
  /** Hash: one field per register (cut-off per scope and process, restore per scope, circuit, cooldown). */
  readonly health: string;
  /** Capped stream of the changes, one entry per event that changed the state (field `e`: the event JSON). */
  readonly events: string;
  /** Hash: one latency summary per target and process. */
  readonly latency: string;
  /** String: a random id set when the state is created; a new one means Redis lost the state. */
  readonly epoch: string;
  /** The probe lease of a target (string holding the process id, with an expiry). */
  probe(targetId: string): string;
}

/**
 * The keys of a fleet: `<prefix>:{<fleet>}:health`, `:events`, `:latency`,
 * `:epoch` and `:probe:<target>`.
 */
export function fleetKeys(prefix: string, fleet: string): FleetKeys {
  const base = `${prefix}:{${fleet}}`;
  return {
    health: `${base}:health`,
    events: `${base}:events`,
    latency: `${base}:latency`,
    epoch: `${base}:epoch`,
    probe: (targetId) => `${base}:probe:${targetId}`,
  };
}
