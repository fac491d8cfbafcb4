import type { CandidateState, DecisionRecord, Price, RecordedCutoff, Target } from '@switchyard/core';
import type { PlanCandidate, PlanCutoff, PlanHealth, PlanRoute } from '@switchyard/router/internal';
import type { DecisionBasis } from './decision-basis.js';

/**
 * How health is replayed: as the record says it was; every target healthy
 * (policy and capabilities alone); or `local-only`, as this process alone
 * knew it, without the facts it learnt from the fleet (a fleet health store):
 * what the shared view changed.
 */
export type ReplayHealth = 'as-recorded' | 'all-healthy' | 'local-only';

/**
 * A candidate's recorded state without what another process of the fleet set
 * (its cut-off, rate limit or shared circuit, when `source` is `fleet`).
 *
 * @returns the state this process alone knew, or undefined when nothing is left.
 */
export function localState(state: CandidateState): CandidateState | undefined {
  const fromFleet =
    state.cutoff?.source === 'fleet' ||
    state.rateLimitProvenance?.source === 'fleet' ||
    state.sharedCircuit !== undefined;
  if (!fromFleet) return state;
  const { cutoff, rateLimitedUntil, rateLimitProvenance, sharedCircuit: _sharedCircuit, ...rest } = state;
  const local: { -readonly [Key in keyof CandidateState]: CandidateState[Key] } = { ...rest };
  if (cutoff !== undefined && cutoff.source !== 'fleet') local.cutoff = cutoff;
  if (rateLimitedUntil !== undefined && rateLimitProvenance?.source !== 'fleet') {
    local.rateLimitedUntil = rateLimitedUntil;
    if (rateLimitProvenance !== undefined) local.rateLimitProvenance = rateLimitProvenance;
  }
  return Object.keys(local).length === 1 ? undefined : local;
}

/** Whether the fleet set any part of a candidate's recorded state (what `local-only` leaves out). */
export function setByFleet(state: CandidateState): boolean {
  return localState(state) !== state;
}

const healthy: Pick<PlanHealth, 'record'> = { record: { hasCutoffs: false, rateLimitedUntil: 0 } };

/** The message of a cut-off, from the record's `skipped` entry for its target (the plan wrote it there). */
function cutoffMessage(record: DecisionRecord, targetId: string): string {
  const entry = record.skipped.find(
    (skipped) => skipped.targetId === targetId && skipped.reason === 'cutoff',
  );
  if (!entry) return '';
  const at = entry.detail.indexOf(': ', entry.detail.indexOf(' since '));
  return at === -1 ? '' : entry.detail.slice(at + 2);
}

/** A candidate's health as its record says it was in force (a `PlanHealth` that never changes). */
class RecordedHealth implements PlanHealth {
  readonly record: { readonly hasCutoffs: boolean; readonly rateLimitedUntil: number };
  readonly #cutoff: { cutoff: PlanCutoff; probeDue: boolean } | undefined;
  readonly #circuitOpen: boolean;

  constructor(
    state: CandidateState | undefined,
    message: string,
    readonly speedMs: number,
    readonly inFlight: number,
  ) {
    const cutoff: RecordedCutoff | undefined = state?.cutoff;
    this.record = {
      hasCutoffs: cutoff !== undefined,
      rateLimitedUntil: state?.rateLimitedUntil ?? 0,
    };
    this.#cutoff =
      cutoff === undefined
        ? undefined
        : {
            cutoff: {
              ...(cutoff.reason ? { reason: cutoff.reason } : {}),
              since: cutoff.since,
              failure: { message },
            },
            probeDue: cutoff.probeDue === true,
          };
    this.#circuitOpen = state?.circuitOpen === true || state?.sharedCircuit !== undefined;
  }

  cutoffFor(): { cutoff: PlanCutoff; probeDue: boolean } | undefined {
    return this.#cutoff;
  }

  demotion(): 'rate_limited' | 'circuit_open' | undefined {
    if (this.record.rateLimitedUntil > 0) return 'rate_limited';
    return this.#circuitOpen ? 'circuit_open' : undefined;
  }
}

