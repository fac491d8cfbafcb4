import type { PolicyInput, SwitchyardConfigInput, TargetInput } from '@switchyard/core';

/** Four targets: two hosted in the US, one in the EU with a small window, local open weights. */
export const replayTargets: TargetInput[] = [
  {
    id: 'alpha',
    provider: 'openai',
    model: 'gpt-5.4',
    hostedIn: 'US',
    origin: 'US',
    weights: 'closed',
    contextWindow: 100_000,
    capabilities: ['tools', 'json'],
    price: { input: 2, output: 10 },
    tags: ['frontier'],
  },
  {
    id: 'beta',
    provider: 'anthropic',
    model: 'claude-sonnet-5',
    hostedIn: 'US',
    origin: 'US',
    weights: 'closed',
    contextWindow: 200_000,
    capabilities: ['tools', 'json'],
    price: { input: 3, output: 15 },
  },
  {
    id: 'gamma',
    provider: 'mistral',
    model: 'mistral-large',
    hostedIn: 'FR',
    origin: 'FR',
    weights: 'open',
    contextWindow: 1_000,
    capabilities: ['json'],
    price: { input: 1, output: 3 },
  },
  {
    id: 'local',
    provider: 'ollama',
    model: 'llama4',
    hostedIn: 'self',
    origin: 'US',
    weights: 'open',
    contextWindow: 400_000,
    capabilities: ['tools', 'json'],
    price: { input: 0, output: 0 },
  },
];

/** The day before the control: EU data residency only. */
export const policyBefore: PolicyInput = { id: 'before', packs: ['eu-data-residency'] };

/** From 2026-06-25: the export control, and CN/RU callers served on premises only. */
export const policyAfter: PolicyInput = {
  id: 'after',
  packs: ['eu-data-residency', 'us-export-control-2026'],
  rules: [
    {
      id: 'acme/on-premises',
      description: 'CN and RU callers are served on premises.',
      source: 'test',
      effect: 'require',
      when: { jurisdiction: ['CN', 'RU'] },
      targets: { hostedIn: ['self'] },
    },
  ],
};

/** A config over {@link replayTargets}: route `chat` (alpha, beta, gamma, then local) with `strategy`. */
export function replayConfig(
  options: {
    strategy?: 'priority' | 'cheapest' | 'fastest' | 'weighted' | 'least-busy';
    policy?: PolicyInput;
  } = {},
): SwitchyardConfigInput {
  return {
    targets: replayTargets,
    routes: {
      chat: {
        targets: ['alpha', 'beta', 'gamma'],
        lastResort: ['local'],
        strategy: options.strategy ?? 'priority',
        ...(options.strategy === 'weighted' ? { weights: { alpha: 3, beta: 2, gamma: 1 } } : {}),
      },
    },
    policy: options.policy ?? policyBefore,
    defaults: { context: { jurisdiction: 'US', dataClass: 'internal' } },
  };
}
