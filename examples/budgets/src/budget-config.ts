import type { SwitchyardConfigInput } from '@switchyard/core';

/**
 * The example's config: a hosted model (OpenAI, priced), then local open
 * weights (Ollama, free), and three budgets:
 *
 * - `tenant-daily`: each tenant may spend $0.0005 a Berlin day on the hosted
 *   model (a request without a tenant is not counted here); past it,
 *   requests move on to local open weights (`reroute`);
 * - `lab-hourly`: tenant `lab` may send 2 requests an hour to any target; the
 *   third fails at once with `BudgetExceededError` (`deny`);
 * - `fleet-hourly`: the whole fleet may spend $0.001 an hour on the hosted
 *   model (shared through Redis in the second story).
 *
 * Small caps, so that a few requests of the simulators reach them.
 */
export const budgetConfig: SwitchyardConfigInput = {
  targets: [
    {
      id: 'openai-gpt',
      provider: 'openai',
      model: 'gpt-4o',
      hostedIn: 'US',
      origin: 'US',
      weights: 'closed',
      contextWindow: 128_000,
      price: { input: 2.5, output: 10 },
    },
    {
      id: 'local-llama',
      provider: 'ollama',
      model: 'llama3.2',
      hostedIn: 'self',
      origin: 'US',
      weights: 'open',
      contextWindow: 128_000,
      price: { input: 0, output: 0 },
    },
  ],
  routes: { chat: { targets: ['openai-gpt'], lastResort: ['local-llama'] } },
  callers: { tenants: ['acme', 'globex', 'lab'] },
  defaults: { context: { jurisdiction: 'DE' } },
  budgets: [
    {
      id: 'tenant-daily',
      description: 'each tenant may spend $0.0005 a Berlin day on the hosted model',
      scope: { tenant: ['*'], provider: ['openai'] },
      per: ['tenant'],
      limit: { usd: 0.0005 },
      window: { calendar: 'day', timeZone: 'Europe/Berlin' },
      // A call without maxOutputTokens is capped at 64 output tokens (less when the budget affords less).
      defaultMaxOutputTokens: 64,
      minOutputTokens: 8,
    },
    {
      id: 'lab-hourly',
      description: 'tenant lab may send 2 requests an hour',
      scope: { tenant: ['lab'] },
      limit: { requests: 2 },
      window: { rolling: '1h' },
      onExhausted: 'deny',
    },
    {
      id: 'fleet-hourly',
      description: 'the whole fleet may spend $0.001 an hour on the hosted model',
      scope: { provider: ['openai'] },
      limit: { usd: 0.001 },
      window: { rolling: '1h' },
      defaultMaxOutputTokens: 64,
      minOutputTokens: 8,
    },
  ],
};
