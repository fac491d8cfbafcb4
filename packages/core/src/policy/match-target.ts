import type { Target } from '../target/target-schema.js';
import type { CompiledPredicate } from './compile-rule.js';

/**
 * Whether a set-valued attribute `values` (where a target is hosted, what a
 * caller's jurisdiction may be) is inside `allowed`: `possible` when some
 * member is, `certain` when every member is.
 */
export function someIn(values: ReadonlySet<string>, allowed: ReadonlySet<string>): boolean {
  for (const value of values) if (allowed.has(value)) return true;
  return false;
}
/** Whether every member of `values` is in `allowed` (and there is at least one). */
export function allIn(values: ReadonlySet<string>, allowed: ReadonlySet<string>): boolean {
  for (const value of values) if (!allowed.has(value)) return false;
  return values.size > 0;
}

/** Whether the target matches the predicate: `certain` (every reading) or possibly (some reading). */
export function matchTarget(
  predicate: CompiledPredicate,
  target: Target,
  hosted: ReadonlySet<string>,
  origin: ReadonlySet<string>,
  certain: boolean,
): boolean {
  if (predicate.id && !predicate.id(target.id)) return false;
  if (predicate.provider && !predicate.provider.has(target.provider)) return false;
  if (predicate.model && !predicate.model(target.model)) return false;
  if (predicate.weights && predicate.weights !== target.weights) return false;
  if (predicate.licence && !predicate.licence.has(target.licence)) return false;
  if (
    predicate.capability &&
    !predicate.capability.every((capability) => target.capabilities.includes(capability as never))
  )
    return false;
  if (predicate.tags && !target.tags.some((tag) => predicate.tags?.has(tag))) return false;
  const inSet = certain ? allIn : someIn;
  if (predicate.hostedIn && !inSet(hosted, predicate.hostedIn)) return false;
  if (predicate.notHostedIn) {
    // "hosted in none of N": certain when no member is in N, possible when some member is outside N.
    const outside = certain ? !someIn(hosted, predicate.notHostedIn) : !allIn(hosted, predicate.notHostedIn);
    if (!outside) return false;
  }
  if (predicate.origin && !inSet(origin, predicate.origin)) return false;
  return true;
}
