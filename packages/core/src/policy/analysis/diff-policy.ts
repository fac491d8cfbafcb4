import type { Route } from '../../config/route-schema.js';
import type { RequestContext } from '../../context/request-context.js';
import type { CompiledPolicy } from '../compile-policy.js';
import type { Verdict } from '../verdict.js';
import { type CallerClass, policySpace, type TimeSegment } from './policy-space.js';

/** One side of a diff: a compiled policy, its routes, and optionally one instant. */
export interface PolicyDiffSide {
  /** The compiled policy. */
  readonly policy: CompiledPolicy;
  /** The config's routes. */
  readonly routes: Readonly<Record<string, Route>>;
  /** Evaluate at this instant only (epoch ms): the diff of one config at two instants. */
  readonly at?: number;
  /** The config's `defaults.context`, merged into every request as the router does. */
  readonly defaults?: RequestContext;
}

/** What a target's verdict was on one side: allowed or denied and by which rules, or not a candidate. */
export interface VerdictSide {
  /** Whether the target is a candidate of the route on this side. */
  readonly candidate: boolean;
  /** Whether it may serve. */
  readonly allowed: boolean;
  /** What decided. */
  readonly effect?: Verdict['effect'];
  /** The rules that decided. */
  readonly ruleIds: readonly string[];
}

/** A change of one target's verdict, for a set of cells that change alike. */
export interface PolicyChange {
  /** The route. */
  readonly route: string;
  /** The target whose verdict changes. */
  readonly targetId: string;
  /** Its verdict on the old side. */
  readonly before: VerdictSide;
  /** Its verdict on the new side. */
  readonly after: VerdictSide;
  /** Where it changes: caller class, data classes (undefined: none) and time window. */
  readonly where: readonly {
    readonly callers: CallerClass;
    readonly dataClasses: readonly (string | undefined)[];
    readonly from: number;
    readonly until: number;
  }[];
}

/** The review of a policy change. */
export interface PolicyDiff {
  /** The changes, grouped by route, target and verdict pair. */
  readonly changes: readonly PolicyChange[];
  /** Every data class compared (`undefined`: a request with none). */
  readonly dataClasses: readonly (string | undefined)[];
  /** Whether the sides were evaluated at fixed instants rather than over time. */
  readonly atInstants: boolean;
}

const notCandidate: VerdictSide = { candidate: false, allowed: false, ruleIds: [] };

function sideOf(verdict: Verdict | undefined): VerdictSide {
  if (!verdict) return notCandidate;
  return { candidate: true, allowed: verdict.allowed, effect: verdict.effect, ruleIds: verdict.ruleIds };
}

/**
 * Compares two policies (two configs, or one config at two instants): for
 * every route, caller jurisdiction (each ISO 3166-1 code, each group, none),
 * data class and time segment, which targets become allowed or denied, and
 * by which rule. Changes are grouped by route, target and verdict pair.
 *
 * @param options.before the old side.
 * @param options.after the new side.
 * @returns the changes; none when the two sides decide alike everywhere.
 */
export function diffPolicy(options: { before: PolicyDiffSide; after: PolicyDiffSide }): PolicyDiff {
  const { before, after } = options;
  const atInstants = before.at !== undefined || after.at !== undefined;
  const space = policySpace([before.policy, after.policy], { defaults: [before.defaults, after.defaults] });
  const segments: readonly TimeSegment[] = atInstants
    ? [{ from: Number.NEGATIVE_INFINITY, until: Number.POSITIVE_INFINITY, at: 0 }]
    : space.segments;
  const routes = [...new Set([...Object.keys(before.routes), ...Object.keys(after.routes)])];
  const changes = new Map<string, PolicyChange & { where: PolicyChange['where'][number][] }>();
  const candidatesOf = (side: PolicyDiffSide, route: string) => {
    const entry = side.routes[route];
    return entry ? [...new Set([...entry.targets, ...entry.lastResort])] : [];
  };
  for (const route of routes) {
    const oldIds = candidatesOf(before, route);
    const newIds = candidatesOf(after, route);
    const oldEvaluator = before.policy.forTargets(oldIds);
    const newEvaluator = after.policy.forTargets(newIds);
    const targetIds = [...new Set([...oldIds, ...newIds])];
    for (const callers of space.callers) {
      for (const dataClass of space.dataClasses) {
        for (const segment of segments) {
          const context = {
            ...(callers.jurisdiction === undefined ? {} : { jurisdiction: callers.jurisdiction }),
            ...(dataClass === undefined ? {} : { dataClass }),
          };
          const oldVerdicts = new Map(
            oldEvaluator
              .evaluate({ ...before.defaults, ...context }, before.at ?? segment.at)
              .map((verdict) => [verdict.targetId, verdict]),
          );
          const newVerdicts = new Map(
            newEvaluator
              .evaluate({ ...after.defaults, ...context }, after.at ?? segment.at)
              .map((verdict) => [verdict.targetId, verdict]),
          );
          for (const targetId of targetIds) {
            const was = sideOf(oldVerdicts.get(targetId));
            const is = sideOf(newVerdicts.get(targetId));
            if (was.candidate === is.candidate && was.allowed === is.allowed) continue;
            const key = `${route}\u0000${targetId}\u0000${describeSide(was)}\u0000${describeSide(is)}`;
            let change = changes.get(key);
            if (!change) {
              change = { route, targetId, before: was, after: is, where: [] };
              changes.set(key, change);
            }
            const last = change.where[change.where.length - 1];
            if (
              last &&
              last.callers === callers &&
              last.until === segment.from &&
              last.dataClasses[0] === dataClass
            )
              change.where[change.where.length - 1] = { ...last, until: segment.until };
            else
              change.where.push({
                callers,
                dataClasses: [dataClass],
                from: segment.from,
                until: segment.until,
              });
          }
        }
      }
    }
  }
  return {
    changes: [...changes.values()].map((change) => ({ ...change, where: mergeDataClasses(change.where) })),
    dataClasses: space.dataClasses,
    atInstants,
  };
}

/** Merges entries that differ only in data class. */
function mergeDataClasses(where: PolicyChange['where'][number][]): PolicyChange['where'] {
  const merged = new Map<
    string,
    { callers: CallerClass; dataClasses: (string | undefined)[]; from: number; until: number }
  >();
  const keys = new Map<CallerClass, number>();
  for (const entry of where) {
    if (!keys.has(entry.callers)) keys.set(entry.callers, keys.size);
    const key = `${keys.get(entry.callers)}/${entry.from}/${entry.until}`;
    const found = merged.get(key);
    if (found) found.dataClasses.push(...entry.dataClasses);
    else merged.set(key, { ...entry, dataClasses: [...entry.dataClasses] });
  }
  return [...merged.values()];
}

/**
 * A verdict side as text: `allowed (default)`, `DENIED by r1, r2`,
 * `allowed by r3`, `not a candidate`.
 */
export function describeSide(side: VerdictSide): string {
  if (!side.candidate) return 'not a candidate';
  const by = side.ruleIds.length > 0 ? ` by ${side.ruleIds.join(', ')}` : ` (${side.effect ?? 'default'})`;
  return `${side.allowed ? 'allowed' : 'DENIED'}${by}`;
}
