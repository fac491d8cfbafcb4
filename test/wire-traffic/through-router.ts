import type { LanguageModelV4 } from '@ai-sdk/provider';
import { createRouter } from '@switchyard/router';

/**
 * `model` behind a router with one route and one target (allowed, healthy,
 * no retries): what the app calls. The router must hand the adapter's answer
 * on unchanged in substance.
 */
export function throughRouter(model: LanguageModelV4): LanguageModelV4 {
  const router = createRouter({
    config: {
      targets: [
        {
          id: 'only',
          provider: model.provider,
          model: model.modelId,
          hostedIn: 'US',
          origin: 'US',
          weights: 'closed',
          contextWindow: 100_000,
          capabilities: ['tools', 'json'],
          tags: [],
        },
      ],
      routes: { chat: { targets: ['only'] } },
      defaults: { context: { jurisdiction: 'US', dataClass: 'internal' } },
    },
    models: { only: model },
    health: { maxRetries: 0 },
  });
  return router.languageModel('chat');
}