/** A candidate of a replayed plan. */
export interface ReplayCandidate extends PlanCandidate {
  readonly price: Price | undefined;
}

/** Stands for a target's model in a replay: planning only asks whether there is one. */
const hasModel = {};

/** What does not change from record to record: a route's candidates under one basis, healthy. */
interface RouteSkeleton {
  readonly healthy: PlanRoute<ReplayCandidate>;
}

const skeletons = new WeakMap<DecisionBasis, Map<string, RouteSkeleton | null>>();

function skeleton(basis: DecisionBasis, name: string): RouteSkeleton | undefined {
  let byRoute = skeletons.get(basis);
  if (!byRoute) {
    byRoute = new Map();
    skeletons.set(basis, byRoute);
  }
  const known = byRoute.get(name);
  if (known !== undefined) return known ?? undefined;
  // A record's route is read from a file: own keys only (`constructor` is no route).
  const route = Object.hasOwn(basis.catalog.routes, name) ? basis.catalog.routes[name] : undefined;
  if (!route) {
    byRoute.set(name, null);
    return undefined;
  }
  const targets = new Map<string, Target>(basis.catalog.targets.map((target) => [target.id, target]));
  const ids = [...route.targets, ...route.lastResort.filter((id) => !route.targets.includes(id))];
  const candidates = ids.map((id): ReplayCandidate => {
    const target = targets.get(id) as Target;
    return {
      target,
      model: hasModel,
      price: basis.prices.prices[id] ?? undefined,
      health: emptyHealth,
      hasTools: target.capabilities.includes('tools'),
      hasJson: target.capabilities.includes('json'),
      hasVision: target.capabilities.includes('vision'),
    };
  });
  const found: RouteSkeleton = {
    healthy: {
      name,
      strategy: route.strategy,
      weights: route.weights ?? {},
      candidates,
      lastResortFrom: route.targets.length,
    },
  };
  byRoute.set(name, found);
  return found;
}

/**
 * The route of a record under `basis`, with each candidate's health and
 * strategy inputs as the record says they were (or healthy, with
 * `health: 'all-healthy'`; without what the fleet set, with `local-only`):
 * what `planRequest` reads. A target the record
 * did not name (a what-if config's new target) is healthy, with no latency
 * average. The candidates of a record whose every candidate was healthy are
 * shared between records (built once per route and basis).
 *
 * @returns the route, or undefined when the basis has no such route.
 */
export function replayRoute(options: {
  record: DecisionRecord;
  basis: DecisionBasis;
  health: ReplayHealth;
}): PlanRoute<ReplayCandidate> | undefined {
  const { record } = options;
  const found = skeleton(options.basis, record.route);
  if (!found) return undefined;
  const decision = record.decision;
  const states =
    options.health === 'all-healthy'
      ? undefined
      : options.health === 'local-only'
        ? decision?.health?.flatMap((state) => localState(state) ?? [])
        : decision?.health;
  const latency = decision?.latencyMs;
  const inFlight = decision?.inFlight;
  if (states === undefined && latency === undefined && inFlight === undefined) return found.healthy;
  const byId = new Map<string, CandidateState>();
  for (const state of states ?? []) byId.set(state.targetId, state);
  const candidates = found.healthy.candidates.map((candidate): ReplayCandidate => {
    const id = candidate.target.id;
    const state = byId.get(id);
    if (state === undefined && latency?.[id] === undefined && inFlight?.[id] === undefined) return candidate;
    return {
      ...candidate,
      model: state?.model === false ? undefined : hasModel,
      health: new RecordedHealth(
        state,
        state?.cutoff ? cutoffMessage(record, id) : '',
        latency?.[id] ?? 0,
        inFlight?.[id] ?? 0,
      ),
    };
  });
  return { ...found.healthy, candidates };
}

const emptyHealth: PlanHealth = {
  ...healthy,
  speedMs: 0,
  inFlight: 0,
  cutoffFor: () => undefined,
  demotion: () => undefined,
};
