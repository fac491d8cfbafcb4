import type { RequestContext } from '../context/request-context.js';
import { unknownCaller } from '../jurisdiction/builtin-groups.js';
import type { Caller, CompiledCondition } from './compile-rule.js';
import { allIn, someIn } from './match-target.js';

/**
 * Whether the rule's caller conditions that key a slice (jurisdiction,
 * notJurisdiction, data class) hold: `certain` for allow rules, possibly for
 * deny and require.
 */
export function matchSliceCondition(
  condition: CompiledCondition,
  caller: Caller,
  context: RequestContext,
  certain: boolean,
): boolean {
  if (condition.jurisdiction) {
    if (caller.kind === 'unknown') {
      if (certain && !condition.jurisdiction.has(unknownCaller)) return false;
    } else if (caller.kind === 'country') {
      if (!condition.jurisdiction.has(caller.code)) return false;
    } else if (!(certain ? allIn : someIn)(caller.members, condition.jurisdiction)) return false;
  }
  if (condition.notJurisdiction) {
    if (caller.kind === 'unknown') {
      if (certain || condition.notJurisdiction.has(unknownCaller)) return false;
    } else if (caller.kind === 'country') {
      if (condition.notJurisdiction.has(caller.code)) return false;
    } else {
      const outside = certain
        ? !someIn(caller.members, condition.notJurisdiction)
        : !allIn(caller.members, condition.notJurisdiction);
      if (!outside) return false;
    }
  }
  if (condition.dataClass) {
    if (context.dataClass === undefined) {
      if (certain) return false;
    } else if (!condition.dataClass.has(context.dataClass)) return false;
  }
  return true;
}

/** Whether the rule's per-request conditions hold: tenant glob and request tags (absent means none). */
export function matchRequestCondition(condition: CompiledCondition, context: RequestContext): boolean {
  if (condition.tenant && (context.tenant === undefined || !condition.tenant(context.tenant))) return false;
  if (condition.tags) {
    const tags = context.tags;
    if (tags === undefined) return false;
    let any = false;
    for (let index = 0; index < tags.length; index++) {
      if (condition.tags.has(tags[index] as string)) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  return true;
}
