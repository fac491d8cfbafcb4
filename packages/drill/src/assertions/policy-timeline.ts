import { type CompiledPolicy, compileConfigPolicy, type SwitchyardConfig } from '@switchyard/core';
import type { Scenario } from '../scenario/scenario-schema.js';

/** The policy in force at any instant of a drill, compiled independently of the router. */
export interface PolicyTimeline {
  /** The compiled policy in force at `instant` (epoch ms). */
  at(instant: number): CompiledPolicy;
  /** Every compiled policy of the drill (the config's, then each `policy` event's), with the instant it takes over. */
  readonly changes: readonly { readonly at: number; readonly policy: CompiledPolicy }[];
}

/**
 * Compiles the config's policy and every `policy` event of the timeline, so
 * assertions can re-evaluate each record at its own instant without trusting
 * the router's verdicts.
 *
 * @param options.config the drilled config.
 * @param options.timeline the scenario's timeline.
 * @param options.startMs epoch ms of the drill's offset 0.
 */
export function createPolicyTimeline(options: {
  config: SwitchyardConfig;
  timeline: Scenario['timeline'];
  startMs: number;
}): PolicyTimeline {
  const compile = (policy: SwitchyardConfig['policy']) =>
    compileConfigPolicy({ config: options.config, policy });
  const changes: { at: number; policy: CompiledPolicy }[] = [
    { at: -Infinity, policy: compile(options.config.policy) },
  ];
  for (const event of options.timeline) {
    if (event.type === 'policy')
      changes.push({ at: options.startMs + event.at, policy: compile(event.policy) });
  }
  changes.sort((a, b) => a.at - b.at);
  return {
    changes,
    at(instant) {
      let current = changes[0] as (typeof changes)[number];
      for (const change of changes) {
        if (change.at <= instant) current = change;
        else break;
      }
      return current.policy;
    },
  };
}
