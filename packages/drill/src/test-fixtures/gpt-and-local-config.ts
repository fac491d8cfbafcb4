import type { ScenarioInput } from '../scenario/scenario-schema.js';

const target = {
  hostedIn: 'US',
  origin: 'US',
  weights: 'closed' as const,
  capabilities: ['tools' as const, 'streaming' as const],
  contextWindow: 128_000,
  price: { input: 2.5, output: 10 },
};

/** The fleet tests' config: a hosted `gpt` target, and a self-hosted open `local` one as its last resort. */
export const gptAndLocalConfig: ScenarioInput['config'] = {
  targets: [
    { id: 'gpt', provider: 'openai', model: 'gpt-4o', ...target },
    { id: 'local', provider: 'ollama', model: 'llama4', ...target, hostedIn: 'self', weights: 'open' },
  ],
  routes: { chat: { targets: ['gpt'], lastResort: ['local'] } },
};
