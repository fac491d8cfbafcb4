import type { CandidateState, RecordedCutoff } from '@switchyard/core';
import type { Cutoff } from '../health/health-store.js';
import type { PreparedRoute } from '../prepare/prepared-target.js';

/**
 * What a request's plan read that changes over time, captured at the plan's
 * instant for its decision record: the health state in force per candidate
 * (only those not plainly available; with a fleet store, who set each fact
 * and whether this process learnt it from the fleet), and the inputs of the route's strategy
 * (latency averages for `fastest`, attempts in flight for `least-busy`, the
 * random draws for `weighted`).
 */
export interface CapturedInputs {
  readonly health: readonly CandidateState[] | undefined;
  readonly latencyMs: Record<string, number> | undefined;
  readonly inFlight: Record<string, number> | undefined;
  readonly draws: number[] | undefined;
}

/** A cut-off as its record keeps it: scope, reason, when, whether its probe was due, and who detected it (a fleet store). */
function recordedCutoff(cutoff: Cutoff, probeDue: boolean): RecordedCutoff {
  const recorded: { -readonly [Key in keyof RecordedCutoff]: RecordedCutoff[Key] } = {
    since: cutoff.since,
  };
  if (cutoff.scope === 'jurisdiction') recorded.jurisdiction = cutoff.jurisdiction ?? '';
  if (cutoff.reason !== undefined) recorded.reason = cutoff.reason;
  if (probeDue) recorded.probeDue = true;
  if (cutoff.by !== undefined) {
    recorded.source = cutoff.source ?? 'local';
    recorded.by = cutoff.by;
    if (cutoff.learnedAt !== undefined && cutoff.learnedAt !== cutoff.since)
      recorded.learnedAt = cutoff.learnedAt;
  }
  return recorded;
}

/** Nothing to keep (every candidate healthy, an order without averages or draws): one object for every request. */
const noInputs: CapturedInputs = Object.freeze({
  health: undefined,
  latencyMs: undefined,
  inFlight: undefined,
  draws: undefined,
});

/**
 * Captures what the plan of a request read of its candidates' health and of
 * its strategy, at the plan's instant and before any probe is claimed (a
 * claim changes what a probe's `probeDue` reads). Allocates nothing for a
 * candidate that is healthy and has a model.
 *
 * @param options.draws the random draws the plan made (`weighted`), if any.
 */
export function captureInputs(options: {
  route: PreparedRoute;
  jurisdiction: string | undefined;
  now: number;
  draws: number[] | undefined;
}): CapturedInputs {
  const { route, jurisdiction, now } = options;
  let health: CandidateState[] | undefined;
  let healthCount = 0;
  // Whether every captured state so far is a target's shared no-model one.
  let onlyShared = true;
  const candidates = route.candidates;
  for (let index = 0; index < candidates.length; index++) {
    const entry = candidates[index] as PreparedRoute['candidates'][number];
    const targetHealth = entry.health;
    const record = targetHealth.record;
    const found = record.hasCutoffs ? targetHealth.cutoffFor(jurisdiction, now) : undefined;
    const rateLimitedUntil = record.rateLimitedUntil;
    const rateLimited = now < rateLimitedUntil;
    const circuitOpen = entry.resilience.isDemoted();
    // The fleet's circuit (a fleet store), open now: it demotes the target as this process's does.
    const shared = record.sharedCircuit;
    const sharedOpen = shared !== undefined && shared.state === 'open' && now < (shared.openUntil ?? 0);
    if (found === undefined && !rateLimited && !circuitOpen && !sharedOpen) {
      if (entry.model !== undefined) continue;
      // Only its missing model to record: the target's one frozen state (no object per request).
      const noModelState = entry.noModelState;
      if (noModelState !== undefined) {
        health ??= new Array(route.candidates.length - index);
        health[healthCount++] = noModelState;
        continue;
      }
    }
    onlyShared = false;
    // `model` in the literal: added afterwards it would cost the object a property store of its own.
    const state: { -readonly [Key in keyof CandidateState]: CandidateState[Key] } =
      entry.model === undefined ? { targetId: entry.target.id, model: false } : { targetId: entry.target.id };
    if (found !== undefined) state.cutoff = recordedCutoff(found.cutoff, found.probeDue);
    if (rateLimited) {
      state.rateLimitedUntil = rateLimitedUntil;
      const provenance = record.rateLimitProvenance;
      if (provenance !== undefined)
        state.rateLimitProvenance = { source: provenance.source, by: provenance.by, since: provenance.since };
    }
    if (circuitOpen) state.circuitOpen = true;
    if (sharedOpen)
      state.sharedCircuit = {
        source: shared.source,
        by: shared.by,
        since: shared.since,
        openUntil: shared.openUntil ?? 0,
      };
    // Sized to the candidates left (then trimmed): `[]` would grow to 17 slots, kept as long as the request runs.
    health ??= new Array(route.candidates.length - index);
    health[healthCount++] = state;
  }
  let latencyMs: Record<string, number> | undefined;
  let inFlight: Record<string, number> | undefined;
  if (route.strategy === 'fastest') {
    for (const entry of route.candidates) {
      const health = entry.health;
      // No average at all (`speedMs` reads 0): nothing to record.
      if (
        health.ttftEwmaMs === undefined &&
        health.latencyEwmaMs === undefined &&
        health.record.fleetLatency === undefined
      )
        continue;
      const speed = health.speedMs;
      latencyMs ??= {};
      latencyMs[entry.target.id] = speed;
    }
  } else if (route.strategy === 'least-busy') {
    for (const entry of route.candidates) {
      if (entry.health.inFlight === 0) continue;
      inFlight ??= {};
      inFlight[entry.target.id] = entry.health.inFlight;
    }
  }
  if (health !== undefined) health.length = healthCount;
  const noStrategyInputs = latencyMs === undefined && inFlight === undefined && options.draws === undefined;
  if (health === undefined && noStrategyInputs) return noInputs;
  // Only the candidates without a model to record, each plainly: the route's one frozen object.
  const noModelInputs = route.noModelInputs;
  if (onlyShared && noModelInputs !== undefined && noModelInputs.health?.length === healthCount) {
    if (noStrategyInputs) return noModelInputs;
    return { health: noModelInputs.health, latencyMs, inFlight, draws: options.draws };
  }
  return { health, latencyMs, inFlight, draws: options.draws };
}
