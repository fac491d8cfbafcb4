import { compareText } from '@switchyard/core';
import type { PolicyTimeline } from '../assertions/policy-timeline.js';
import type { DrillEvent } from '../run/drill-progress.js';

/**
 * The instants inside a drill at which a rule's `effective` or `expires`
 * date passes, as events (source `policy`): only rules of the policy in
 * force at that instant, once per rule and instant. A ban that becomes
 * effective mid-drill shows on the timeline even without a `policy` event. A
 * rule that expires at or before it becomes effective never applies (a
 * `switchyard validate` warning): its dates are not listed.
 *
 * @param options.policy the drill's policy timeline.
 * @param options.startMs epoch ms of offset 0.
 * @param options.endMs epoch ms of the drill's end (events after it are left out).
 * @returns the events, by offset.
 */
export function ruleDateEvents(options: {
  policy: PolicyTimeline;
  startMs: number;
  endMs: number;
}): DrillEvent[] {
  const { policy, startMs, endMs } = options;
  const seen = new Set<string>();
  const events: DrillEvent[] = [];
  for (const change of policy.changes) {
    for (const rule of change.policy.policy.rules) {
      // A rule that expires at or before it becomes effective never applies: neither date changes anything.
      if (
        rule.effective !== undefined &&
        rule.expires !== undefined &&
        Date.parse(rule.expires) <= Date.parse(rule.effective)
      )
        continue;
      for (const [field, verb] of [
        ['effective', 'becomes effective'],
        ['expires', 'expires'],
      ] as const) {
        const value = rule[field];
        if (value === undefined) continue;
        const at = Date.parse(value);
        if (!(at > startMs && at <= endMs)) continue;
        const key = `${rule.id}@${field}@${at}`;
        if (seen.has(key)) continue;
        const inForce = policy
          .at(at)
          .policy.rules.some((candidate) => candidate.id === rule.id && candidate[field] === value);
        if (!inForce) continue;
        seen.add(key);
        events.push({
          atMs: at - startMs,
          source: 'policy',
          description: `rule ${rule.id} ${verb} (${value})`,
        });
      }
    }
  }
  return events.sort((a, b) => a.atMs - b.atMs || compareText(a.description, b.description));
}
