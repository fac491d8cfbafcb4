import type { Route } from '../../config/route-schema.js';
import type { RequestContext } from '../../context/request-context.js';
import type { CompiledPolicy } from '../compile-policy.js';
import { formatCallers, formatDataClasses, formatWindow } from './cell-phrases.js';
import { type CallerClass, policySpace, type TimeSegment } from './policy-space.js';

/** One cell of the coverage map: a route, a class of callers, a data class and a time segment. */
export interface CoverageCell {
  /** The route. */
  readonly route: string;
  /** The callers: countries the policy treats alike, a group, or no jurisdiction. */
  readonly callers: CallerClass;
  /** The data class, or `undefined` for a request with none. */
  readonly dataClass: string | undefined;
  /** The time segment. */
  readonly segment: TimeSegment;
  /** The candidates the policy allows there, in route order (empty: a dead end). */
  readonly allowed: readonly string[];
}

/** Cells without an allowed target, merged for reading. */
export interface DeadEnd {
  /** The route. */
  readonly route: string;
  /** The callers concerned. */
  readonly callers: CallerClass;
  /** The data classes concerned (`undefined`: a request with none). */
  readonly dataClasses: readonly (string | undefined)[];
  /** First instant, or -Infinity. */
  readonly from: number;
  /** First instant after, or +Infinity. */
  readonly until: number;
  /** Whether the callers include a jurisdiction the config serves (`callers.jurisdictions`). */
  readonly served: boolean;
}

/** The coverage map of a policy over its routes. */
export interface PolicyCoverage {
  /** Every cell, callers grouped into classes the policy treats alike. */
  readonly cells: readonly CoverageCell[];
  /** The dead ends, merged over time and data classes. */
  readonly deadEnds: readonly DeadEnd[];
  /** How many jurisdictions were covered: every ISO 3166-1 code, every group, and none. */
  readonly jurisdictionCount: number;
  /** The data classes covered (`undefined`: a request with none). */
  readonly dataClasses: readonly (string | undefined)[];
  /** The time segments covered. */
  readonly segments: readonly TimeSegment[];
}

/**
 * The coverage map: for every route, every caller jurisdiction (each ISO
 * 3166-1 alpha-2 code, each group, and none), every data class (and none)
 * and every time segment of the policy, which candidates the policy allows.
 * A cell with none is a dead end: those requests fail with
 * `NoEligibleTargetError` whatever the health of the targets.
 *
 * @param options.policy the compiled policy.
 * @param options.routes the config's routes (candidates and last resorts).
 * @param options.defaults the config's `defaults.context`, merged into every request as the router does.
 * @returns the map and its dead ends.
 */
export function policyCoverage(options: {
  policy: CompiledPolicy;
  routes: Readonly<Record<string, Route>>;
  defaults?: RequestContext;
}): PolicyCoverage {
  const { policy } = options;
  const space = policySpace([policy], { defaults: [options.defaults] });
  const served = servedCountries(policy);
  const cells: CoverageCell[] = [];
  const deadEnds: DeadEnd[] = [];
  for (const [name, route] of Object.entries(options.routes)) {
    const candidates = [...new Set([...route.targets, ...route.lastResort])];
    const evaluator = policy.forTargets(candidates);
    for (const callers of space.callers) {
      const dead = new Map<string | undefined, TimeSegment[]>();
      for (const dataClass of space.dataClasses) {
        const context = {
          ...options.defaults,
          ...(callers.jurisdiction === undefined ? {} : { jurisdiction: callers.jurisdiction }),
          ...(dataClass === undefined ? {} : { dataClass }),
        };
        for (const segment of space.segments) {
          const mask = evaluator.allowed(context, segment.at);
          const allowed = candidates.filter((_, index) => mask[index]);
          cells.push({ route: name, callers, dataClass, segment, allowed });
          if (allowed.length === 0) {
            const list = dead.get(dataClass);
            if (list) list.push(segment);
            else dead.set(dataClass, [segment]);
          }
        }
      }
      deadEnds.push(...mergeDeadEnds({ route: name, callers, dead, served: isServed(callers, served) }));
    }
  }
  return {
    cells,
    deadEnds,
    jurisdictionCount: space.callers.reduce((sum, entry) => sum + Math.max(1, entry.codes.length), 0),
    dataClasses: space.dataClasses,
    segments: space.segments,
  };
}

/** Dead ends of one route and caller class: time merged per data class, then data classes with equal times. */
function mergeDeadEnds(options: {
  route: string;
  callers: CallerClass;
  dead: Map<string | undefined, TimeSegment[]>;
  served: boolean;
}): DeadEnd[] {
  const byWindow = new Map<string, { from: number; until: number; dataClasses: (string | undefined)[] }>();
  for (const [dataClass, segments] of options.dead) {
    const windows: { from: number; until: number }[] = [];
    for (const segment of segments) {
      const last = windows[windows.length - 1];
      if (last && last.until === segment.from) last.until = segment.until;
      else windows.push({ from: segment.from, until: segment.until });
    }
    for (const window of windows) {
      const key = `${window.from}/${window.until}`;
      const entry = byWindow.get(key);
      if (entry) entry.dataClasses.push(dataClass);
      else byWindow.set(key, { ...window, dataClasses: [dataClass] });
    }
  }
  return [...byWindow.values()].map((entry) => ({
    route: options.route,
    callers: options.callers,
    ...entry,
    served: options.served,
  }));
}

/** The countries, groups and `unknown` the config declares it serves. */
function servedCountries(policy: CompiledPolicy): { countries: Set<string>; names: Set<string> } {
  const countries = new Set<string>();
  const names = new Set<string>();
  for (const code of policy.callers.jurisdictions ?? []) {
    names.add(code);
    if (policy.jurisdictions.isKnown(code))
      for (const country of policy.jurisdictions.expand(code)) countries.add(country);
  }
  return { countries, names };
}

function isServed(callers: CallerClass, served: { countries: Set<string>; names: Set<string> }): boolean {
  if (callers.kind === 'unknown') return served.names.has('unknown');
  if (callers.kind === 'group') return served.names.has(callers.codes[0] as string);
  return callers.codes.some((code) => served.countries.has(code));
}

/**
 * One dead end as a sentence: `route chat has no allowed target for KP
 * callers with regulated data from 2026-06-25T00:00Z`.
 */
export function formatDeadEnd(deadEnd: DeadEnd, allDataClasses: readonly (string | undefined)[]): string {
  return `route ${deadEnd.route} has no allowed target for ${formatCallers(deadEnd.callers)}${formatDataClasses(
    deadEnd.dataClasses,
    allDataClasses,
  )} ${formatWindow(deadEnd.from, deadEnd.until)}`;
}
