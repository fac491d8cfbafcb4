import type { RequestContext } from '../../context/request-context.js';
import { countryCodes } from '../../jurisdiction/country-codes.js';
import { compareText } from '../../text/compare-text.js';
import { type CompiledPolicy, policyInternals } from '../compile-policy.js';

/** Callers that get the same verdicts everywhere: a set of equivalent countries, a group, or no jurisdiction. */
export interface CallerClass {
  /** `countries`, `group` (a caller given as a group), or `unknown` (no jurisdiction). */
  readonly kind: 'countries' | 'group' | 'unknown';
  /** The jurisdiction evaluated for the class: one of its countries, the group, or none. */
  readonly jurisdiction: string | undefined;
  /** The countries of the class (for `countries`), or the group name. */
  readonly codes: readonly string[];
}

/** A stretch of time in which no rule starts or stops applying. */
export interface TimeSegment {
  /** First instant (epoch ms), or -Infinity. */
  readonly from: number;
  /** First instant after it, or +Infinity. */
  readonly until: number;
  /** The instant evaluated for the segment. */
  readonly at: number;
}

/** The dimensions the coverage map and the diff walk: caller classes, data classes and time segments. */
export interface PolicySpace {
  /** The caller classes: countries alike, each group, and no jurisdiction. */
  readonly callers: readonly CallerClass[];
  /** Declared data classes, then `undefined` for a request with none (unless every config gives a default). */
  readonly dataClasses: readonly (string | undefined)[];
  /** The time segments, cut at every `effective` and `expires`. */
  readonly segments: readonly TimeSegment[];
}

/**
 * Splits every caller jurisdiction (every ISO 3166-1 alpha-2 code, every
 * group, and none), every data class and all of time into the fewest cases
 * the given policies can tell apart: countries that every rule's
 * jurisdiction conditions treat alike form one class; time is cut at every
 * `effective` and `expires`. A request always carries what the config's
 * `defaults.context` fills in: with a default data class there is no
 * request without one, with a default jurisdiction no caller without one.
 *
 * @param policies one policy (coverage) or two (diff).
 * @param options.defaults the default context of each config (the router merges it into every request).
 */
export function policySpace(
  policies: readonly CompiledPolicy[],
  options: { defaults?: readonly (RequestContext | undefined)[] } = {},
): PolicySpace {
  const defaults = options.defaults ?? [];
  const noDataClass = defaults.length === 0 || defaults.some((context) => context?.dataClass === undefined);
  const noJurisdiction =
    defaults.length === 0 || defaults.some((context) => context?.jurisdiction === undefined);
  const sets: ReadonlySet<string>[] = [];
  const instants = new Set<number>();
  const groups = new Set<string>();
  const dataClasses = new Set<string>();
  for (const policy of policies) {
    for (const rule of policyInternals(policy).rules) {
      if (rule.when.jurisdiction) sets.push(rule.when.jurisdiction);
      if (rule.when.notJurisdiction) sets.push(rule.when.notJurisdiction);
      if (Number.isFinite(rule.from)) instants.add(rule.from);
      if (Number.isFinite(rule.until)) instants.add(rule.until);
    }
    for (const name of policy.jurisdictions.groupNames) groups.add(name);
    for (const dataClass of policy.callers.dataClasses) dataClasses.add(dataClass);
  }
  const bySignature = new Map<string, string[]>();
  for (const code of [...countryCodes].sort()) {
    let signature = '';
    for (let index = 0; index < sets.length; index++)
      signature += (sets[index] as ReadonlySet<string>).has(code) ? '1' : '0';
    const members = bySignature.get(signature);
    if (members) members.push(code);
    else bySignature.set(signature, [code]);
  }
  const callers: CallerClass[] = [...bySignature.values()]
    .sort((a, b) => a.length - b.length || compareText(a[0] as string, b[0] as string))
    .map((codes) => ({ kind: 'countries', jurisdiction: codes[0], codes }));
  for (const group of groups) callers.push({ kind: 'group', jurisdiction: group, codes: [group] });
  if (noJurisdiction) callers.push({ kind: 'unknown', jurisdiction: undefined, codes: [] });
  const breakpoints = [...instants].sort((a, b) => a - b);
  const segments: TimeSegment[] = [];
  let from = Number.NEGATIVE_INFINITY;
  for (const instant of breakpoints) {
    segments.push({ from, until: instant, at: instant - 1 });
    from = instant;
  }
  segments.push({
    from,
    until: Number.POSITIVE_INFINITY,
    at: Number.isFinite(from) ? from : Date.UTC(2026, 0, 1),
  });
  return { callers, dataClasses: noDataClass ? [...dataClasses, undefined] : [...dataClasses], segments };
}
