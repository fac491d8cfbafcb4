/** A small valid config the corpus mutates: two hosted targets, local weights, two routes, a policy. */
export function baseConfig(): Record<string, unknown> {
  return {
    targets: [
      {
        id: 'openai-gpt',
        provider: 'openai',
        model: 'gpt-5.4',
        hostedIn: 'US',
        origin: 'US',
        weights: 'closed',
        licence: 'proprietary',
        capabilities: ['tools', 'json'],
        contextWindow: 400000,
        maxOutputTokens: 128000,
        price: { input: 1, output: 2 },
        tags: ['frontier'],
      },
      {
        id: 'eu-mistral',
        provider: 'mistral',
        model: 'mistral-large',
        hostedIn: 'FR',
        origin: 'FR',
        weights: 'open',
        licence: 'Apache-2.0',
        contextWindow: 128000,
      },
      {
        id: 'local-llama',
        provider: 'ollama',
        model: 'llama4',
        hostedIn: 'self',
        origin: 'US',
        weights: 'open',
        contextWindow: 128000,
      },
    ],
    routes: {
      chat: { targets: ['openai-gpt', 'eu-mistral'], strategy: 'priority', lastResort: ['local-llama'] },
      bulk: {
        targets: ['openai-gpt', 'eu-mistral'],
        strategy: 'weighted',
        weights: { 'openai-gpt': 1, 'eu-mistral': 2 },
      },
    },
    groups: { RESTRICTED: ['CN', 'RU'] },
    callers: {
      jurisdictions: ['US', 'EU'],
      dataClasses: ['public', 'internal', 'regulated'],
      tenants: ['acme', 'gov-de'],
    },
    policy: {
      id: 'corpus',
      defaultEffect: 'allow',
      unknownJurisdiction: 'restricted',
      packs: ['eu-data-residency'],
      rules: [
        {
          id: 'acme/frontier',
          description: 'Frontier models may not serve restricted callers.',
          source: 'corpus',
          effect: 'deny',
          effective: '2026-06-25T00:00:00Z',
          expires: '2027-06-25T00:00:00Z',
          when: {
            jurisdiction: ['RESTRICTED'],
            notJurisdiction: ['US'],
            dataClass: ['internal'],
            tenant: ['gov-*'],
            tags: ['batch'],
          },
          targets: {
            id: ['openai-*'],
            provider: ['openai'],
            model: ['gpt-5*'],
            hostedIn: ['US'],
            notHostedIn: ['FR'],
            origin: ['US'],
            weights: 'closed',
            licence: ['proprietary'],
            capability: ['tools'],
            tags: ['frontier'],
          },
        },
      ],
    },
    defaults: { context: { jurisdiction: 'US', dataClass: 'internal', tenant: 'acme', tags: ['batch'] } },
  };
}

/** Sets `value` at `path` inside a copy of `root` (creating nothing: the path's parent must exist). */
export function withValue(root: unknown, path: readonly (string | number)[], value: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return copy;
}
