import type { SwitchyardConfigInput, TargetInput } from '@switchyard/core';

/**
 * A small catalog for router tests: two hosted targets, an EU one, and local
 * open weights. All but gamma declare `streaming` (gamma's generate calls go
 * as `doGenerate`).
 */
export const testTargets: TargetInput[] = [
  {
    id: 'alpha',
    provider: 'openai',
    model: 'gpt-5.4',
    hostedIn: 'US',
    origin: 'US',
    weights: 'closed',
    contextWindow: 100_000,
    capabilities: ['tools', 'json', 'streaming'],
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
    capabilities: ['tools', 'json', 'streaming'],
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
    capabilities: ['tools', 'json', 'streaming'],
    price: { input: 0, output: 0 },
  },
];

/** A config over {@link testTargets}: route `chat` tries alpha, beta, gamma, then local. */
export function testConfig(overrides: Partial<SwitchyardConfigInput> = {}): SwitchyardConfigInput {
  return {
    targets: testTargets,
    routes: { chat: { targets: ['alpha', 'beta', 'gamma'], lastResort: ['local'] } },
    defaults: { context: { jurisdiction: 'US', dataClass: 'internal' } },
    ...overrides,
  };
}
