import type { ScenarioInput } from '../scenario/scenario-schema.js';

/** The policy rule of the fixture's `policy` event: frontier models denied to CN and RU callers. */
export const exportControlPolicy = {
  id: 'after-export-control',
  rules: [
    {
      id: 'export/frontier',
      description: 'Frontier models may not serve CN or RU callers',
      source: 'test',
      effect: 'deny' as const,
      when: { jurisdiction: ['CN', 'RU'] },
      targets: { tags: ['frontier'] },
    },
  ],
};

/** A small scenario: a frontier hosted target, an EU hosted one, local open weights. */
export function fixtureScenario(overrides: Partial<ScenarioInput> = {}): ScenarioInput {
  return {
    name: 'fixture',
    start: '2026-06-25T09:00:00Z',
    timeScale: 1,
    config: {
      targets: [
        {
          id: 'frontier-us',
          provider: 'openai',
          model: 'gpt-frontier',
          hostedIn: 'US',
          origin: 'US',
          weights: 'closed',
          capabilities: ['tools', 'streaming'],
          contextWindow: 128_000,
          price: { input: 2, output: 8 },
          tags: ['frontier'],
        },
        {
          id: 'claude-eu',
          provider: 'anthropic',
          model: 'claude-eu',
          hostedIn: 'DE',
          origin: 'US',
          weights: 'closed',
          capabilities: ['tools', 'streaming'],
          contextWindow: 128_000,
          price: { input: 3, output: 15 },
        },
        {
          id: 'llama-local',
          provider: 'ollama',
          model: 'llama-local',
          hostedIn: 'self',
          origin: 'US',
          weights: 'open',
          capabilities: ['tools', 'streaming'],
          contextWindow: 128_000,
          price: { input: 0, output: 0 },
        },
      ],
      routes: { chat: { targets: ['frontier-us', 'claude-eu'], lastResort: ['llama-local'] } },
    },
    workload: {
      route: 'chat',
      rate: 10,
      total: 60,
      mix: { jurisdictions: { US: 2, DE: 1, CN: 1, RU: 1 }, dataClasses: { internal: 3, regulated: 1 } },
      streaming: 0.5,
    },
    timeline: [
      { at: '2s', type: 'policy', label: 'export control', policy: exportControlPolicy },
      // The provider also blocks DE, which the export control leaves alone: DE requests meet the
      // block, so the cut-off assertions have something to check (CN and RU are denied by policy).
      {
        at: '2s',
        type: 'cutoff',
        target: 'frontier-us',
        signal: 'region_block',
        callers: ['CN', 'RU', 'DE'],
      },
      { at: '4s', type: 'outage', provider: 'anthropic', duration: '1s', status: 503 },
    ],
    assertions: [
      { type: 'success-rate', min: 0.99 },
      { type: 'no-denied-attempts' },
      { type: 'no-attempts-after-cutoff' },
      { type: 'wasted-attempts-per-cutoff', max: 4 },
      { type: 'all-accounted' },
      { type: 'fallback-depth', max: 2 },
      { type: 'cost', maxUsd: 1 },
    ],
    ...overrides,
  };
}

/**
 * The fixture with its local target (`llama-local`) run in-process by llama.cpp from `model`
 * (relative to the drill's folder), its hosted targets cut off at once: every request is served,
 * or failed, by the local model. `overrides` replace whole fields, as in {@link fixtureScenario}.
 */
export function inProcessFixtureScenario(
  model: string,
  overrides: Partial<ScenarioInput> = {},
): ScenarioInput {
  const base = fixtureScenario();
  const targets = base.config.targets.map((target) =>
    target.id === 'llama-local' ? { ...target, provider: 'llama-cpp', model, contextWindow: 2048 } : target,
  );
  return fixtureScenario({
    config: { ...base.config, targets },
    workload: { route: 'chat', rate: 10, total: 12, mix: { jurisdictions: { US: 1, DE: 1 } } },
    timeline: [
      { at: '0ms', type: 'cutoff', target: 'frontier-us', signal: 'model_withdrawn' },
      { at: '0ms', type: 'cutoff', target: 'claude-eu', signal: 'model_withdrawn' },
    ],
    assertions: [{ type: 'all-accounted' }],
    ...overrides,
  });
}
