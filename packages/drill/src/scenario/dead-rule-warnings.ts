import { readableOffset } from './readable-offset.js';
import type { Scenario } from './scenario-schema.js';
import { sendingEnd } from './sending-end.js';

/**
 * Warnings for the policy rules no request of the drill can meet: a rule written in the scenario
 * (in the config's policy or a `policy` event's; a pack's rules keep the pack's own dates) whose `effective` date comes only
 * after the drill stops sending or after the next `policy` event replaces it, or whose `expires`
 * date passed before its policy took over. The drill runs (the rule is valid), but it rehearses
 * less than the scenario says: the ban a reader sees in the file is never in force. Rules that
 * expire at or before they become effective are left to `switchyard validate`'s lint.
 *
 * The drill's end is what is known before it runs ({@link sendingEnd}): the last request of an
 * evenly spaced workload, the scenario's `duration`, or the longest a drill may span.
 *
 * @param scenario the validated scenario.
 * @returns one line per rule, naming where it is written and what to change.
 * @example
 * ```ts
 * deadRuleWarnings(parsed);
 * // ['config.policy.rules[0] (later-ban): effective 2026-06-26T00:00:00Z is after ...']
 * ```
 */
export function deadRuleWarnings(scenario: Scenario): string[] {
  const startMs = Date.parse(scenario.start);
  const end = sendingEnd(scenario);
  const endMs = startMs + end.ms;
  const policies: { path: string; policy: Scenario['config']['policy']; fromMs: number }[] = [
    { path: 'config.policy', policy: scenario.config.policy, fromMs: startMs },
  ];
  scenario.timeline.forEach((event, index) => {
    if (event.type === 'policy')
      policies.push({ path: `timeline[${index}].policy`, policy: event.policy, fromMs: startMs + event.at });
  });
  policies.sort((a, b) => a.fromMs - b.fromMs);
  const warnings: string[] = [];
  policies.forEach((entry, index) => {
    const next = policies[index + 1];
    // In force from its instant until the next policy takes over (exclusive) or the last send (inclusive).
    const replaced = next !== undefined && next.fromMs <= endMs;
    const applies = (effectiveMs: number) => (replaced ? effectiveMs < next.fromMs : effectiveMs <= endMs);
    const until = replaced
      ? `not before +${readableOffset(next.fromMs - startMs)}, when ${next.path} replaces this policy`
      : `after ${end.what}, at ${new Date(endMs).toISOString().replace('.000Z', 'Z')}`;
    (entry.policy?.rules ?? []).forEach((rule, ruleIndex) => {
      const effectiveMs = rule.effective === undefined ? undefined : Date.parse(rule.effective);
      const expiresMs = rule.expires === undefined ? undefined : Date.parse(rule.expires);
      if (effectiveMs !== undefined && expiresMs !== undefined && expiresMs <= effectiveMs) return;
      const where = `${entry.path}.rules[${ruleIndex}] (${rule.id})`;
      if (effectiveMs !== undefined && !applies(effectiveMs))
        warnings.push(
          `${where}: effective ${rule.effective} is ${until}: the rule applies to no request of this drill (give an effective date inside the drill, or a later start or a longer workload)`,
        );
      else if (expiresMs !== undefined && expiresMs <= entry.fromMs)
        warnings.push(
          `${where}: expires ${rule.expires}, before ${index === 0 ? `the drill starts (${scenario.start})` : `this policy takes over at +${readableOffset(entry.fromMs - startMs)}`}: the rule applies to no request of this drill (give an expiry inside the drill, or an earlier start)`,
        );
    });
  });
  return warnings;
}
