import type { Jurisdictions } from '@switchyard/core';

/**
 * Whether a request's caller jurisdiction is certainly within a filter's
 * jurisdiction code or group (an assertion's `where`): the same code, or every
 * country the caller may be in belongs to it. A country caller is within the
 * groups that contain it; a caller given as a group is within a group that
 * holds all its members (`EU` callers are within `EEA`, `EEA` callers are not
 * within `EU`: they may be in Norway).
 *
 * @param options.jurisdictions the config's jurisdictions (built-in and own groups).
 * @param options.filter the filter's code or group.
 * @param options.caller the request's caller jurisdiction.
 * @returns true when every caller the request may be from matches the filter.
 * @example
 * ```ts
 * callerWithin({ jurisdictions, filter: 'EEA', caller: 'EU' }); // true
 * ```
 */
export function callerWithin(options: {
  jurisdictions: Jurisdictions;
  filter: string;
  caller: string;
}): boolean {
  const { jurisdictions, filter, caller } = options;
  if (filter === caller || jurisdictions.contains(filter, caller)) return true;
  if (!jurisdictions.isGroup(caller)) return false;
  const members = jurisdictions.expand(caller);
  if (members.size === 0) return false;
  for (const member of members) if (!jurisdictions.contains(filter, member)) return false;
  return true;
}
