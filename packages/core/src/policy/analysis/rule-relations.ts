import picomatch from 'picomatch';
import type { RuleFacts } from './rule-facts.js';

const subset = (inner: ReadonlySet<string>, outer: ReadonlySet<string>) =>
  [...inner].every((value) => outer.has(value));

/**
 * Whether `outer` applies to every request `inner` applies to (both as
 * their effects read conditions: deny and require "possibly", allow
 * "certainly"; `loose`: both "possibly", to compare only what they name).
 * Sufficient, not necessary: it may miss a cover, never invent one.
 */
export function conditionCovers(
  outer: RuleFacts,
  inner: RuleFacts,
  options: { loose?: boolean } = {},
): boolean {
  const outerCertain = !options.loose && outer.effect === 'allow';
  const innerCertain = !options.loose && inner.effect === 'allow';
  // A certain outer cannot cover a possible inner (e.g. unknown callers).
  if (outerCertain && !innerCertain) return false;
  if (outer.jurisdiction) {
    if (!inner.jurisdiction?.isSubsetOf(outer.jurisdiction)) return false;
    if (outerCertain && inner.namesUnknown && !outer.namesUnknown) return false;
  }
  if (outer.notJurisdiction) {
    const narrower =
      inner.notJurisdiction !== undefined &&
      outer.notJurisdiction.isSubsetOf(inner.notJurisdiction) &&
      (!outer.excludesUnknown || inner.excludesUnknown);
    const disjoint =
      inner.jurisdiction !== undefined &&
      !inner.jurisdiction.intersects(outer.notJurisdiction) &&
      (outerCertain ? !inner.namesUnknown : !outer.excludesUnknown);
    if (!narrower && !disjoint) return false;
  }
  if (outer.dataClass && (!inner.dataClass || !subset(inner.dataClass, outer.dataClass))) return false;
  if (outer.tenant && !inner.tenant?.every((glob) => outer.tenant?.includes(glob))) return false;
  if (outer.tags && (!inner.tags || !subset(inner.tags, outer.tags))) return false;
  return true;
}

/**
 * Whether some request can meet both rules' conditions. Sufficient, not
 * necessary: it says so only when such a request certainly exists.
 */
export function conditionsOverlap(first: RuleFacts, second: RuleFacts): boolean {
  if (!first.reach.intersects(second.reach)) return false;
  if (
    first.dataClass &&
    second.dataClass &&
    ![...first.dataClass].some((value) => second.dataClass?.has(value))
  )
    return false;
  if (first.tenant && second.tenant && !tenantsOverlap(first.tenant, second.tenant)) return false;
  return true;
}

function tenantsOverlap(first: readonly string[], second: readonly string[]): boolean {
  for (const a of first) {
    for (const b of second) {
      if (a === b) return true;
      if (!picomatch.scan(b).isGlob && picomatch(a)(b)) return true;
      if (!picomatch.scan(a).isGlob && picomatch(b)(a)) return true;
    }
  }
  return false;
}

/** Whether `outer`'s window contains `inner`'s. */
export function windowCovers(outer: RuleFacts, inner: RuleFacts): boolean {
  return outer.from <= inner.from && outer.until >= inner.until;
}

/** Whether the two windows share an instant. */
export function windowsOverlap(first: RuleFacts, second: RuleFacts): boolean {
  return Math.max(first.from, second.from) < Math.min(first.until, second.until);
}
